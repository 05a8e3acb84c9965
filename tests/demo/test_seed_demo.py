"""``manage.py seed_demo``: a realistic department, built through the workflow, idempotent."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import Agency, Office, Role, User
from backend.comments.models import Comment
from backend.demo.builders import build_demo
from backend.evidence.models import Evidence
from backend.inspections.models import Finding
from backend.plans.models import ReformPlan, Task
from backend.plans.machines import OPEN_STATES, TaskState
from workflows.models import Event, TransitionRecord

MODELS = [Agency, Office, User, ReformPlan, Task, Event, TransitionRecord, Evidence, Comment]


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def seeded(db):
    output = _seed()
    agency = Agency.objects.get(name="Sở Xây dựng tỉnh Quảng Trị")
    today = timezone.localdate()
    plan = ReformPlan.objects.get(agency=agency, year=today.year)
    return agency, plan, today, output


def test_second_run_changes_nothing_and_says_so(seeded):
    *_, first = seeded
    assert "Demo data created" in first
    before = _counts()
    second = _seed()
    assert "nothing changed" in second
    assert _counts() == before


def test_department_offices_and_people(seeded):
    agency, *_ = seeded
    assert agency.methodology.code == "dept-template-876"
    names = set(agency.offices.values_list("name", flat=True))
    assert {"Văn phòng Sở", "Phòng Quản lý xây dựng", "Phòng Quản lý nhà và thị trường bất động sản",
            # the Sở Giao thông vận tải merged into the Sở Xây dựng in 2025
            "Phòng Quản lý kết cấu hạ tầng giao thông",
            "Phòng Quản lý vận tải, phương tiện và người lái"} <= names
    # No department inspectorate since mid-2025: the Văn phòng runs the reform inspection.
    assert not any("Thanh tra" in name for name in names)
    users = {u.username: u for u in User.objects.filter(agency=agency)}
    assert users["head"].role == Role.HEAD and users["head"].full_name
    assert users["office_head"].role == Role.OFFICE_HEAD
    assert users["office_head"].office.name == "Phòng Quản lý xây dựng"
    assert users["officer"].office == users["office_head"].office
    assert users["officer2"].office not in (None, users["officer"].office)
    assert users["inspector"].role == Role.INSPECTOR
    admin = users["admin"]
    assert admin.role == Role.ADMIN and admin.is_superuser and admin.is_staff


def test_current_plan_has_tasks_in_every_state(seeded):
    agency, plan, today, _ = seeded
    assert plan.state == "approved" and plan.issued_on_time
    tasks = list(plan.tasks.select_related("field"))
    assert 30 <= len(tasks) <= 60
    assert {t.state for t in tasks} == set(TaskState.values)
    outcomes = {t.outcome for t in tasks}
    assert {"done_on_time", "done_late", "open_in_term", "overdue", "cancelled"} <= outcomes
    # Spread over the PAR fields of the agency's methodology.
    fields = {t.field for t in tasks}
    assert len(fields) == 8 and all(f.methodology_id == agency.methodology_id for f in fields)
    assert any(t.kind == Task.Kind.REPORT for t in tasks)


def test_some_open_tasks_are_overdue_and_some_due_this_week(seeded):
    _, plan, today, _ = seeded
    open_tasks = plan.tasks.filter(state__in=OPEN_STATES)
    assert open_tasks.filter(due_date__lt=today).exclude(state=TaskState.DRAFT).count() >= 3
    assert open_tasks.filter(due_date__gte=today,
                             due_date__lte=today + datetime.timedelta(days=7)).count() >= 3


def test_done_tasks_on_time_follows_the_backdated_submission(seeded):
    _, plan, today, _ = seeded
    done = plan.tasks.filter(state=TaskState.DONE)
    assert done.filter(completed_on_time=True).exists() and done.filter(completed_on_time=False).exists()
    for task in done:
        assert task.submitted_at and task.completed_at and task.submitted_at <= task.completed_at
        on_time = timezone.localdate(task.submitted_at) <= task.due_date
        assert task.completed_on_time is on_time, task.code
        assert task.progress == 100
    for task in plan.tasks.filter(state=TaskState.RETURNED):
        assert task.submitted_at is None


def test_next_year_plan_is_a_draft_with_draft_tasks(seeded):
    agency, _, today, _ = seeded
    plan = ReformPlan.objects.get(agency=agency, year=today.year + 1)
    assert plan.state == "draft"
    assert 3 <= plan.tasks.count() <= 10
    assert set(plan.tasks.values_list("state", flat=True)) == {TaskState.DRAFT}


def test_every_transition_has_history_and_an_event(seeded):
    agency, plan, today, _ = seeded
    records = TransitionRecord.objects.filter(event__agency=agency)
    assert records.count() >= 100
    assert not TransitionRecord.objects.filter(event__isnull=True).exists()
    types = set(Event.objects.filter(agency=agency).values_list("type", flat=True))
    assert {"plan.approved", "task.assigned", "task.started", "task.submitted", "task.returned",
            "task.resumed", "task.completed", "task.cancelled", "task.deadline_extended"} <= types
    # The timeline is in the past and reads in order, as a live system's log would.
    times = list(Event.objects.filter(agency=agency).order_by("id").values_list("occurred_at", flat=True))
    assert times == sorted(times) and times[-1] < timezone.now()
    assert timezone.localdate(times[0]) <= plan.issue_deadline
    # Actors are the people whose job it is: officers start and submit their own tasks.
    for record in records.filter(subject_type="task", transition__in=["start", "submit"]):
        task = Task.objects.get(pk=record.subject_id)
        assert record.actor_id == task.assignee_id
    task = plan.tasks.get(state=TaskState.DONE, code="1.1")
    history = TransitionRecord.objects.filter(subject_type="task", subject_id=task.pk)
    assert [h.transition for h in history] == ["assign", "start", "submit", "approve"]
    assert Evidence.objects.filter(task__plan=plan).exists()
    assert Comment.objects.filter(task__plan=plan).exists()


def test_demo_users_log_in_with_the_demo_password(seeded, api):
    # One seed for all of them: seeding takes seconds.
    for username in ["head", "office_head", "officer", "officer2", "inspector", "admin"]:
        r = api().post("/api/v1/auth/token/", {"username": username, "password": "demo-password"})
        assert r.status_code == 200, (username, r.content)
        token = r.json()["token"]
        me = api().client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert me.json()["username"] == username


def test_head_sees_the_demo_plan_through_the_api(seeded, api):
    _, plan, *_ = seeded
    head = api(User.objects.get(username="head"))
    r = head.get("/api/v1/tasks/", {"plan": plan.pk, "page_size": 100})
    assert r.status_code == 200
    assert r.json()["count"] == plan.tasks.count()
    r = api().post("/api/v1/auth/token/", {"username": "head", "password": "wrong"})
    assert r.status_code in (400, 401)


def test_the_demo_speaks_of_communes_and_wards_not_districts(seeded):
    agency, plan, *_ = seeded
    texts = [*Task.objects.filter(plan__agency=agency).values_list("title", "description", "expected_output"),
             *Comment.objects.filter(task__plan__agency=agency).values_list("body"),
             *TransitionRecord.objects.filter(event__agency=agency).values_list("reason")]
    assert not [t for row in texts for t in row if "huyện" in (t or "").lower()]


def test_a_freshly_loaded_demo_lists_its_overdue_work_at_once(seeded, api):
    """No periodic job has run: the load itself flags what is past its due date."""
    agency, plan, today, _ = seeded
    # Open and past the due date, unless handed in by the due date (awaiting review in term).
    late = sorted(t.pk for t in plan.tasks.filter(state__in=OPEN_STATES, due_date__lt=today)
                  if not (t.state == TaskState.SUBMITTED and timezone.localdate(t.submitted_at) <= t.due_date))
    assert len(late) >= 3
    assert sorted(plan.tasks.filter(overdue=True).values_list("pk", flat=True)) == late
    head = api(User.objects.get(username="head"))
    listed = head.get("/api/v1/tasks/", {"plan": plan.pk, "overdue": "true", "page_size": 100}).json()
    assert sorted(t["id"] for t in listed["results"]) == late
    assert Event.objects.filter(agency=agency, type="task.overdue").count() == len(late)


@pytest.mark.parametrize("today", [datetime.date(2026, 1, 12), datetime.date(2026, 12, 1),
                                   datetime.date(2026, 12, 30)], ids=str)
def test_every_due_date_is_inside_the_plan_year_whatever_day_it_runs(db, today):
    demo, _result = build_demo(today=today)
    tasks = Task.objects.filter(plan=demo.plan_current)
    findings = Finding.objects.filter(inspection__agency=demo.agency)
    dues = [*tasks.values_list("due_date", flat=True), *findings.values_list("due_date", flat=True)]
    assert dues and {d.year for d in dues} == {today.year}
    # Still work in every tense: past its date, and due within the days left.
    assert tasks.filter(due_date__lt=today, state__in=OPEN_STATES).exists()
    assert tasks.filter(due_date__gte=today, state__in=OPEN_STATES).exists()
