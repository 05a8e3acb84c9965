"""Periodic report tasks (SPEC §4): created with their due dates when a plan is approved."""
import datetime

import pytest

from tests.factories.documents import DocumentFactory
from tests.factories.accounts import OfficeFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task
from backend.plans.reports import create_report_tasks
from tests.factories.scoring import ScoringConfigFactory
from backend.plans.services import plan_transition as run_transition

pytestmark = pytest.mark.django_db


def _draft_plan(world, year=None):
    year = year or world.today.year + 1
    return ReformPlanFactory(agency=world.agency, year=year, issue_deadline=datetime.date(year - 1, 12, 31))


def reports_of(plan):
    return list(Task.objects.filter(plan=plan, kind="report").order_by("due_date")
                .values_list("code", "due_date", "state", "lead_office_id", "field_id"))


def test_approval_creates_the_methodologys_reports(world, template):
    office = OfficeFactory(agency=world.agency, name="Văn phòng Sở")
    plan = run_transition(_draft_plan(world), "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    y, field = plan.year, template.c["1"].pk
    assert reports_of(plan) == [
        ("BC-Q1", datetime.date(y, 3, 20), "draft", office.pk, field),
        ("BC-H1", datetime.date(y, 6, 20), "draft", office.pk, field),
        ("BC-Q3", datetime.date(y, 9, 20), "draft", office.pk, field),
        ("BC-Y", datetime.date(y, 12, 20), "draft", office.pk, field),
    ]
    assert Task.objects.get(plan=plan, code="BC-H1").title == "Báo cáo CCHC 6 tháng đầu năm"


def test_no_vp_office_leaves_the_lead_office_open(world, template):
    plan = run_transition(_draft_plan(world), "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    assert {row[3] for row in reports_of(plan)} == {None}


def test_the_agency_year_configuration_wins(world, template):
    plan = _draft_plan(world)
    ScoringConfigFactory(agency=world.agency, year=plan.year, report_schedule=[
        {"code": "H1", "name": "Báo cáo 6 tháng", "due": "06-15"},
        {"code": "Y", "name": "Báo cáo năm", "due": "11-30"}])
    plan = run_transition(plan, "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    assert [(c, d.strftime("%m-%d")) for c, d, *_ in reports_of(plan)] == [("BC-H1", "06-15"), ("BC-Y", "11-30")]


def test_without_a_reports_list_the_national_guidance_applies(world, camau):
    plan = run_transition(_draft_plan(world), "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    assert [d.strftime("%m-%d") for _, d, *_ in reports_of(plan)] == ["03-20", "06-20", "09-20", "12-20"]


def test_creation_is_idempotent(world, template):
    plan = _draft_plan(world)
    Task.objects.create(plan=plan, kind="report", code="BC-Q1", title="Đã lập tay", field=template.c["1"],
                        due_date=datetime.date(plan.year, 3, 31))
    plan = run_transition(plan, "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    assert create_report_tasks(plan) == []  # a second run adds nothing
    assert Task.objects.filter(plan=plan, kind="report").count() == 4
    assert Task.objects.get(plan=plan, code="BC-Q1").title == "Đã lập tay"  # left as it was


def test_an_agency_without_methodology_is_approved_without_reports(world):
    world.agency.methodology = None
    world.agency.save()
    plan = run_transition(_draft_plan(world), "approve", actor=world.head,
                          document=DocumentFactory(agency=world.agency, created_by=world.head))
    assert plan.state == "approved" and reports_of(plan) == []


def test_a_refused_approval_creates_nothing(world, template, api):
    plan = _draft_plan(world)
    assert api(world.officer).transition("plans", plan.pk, "approve").status_code == 403
    assert reports_of(plan) == []


def test_the_demo_step_scores_by_hand_and_stores_the_score(world, template):
    """The demo's scoring step: the head's two hand-scored components, the score stored; idempotent."""
    from collections import Counter
    from types import SimpleNamespace

    from backend.scoring.demo import build_score, score_summary
    from backend.scoring.models import ManualAssessment, Score

    demo = SimpleNamespace(agency=world.agency, users={"head": world.head}, today=world.today)
    result = SimpleNamespace(created=Counter())
    score = build_score(demo, result)
    assert result.created["manual assessment"] == 2
    assert sorted(ManualAssessment.objects.values_list("criterion__code", flat=True)) == ["1.7", "1.8"]
    assert Score.objects.get() == score and score.points >= 1
    assert "leadership criterion" in score_summary(demo)[0]
    build_score(demo, result)
    assert ManualAssessment.objects.count() == 2 and result.created["manual assessment"] == 2
