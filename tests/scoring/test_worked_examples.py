"""Worked examples: each component of the criterion, from the shipped catalogue's thresholds.

Each test names the rule it checks (methodology, criterion code, rule) in its name and
docstring. The 876 template's field 1 (dept-template-876):
  1.1 plan issued        timeliness  on time 1 / late 0.5 / missing 0
  1.2 plan completion    rate_bands  > 90% → 2; ≥ 70% → 1; else 0
  1.3 tasks on time      proportional 1.5 × rate when rate ≥ 50%, else 0
  1.4 periodic reports   all_of      every report due so far on time → 1, else 0
  1.5 inspection cover.  rate_bands  ≥ 50% → 1; ≥ 30% → 0.5; else 0
  1.6 findings remedied  rate_bands  ≥ 100% → 1; ≥ 70% → 0.5; else 0; none → full if inspected
  1.7, 1.8 manual; 1.9 survey
Cà Mau 1880/2013 (verified): 1.1.1 timeliness, 1.1.4 rate_bands > 90% / 70–90%, 1.2.1 all_of.
"""
import datetime
from decimal import Decimal

import pytest

from tests.factories.accounts import OfficeFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task
from backend.scoring import rules
from backend.scoring.measures import MEASURES
from backend.scoring.selectors import criterion_score
from workflows.services import run_transition

from .conftest import YEAR, d, local_dt

pytestmark = pytest.mark.django_db


def component(world, code, *, as_of=d(7, 1), year=YEAR, **kwargs):
    result = criterion_score(world.agency, year, as_of=as_of, **kwargs)
    return result.component(code)


# --- 1.1 plan issued (timeliness) ------------------------------------------------------------

def _plan(world, **kwargs):
    return ReformPlanFactory(agency=world.agency, year=YEAR, issue_deadline=d(12, 31, YEAR - 1), **kwargs)


def test_1_1_timeliness_approved_on_the_deadline_day_is_on_time(world, template):
    """876 1.1 timeliness: approved on the deadline itself → on time, 1 point."""
    _plan(world, state="approved", approved_at=local_dt(d(12, 31, YEAR - 1), 23, 30))
    c = component(world, "1.1")
    assert (c.measurement.value, c.points) == ("on_time", Decimal("1.00"))


def test_1_1_timeliness_approved_the_day_after_the_deadline_is_late(world, template):
    """876 1.1 timeliness: approved the day after the deadline → late, 0.5 points.

    00:30 in Hà Nội on 1 January is still 31 December in UTC: the local date decides.
    """
    _plan(world, state="approved", approved_at=local_dt(d(1, 1), 0, 30))
    c = component(world, "1.1")
    assert (c.measurement.value, c.points) == ("late", Decimal("0.50"))


def test_1_1_timeliness_plan_not_approved_or_absent_is_missing(world, template):
    """876 1.1 timeliness: no approved plan → missing, 0 points (draft and no plan alike)."""
    assert component(world, "1.1").points == 0  # no plan at all
    _plan(world)  # a draft
    c = component(world, "1.1")
    assert (c.measurement.value, c.points) == ("missing", Decimal("0.00"))


def test_camau_1_1_1_timeliness_late_plan(world, camau):
    """Cà Mau 1.1.1 timeliness (verified table): issued late → 0.5 of 1."""
    _plan(world, state="approved", approved_at=local_dt(d(2, 15)))
    result = criterion_score(world.agency, YEAR, as_of=d(7, 1))
    assert result.component("1.1.1").points == Decimal("0.50")
    assert result.max_points == Decimal("20.00")


# --- 1.2 plan completion rate (rate_bands) -------------------------------------------------------

@pytest.mark.parametrize(("done", "total", "expected"), [
    (10, 11, "2.00"),  # 90.9%: above 90%
    (9, 10, "1.00"),   # exactly 90%: the top band is "above 90%" (exclusive) → 1
    (7, 10, "1.00"),   # exactly 70%: the middle band includes its edge → 1
    (69, 100, "0.00"), # 69%: just below 70% → 0
])
def test_1_2_rate_bands_plan_completion_band_edges(world, tasks, done, total, expected):
    """876 1.2 rate_bands (> 90% → 2; ≥ 70% → 1; else 0) at and just below each band edge."""
    tasks(done, outcome="done_on_time")
    tasks(total - done, outcome="open", due=d(12, 1))
    c = component(world, "1.2")
    assert c.measurement.value == (Decimal(done) / Decimal(total)).quantize(Decimal("0.0001"))
    assert c.points == Decimal(expected)


def test_camau_1_1_4_rate_bands_completion_exactly_90_percent(world, camau):
    """Cà Mau 1.1.4 rate_bands (verified: above 90% 2; 70%–90% 1): exactly 90% → 1."""
    plan = _plan(world, state="approved", approved_at=local_dt(d(12, 1, YEAR - 1)))
    from .conftest import TaskMaker
    make = TaskMaker(plan, camau.c["1"], world.office_a)
    make(9, outcome="done_on_time")
    make(1, outcome="open", due=d(12, 1))
    assert criterion_score(world.agency, YEAR, as_of=d(7, 1)).component("1.1.4").points == Decimal("1.00")


def test_1_2_rate_bands_cancelled_tasks_do_not_count(world, tasks):
    """876 1.2 rate_bands: cancelled tasks count neither way (9 done, 1 open, 5 cancelled = 90%)."""
    tasks(9, outcome="done_on_time")
    tasks(1, outcome="open", due=d(12, 1))
    tasks(5, outcome="cancelled")
    c = component(world, "1.2")
    assert (c.measurement.total, c.measurement.value, c.points) == (10, Decimal("0.9"), Decimal("1.00"))


def test_1_2_rate_bands_done_late_is_done_and_reports_are_not_plan_tasks(world, tasks):
    """876 1.2 rate_bands: a task done late is completed; report tasks are not counted here."""
    tasks(10, outcome="done_late")
    tasks(3, outcome="open", kind="report", due=d(12, 1))
    c = component(world, "1.2")
    assert (c.measurement.value, c.points) == (Decimal(1), Decimal("2.00"))


# --- 1.3 tasks on time (proportional above a floor) ---------------------------------------------------

def test_1_3_proportional_exactly_at_the_floor(world, tasks):
    """876 1.3 proportional (1.5 × rate if rate ≥ 50%): exactly 50% → 0.75."""
    tasks(1, outcome="done_on_time")
    tasks(1, outcome="done_late")
    c = component(world, "1.3")
    assert (c.measurement.value, c.points) == (Decimal("0.5"), Decimal("0.75"))


def test_1_3_proportional_just_below_the_floor(world, tasks):
    """876 1.3 proportional: 49% (below the 50% floor) → 0, not 1.5 × 0.49."""
    tasks(49, outcome="done_on_time")
    tasks(51, outcome="open", due=d(6, 1))  # overdue on 1 July
    c = component(world, "1.3")
    assert (c.measurement.value, c.points) == (Decimal("0.49"), Decimal("0.00"))


def test_1_3_proportional_open_tasks_within_their_term_are_pending(world, tasks):
    """876 1.3 proportional: open tasks not yet due count neither for nor against."""
    tasks(3, outcome="done_on_time")
    tasks(1, outcome="open", due=d(6, 30))   # overdue on 1 July
    tasks(6, outcome="open", due=d(9, 30))   # within term
    tasks(4, outcome="cancelled", due=d(1, 31))  # cancelled: never against
    c = component(world, "1.3")
    m = c.measurement
    assert (m.counted, m.against, m.pending, m.value) == (3, 1, 6, Decimal("0.75"))
    assert c.points == Decimal("1.13")  # 1.5 × 0.75 = 1.125, rounded half up


def test_1_3_proportional_nothing_due_yet_gives_no_points(world, tasks):
    """876 1.3 proportional: no task done or past due → nothing to measure → 0 (the default)."""
    tasks(5, outcome="open", due=d(12, 1))
    c = component(world, "1.3")
    assert (c.measurement.value, c.points) == (None, Decimal("0.00"))


def test_1_3_proportional_an_extension_after_the_term_does_not_launder_the_task(world, tasks, template):
    """876 1.3 proportional: a task extended after it became overdue stays late (par-index-
    method.md §9): done by the new date it is done late → rate 0 / 1 = 0% < 50% → 0 points."""
    from tests.factories.accounts import UserFactory

    officer = UserFactory(username="doer", role="officer", office=world.office_a, agency=world.agency)
    today = datetime.date.today()
    plan = world.plan  # this year's plan: the workflow judges against the real today
    # Ten days before today: its term (even moved off a day off) ended before today.
    task = Task.objects.create(plan=plan, code="X1", title="Gia hạn", field=template.c["1"],
                               lead_office=world.office_a, assignee=officer, due_date=today - datetime.timedelta(days=10),
                               state="in_progress", expected_output="Báo cáo", source="chairman")
    year = plan.year
    assert criterion_score(world.agency, year).component("1.3").measurement.against == 1  # overdue

    task = run_transition(task, "extend", actor=world.head, due_date=today + datetime.timedelta(days=10),
                          reason="Chờ ý kiến của Sở Nội vụ")
    m = criterion_score(world.agency, year).component("1.3").measurement
    assert (m.against, m.pending) == (1, 0)  # still overdue, not pending

    task = run_transition(task, "submit", actor=officer, result_note="Đã xong")
    run_transition(task, "approve", actor=world.head)
    c = criterion_score(world.agency, year).component("1.3")
    assert (c.measurement.counted, c.measurement.against, c.points) == (0, 1, Decimal("0.00"))


# --- 1.4 periodic reports (all_of) --------------------------------------------------------------

def _report(tasks, code, outcome, due):
    return tasks(1, outcome=outcome, kind="report", due=due, code=f"BC-{code}")


def test_1_4_all_of_reports_due_so_far_all_on_time(world, tasks):
    """876 1.4 all_of: Q1 and H1 done on time, Q3 and year not due yet (1 July) → 1."""
    _report(tasks, "Q1", "done_on_time", d(3, 20))
    _report(tasks, "H1", "done_on_time", d(6, 20))
    _report(tasks, "Q3", "open", d(9, 20))
    _report(tasks, "Y", "open", d(12, 20))
    c = component(world, "1.4")
    assert (c.measurement.counted, c.measurement.against, c.measurement.pending) == (2, 0, 2)
    assert c.points == Decimal("1.00")


def test_1_4_all_of_one_late_report_loses_the_point(world, tasks):
    """876 1.4 all_of: one report done late → 0, whatever the others."""
    _report(tasks, "Q1", "done_on_time", d(3, 20))
    _report(tasks, "H1", "done_late", d(6, 20))
    assert component(world, "1.4").points == Decimal("0.00")


def test_1_4_all_of_a_due_report_with_no_task_is_missing(world, tasks):
    """876 1.4 all_of: the H1 report was due on 20 June and does not exist → missing → 0."""
    _report(tasks, "Q1", "done_on_time", d(3, 20))
    c = component(world, "1.4")
    assert (c.measurement.against, c.points) == (1, Decimal("0.00"))
    assert component(world, "1.4", as_of=d(6, 20)).points == Decimal("1.00")  # due today: not late yet


def test_1_4_all_of_a_cancelled_report_does_not_waive_it(world, tasks):
    """876 1.4 all_of: cancelling the Q1 report task leaves the Q1 report missing once due."""
    _report(tasks, "Q1", "cancelled", d(3, 20))
    c = component(world, "1.4", as_of=d(4, 1))
    assert (c.measurement.against, c.points) == (1, Decimal("0.00"))


def test_1_4_all_of_nothing_due_yet(world, tasks):
    """876 1.4 all_of: before the first due date nothing has been sent → no points yet."""
    _report(tasks, "Q1", "open", d(3, 20))
    c = component(world, "1.4", as_of=d(2, 1))
    assert (c.measurement.value, c.measurement.pending, c.points) == (None, 1, Decimal("0.00"))


def test_camau_1_2_1_all_of_uses_the_national_schedule(world, camau):
    """Cà Mau 1.2.1 all_of lists no reports: the national dates (581/BNV-CCHC) apply."""
    _plan(world, state="approved", approved_at=local_dt(d(12, 1, YEAR - 1)))
    m = criterion_score(world.agency, YEAR, as_of=d(10, 1)).component("1.2.1").measurement
    assert m.against == 3  # Q1, H1 and Q3 were due by 1 October, none exists


# --- 1.5 inspection coverage (rate_bands) ---------------------------------------------------------

def test_1_5_rate_bands_no_inspections_at_all(world, template, year_plan):
    """876 1.5 rate_bands: no inspection in the year → 0% → 0 points."""
    c = component(world, "1.5")
    assert (c.measurement.value, c.measurement.against, c.points) == (Decimal(0), 2, Decimal("0.00"))


def test_1_5_rate_bands_exactly_half_the_offices(world, template, year_plan, inspection):
    """876 1.5 rate_bands: 1 of 2 offices = 50%, the inclusive top edge → 1."""
    inspection([world.office_a])
    inspection([world.office_a], state="reported", start=d(6, 1))  # the same office twice: still one
    c = component(world, "1.5")
    assert (c.measurement.value, c.points) == (Decimal("0.5"), Decimal("1.00"))


def test_1_5_rate_bands_30_percent_edge_and_just_below(world, template, year_plan, inspection):
    """876 1.5 rate_bands: 3 of 10 offices = 30% → 0.5; 2 of 7 = 28.6% → 0."""
    offices = [world.office_a, world.office_b] + [OfficeFactory(agency=world.agency) for _ in range(5)]
    inspection(offices[:2])
    assert component(world, "1.5").points == Decimal("0.00")  # 2 of 7
    offices += [OfficeFactory(agency=world.agency) for _ in range(3)]
    inspection(offices[2:3], state="closed")
    c = component(world, "1.5")
    assert (c.measurement.value, c.points) == (Decimal("0.3"), Decimal("0.50"))


def test_1_5_rate_bands_planned_or_other_year_inspections_do_not_count(world, template, year_plan, inspection):
    """876 1.5 rate_bands: a planned inspection, or one started the year before, covers nothing."""
    inspection([world.office_a], state="planned")
    inspection([world.office_b], start=d(11, 20, YEAR - 1))
    assert component(world, "1.5").measurement.counted == 0


# --- 1.6 findings remedied (rate_bands) ----------------------------------------------------------

def test_1_6_rate_bands_zero_findings_gives_full_points(world, template, year_plan, inspection):
    """876 1.6 rate_bands: an inspection carried out, no findings → nothing to remedy → full points.

    The method counts findings remedied; with none there is none unremedied, provided
    someone looked (the catalogue's ``if_none`` requires an inspection carried out in
    the year). The rule in words says so.
    """
    inspection([world.office_a])
    c = component(world, "1.6")
    assert (c.measurement.value, c.points) == (None, Decimal("1.00"))
    words = rules.in_words(c.criterion, MEASURES["findings_remedied_rate"])
    assert ("No finding due in the year: 1 pt when at least one inspection was carried out in the year;"
            " otherwise 0 pts.") in words["en"]
    assert ("Không có tồn tại, hạn chế đến hạn khắc phục trong năm: 1 điểm nếu trong năm đã tiến hành ít nhất"
            " một cuộc kiểm tra; nếu không: 0 điểm.") in words["vi"]


@pytest.mark.parametrize(("closed", "expected"), [(10, "1.00"), (9, "0.50"), (7, "0.50"), (6, "0.00")])
def test_1_6_rate_bands_findings_band_edges(world, template, year_plan, findings, closed, expected):
    """876 1.6 rate_bands (≥ 100% → 1; ≥ 70% → 0.5): 10/10, 9/10, 7/10 (edge), 6/10."""
    findings(closed, state="closed")
    findings(10 - closed, state="in_remediation")
    assert component(world, "1.6").points == Decimal(expected)


def test_1_6_rate_bands_catalogue_can_say_what_no_findings_gives(world, template, year_plan):
    """876 1.6 rate_bands with ``"if_none": 0`` in its data: no findings → 0 (data, not code)."""
    criterion = template.c["1.6"]
    criterion.rule = {**criterion.rule, "if_none": 0}
    criterion.save()
    assert component(world, "1.6").points == Decimal("0.00")


# --- 1.7–1.9 hand-scored --------------------------------------------------------------------

def test_1_7_manual_unscored_component_is_pending_at_zero(world, template, year_plan):
    """876 1.7 manual: until the head scores it, communication gives 0 and is marked pending."""
    c = component(world, "1.7")
    assert (c.source, c.points, c.pending) == ("manual", Decimal("0.00"), True)
    assert component(world, "1.9").source == "survey"


# --- the whole -------------------------------------------------------------------------------

def test_field_1_sum_is_the_sum_of_its_components(world, tasks, inspection):
    """876 field 1 sum: the total is the sum of the components."""
    tasks(10, outcome="done_on_time")
    inspection([world.office_a, world.office_b])
    result = criterion_score(world.agency, YEAR, as_of=d(7, 1))
    assert result.points == sum(c.points for c in result.components)
    # plan 1 + completion 2 + on time 1.5 + reports 0 (Q1, H1 missing) + coverage 1 + findings 1
    assert result.points == Decimal("6.50")


def test_rules_hold_no_thresholds_the_data_moves_the_band(world, tasks, template):
    """876 1.2 rate_bands: change the catalogue's band edge and the points follow, no code change."""
    tasks(8, outcome="done_on_time")
    tasks(2, outcome="open", due=d(12, 1))
    assert component(world, "1.2").points == Decimal("1.00")
    criterion = template.c["1.2"]
    criterion.rule = {**criterion.rule, "bands": [{"min": 0.8, "inclusive": True, "points": 2}]}
    criterion.save()
    assert component(world, "1.2").points == Decimal("2.00")


def test_rule_in_words_follows_the_data(template):
    """876 1.2 and 1.3: the rule in words is written from the thresholds, in both languages."""
    words = rules.in_words(template.c["1.2"], MEASURES["plan_completion_rate"])
    assert "Above 90%: 2 pts; 70% or more: 1 pt; otherwise: 0 pts." in words["en"]
    assert "Trên 90%: 2 điểm; từ 70% trở lên: 1 điểm; còn lại: 0 điểm." in words["vi"]
    assert "No task in the plan: 0 pts." in words["en"]
    assert "Tasks cancelled after their due date count against." in words["en"]
    words = rules.in_words(template.c["1.3"], MEASURES["tasks_on_time_rate"])
    assert "1.5 × the rate when the rate is 50% or more" in words["en"]
    assert "1,5 × tỷ lệ" in words["vi"]
