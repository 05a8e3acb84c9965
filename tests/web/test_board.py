"""The plan board (/plans/): groups, filters, counts, the plan's transitions, the task form."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.criteria import CriterionFactory, MethodologyFactory
from tests.factories.plans import ReformPlanFactory, TaskFactory
from backend.plans.models import ReformPlan, Task, TaskState
from workflows.models import Event, TransitionRecord

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board-groups"}


def text(response):
    return response.content.decode()


def row_codes(html):
    """Task codes of the board's rows, in order."""
    return re.findall(r'<span class="task-code">([^<]+)</span>', html)


def group_titles(html):
    return re.findall(r'<h2 class="h5 mb-1" id="group-[^"]+-title">([^<]+)</h2>', html)


@pytest.fixture
def board(world, make_task):
    """Tasks in two fields and both offices, one of each outcome."""
    today = world.today
    f1, f2 = world.fields[0], world.fields[1]
    tasks = {
        "on_time": make_task(code="1.1", title="Rà soát thủ tục hành chính", field=f1, state=TaskState.DONE,
                             completed_on_time=True, progress=100, assignee=world.officer),
        "late": make_task(code="1.2", title="Số hóa hồ sơ", field=f1, state=TaskState.DONE,
                          completed_on_time=False, progress=100),
        "overdue": make_task(code="2.1", title="Kiện toàn tổ chức bộ máy", field=f2, lead_office=world.office_b,
                             state=TaskState.IN_PROGRESS, due_date=today - datetime.timedelta(days=3), overdue=True,
                             progress=40),
        "open": make_task(code="2.2", title="Đào tạo công chức", field=f2, state=TaskState.ASSIGNED,
                          due_date=today + datetime.timedelta(days=60)),
        "cancelled": make_task(code="2.3", title="Nhiệm vụ đã hủy", field=f2, state=TaskState.CANCELLED),
    }
    return tasks


def test_board_in_vietnamese_groups_by_field_with_counts_badges_and_progress(world, board, page):
    response = page(world.officer).get("/plans/")
    html = text(response)
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert world.plan.title in html and "đã ban hành" in html
    assert group_titles(html) == ["1. Lĩnh vực 1", "2. Lĩnh vực 2"]
    assert row_codes(html) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    # The four outcomes (and cancelled) as the government words them.
    for words in ("hoàn thành đúng hạn", "hoàn thành quá hạn", "chưa hoàn thành quá hạn", "chưa hoàn thành trong hạn"):
        assert words in html
    assert "5 nhiệm vụ" in html and "2 đã hoàn thành (50%)" in html  # 2 of the 4 that count
    assert 'aria-valuenow="100"' in html and 'aria-valuenow="0"' in html  # field 1 all done, field 2 none
    overdue_due = board["overdue"].due_date.strftime("%d/%m/%Y")
    assert overdue_due in html and "quá hạn" in html
    # Rows refresh live when a notification about their task arrives.
    assert f'data-live="task:{board["open"].pk}"' in html
    assert f'hx-get="/tasks/{board["open"].pk}/row/"' in html


def test_grouping_switch_by_office(world, board, page):
    html = text(page(world.head).get("/plans/", {"group": "office"}))
    assert group_titles(html) == ["Phòng Kế hoạch - Tài chính", "Phòng Quản lý xây dựng"]
    assert row_codes(html) == ["2.1", "1.1", "1.2", "2.2", "2.3"]
    assert 'id="group-office" value="office" checked' in html


@pytest.mark.parametrize("params, codes", [
    ({"state": "done"}, ["1.1", "1.2"]),
    ({"outcome": "done_late"}, ["1.2"]),
    ({"outcome": "overdue"}, ["2.1"]),
    ({"outcome": "open_in_term"}, ["2.2"]),
    ({"overdue": "on"}, ["2.1"]),
    ({"q": "hồ sơ"}, ["1.2"]),
    ({"q": "2.2"}, ["2.2"]),
    ({"state": "assigned", "group": "office"}, ["2.2"]),
])
def test_filters(world, board, page, params, codes):
    assert row_codes(text(page(world.head).get("/plans/", params))) == codes


def test_filter_by_office_and_due_within(world, board, page, make_task):
    soon = make_task(code="3.1", field=world.fields[2], state=TaskState.ASSIGNED, due_date=world.today)
    client = page(world.head)
    assert row_codes(text(client.get("/plans/", {"office": world.office_b.pk}))) == ["2.1"]
    # Due today counts as due within 0 working days; the task due in 60 days does not.
    assert row_codes(text(client.get("/plans/", {"due_within": 0}))) == [soon.code]
    assert "2.2" in row_codes(text(client.get("/plans/", {"due_within": 60})))


def test_htmx_filter_answers_the_groups_only_and_the_form_works_without_js(world, board, page):
    client = page(world.head)
    part = client.get("/plans/", {"state": "done"}, **HTMX)
    assert part.status_code == 200
    assert text(part).startswith('<section id="board-groups"') and "<html" not in text(part)
    assert row_codes(text(part)) == ["1.1", "1.2"]
    full = text(client.get("/plans/", {"state": "done"}))
    assert "<html" in full and 'id="board-filters"' in full and 'hx-get="/plans/"' in full
    assert 'method="get"' in full  # a plain GET form: works without JavaScript


@pytest.mark.parametrize("params", [
    {"due_within": "abc"}, {"office": "99999999999999999999999"}, {"state": "nonsense"},
    {"year": "x"}, {"outcome": "<script>"}, {"q": "x" * 500},
])
def test_malformed_filters_are_shown_not_crashed(world, board, page, params):
    response = page(world.head).get("/plans/", params)
    assert response.status_code == 200
    assert "<script>" not in text(response).split("</head>")[1].replace("<script src", "")


def test_year_switch_and_no_plan(world, board, page):
    ReformPlanFactory(agency=world.agency, year=world.today.year - 1, title="Kế hoạch năm trước")
    client = page(world.head)
    html = text(client.get("/plans/", {"year": world.today.year - 1}))
    assert "Kế hoạch năm trước" in html and row_codes(html) == []
    assert f'href="/plans/?year={world.today.year}"' in html
    response = client.get("/plans/", {"year": 2001})
    assert response.status_code == 200 and "Chưa có kế hoạch CCHC năm 2001" in text(response)


def test_another_agency_plan_is_not_found(world, board, page):
    assert page(world.outsider_head).get(f"/plans/{world.plan.pk}/").status_code == 404
    # Their own /plans/ shows no plan of ours.
    assert world.plan.title not in text(page(world.outsider_head).get("/plans/"))


# --- the plan's own transitions --------------------------------------------------

def test_head_issues_the_draft_plan_through_the_service(world, page):
    plan = ReformPlanFactory(agency=world.agency, year=world.today.year + 1)
    client = page(world.head)
    html = text(client.get(f"/plans/{plan.pk}/"))
    assert "dự thảo, chưa ban hành" in html and "Ban hành kế hoạch" in html
    assert 'id="plan-transition-approve"' in html and 'id="plan-transition-close"' not in html
    # Issued by its signed plan document, recorded on the way (tests/web/test_documents.py has more).
    signed = str(world.today - datetime.timedelta(days=1))
    response = client.post(f"/plans/{plan.pk}/transitions/approve/", {
        "number": "215/KH-SXD", "date": signed, "issuer": "Sở Xây dựng", "summary": "Kế hoạch CCHC"}, follow=True)
    assert response.status_code == 200 and "Kế hoạch đã được ban hành." in text(response)
    plan.refresh_from_db()
    assert plan.state == "approved" and plan.issue_document.number == "215/KH-SXD"
    record = TransitionRecord.objects.get(subject_type="plan", subject_id=plan.pk)
    assert (record.transition, record.from_state, record.to_state, record.actor) == ("approve", "draft", "approved", world.head)
    assert Event.objects.filter(type="plan.approved", subject_id=plan.pk).count() == 1
    # Issuing the plan brought its report tasks (plan_transition, not run_transition alone).
    assert Task.objects.filter(plan=plan, kind=Task.Kind.REPORT).exists()
    assert "Kết thúc kế hoạch" in text(client.get(f"/plans/{plan.pk}/"))


def test_officer_sees_no_plan_button_and_is_refused_with_nothing_changed(world, page):
    plan = ReformPlanFactory(agency=world.agency, year=world.today.year + 1)
    client = page(world.officer)
    assert 'id="plan-transition-approve"' not in text(client.get(f"/plans/{plan.pk}/"))
    response = client.post(f"/plans/{plan.pk}/transitions/approve/", follow=True)
    assert "bạn không có quyền" in text(response)
    plan.refresh_from_db()
    assert plan.state == "draft" and not TransitionRecord.objects.filter(subject_type="plan").exists()
    # Another agency's head: not found, not refused.
    assert page(world.outsider_head).post(f"/plans/{plan.pk}/transitions/approve/").status_code == 404


# --- add and edit a task -------------------------------------------------------------

def test_task_form_offers_the_agency_methodology_fields_offices_and_officers_only(world, page):
    other_method = MethodologyFactory(code="other")
    foreign_field = CriterionFactory(methodology=other_method, code="9", name="Lĩnh vực khác")
    sub = CriterionFactory(methodology=world.methodology, parent=world.field, code="1.1", name="Tiêu chí con")
    html = text(page(world.head).get(f"/tasks/new/?plan={world.plan.pk}"))
    assert "Lĩnh vực 1" in html and "Lĩnh vực 3" in html
    assert foreign_field.name not in html and sub.name not in html
    assert world.office_a.name in html and world.other_office.name not in html
    assignees = re.search(r'<select name="assignee".*?</select>', html, re.S).group(0)
    assert f'value="{world.officer.pk}"' in assignees and f'value="{world.officer2.pk}"' in assignees
    assert f'value="{world.outsider_officer.pk}"' not in assignees and f'value="{world.head.pk}"' not in assignees
    assert "Tên nhiệm vụ" in html and "Đơn vị chủ trì" in html


def test_head_adds_a_task_through_task_create(world, page):
    client = page(world.head)
    response = client.post(f"/tasks/new/?plan={world.plan.pk}", {
        "code": "5.1", "title": "Công khai thủ tục", "field": world.fields[1].pk, "lead_office": world.office_a.pk,
        "supporting_offices": [world.office_b.pk], "assignee": world.officer.pk, "due_date": "31/12/2099",
    })
    task = Task.objects.get(plan=world.plan, code="5.1")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert (task.created_by, task.field, task.assignee, task.due_date) == (
        world.head, world.fields[1], world.officer, datetime.date(2099, 12, 31))
    assert list(task.supporting_offices.all()) == [world.office_b]
    assert task.state == TaskState.DRAFT


def test_task_form_shows_errors_beside_fields_and_a_summary_and_saves_nothing(world, page, make_task):
    make_task(code="1.1")
    response = page(world.head).post(f"/tasks/new/?plan={world.plan.pk}", {
        "code": "", "title": "", "field": world.field.pk, "due_date": "32/13/2026"})
    html = text(response)
    assert response.status_code == 400
    assert 'class="error-summary"' in html and "There is a problem" not in html
    assert 'id="id_code-errors"' in html and 'id="id_title-errors"' in html and 'id="id_due_date-errors"' in html
    assert 'aria-invalid="true"' in html
    # The service's own refusals land beside their fields too.
    response = page(world.head).post(f"/tasks/new/?plan={world.plan.pk}", {
        "code": "1.1", "title": "Trùng mã", "field": world.field.pk, "lead_office": world.office_b.pk,
        "assignee": world.officer.pk})
    html = text(response)
    assert response.status_code == 400
    assert re.search(r'id="id_code-errors"><li>[^<]+</li>', html)
    assert re.search(r'id="id_assignee-errors"><li>[^<]+</li>', html)
    assert Task.objects.filter(plan=world.plan).count() == 1


def test_office_head_adds_for_own_office_officer_may_not(world, page):
    response = page(world.office_head).post(f"/tasks/new/?plan={world.plan.pk}", {
        "code": "6.1", "title": "Nhiệm vụ của phòng", "field": world.field.pk})
    assert response.status_code == 302
    assert Task.objects.get(code="6.1").lead_office == world.office_a
    assert page(world.officer).get(f"/tasks/new/?plan={world.plan.pk}").status_code == 403
    assert page(world.outsider_head).get(f"/tasks/new/?plan={world.plan.pk}").status_code == 404
    assert page(world.head).get("/tasks/new/?plan=abc").status_code == 404


def test_edit_a_draft_task_through_task_update(world, page, make_task):
    task = make_task(code="7.1", title="Tên cũ")
    client = page(world.head)
    html = text(client.get(f"/tasks/{task.pk}/edit/"))
    assert 'value="Tên cũ"' in html and 'name="due_date"' in html
    response = client.post(f"/tasks/{task.pk}/edit/", {
        "code": "7.1", "title": "Tên mới", "field": world.field.pk, "lead_office": world.office_a.pk,
        "due_date": task.due_date.isoformat()})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Tên mới"
    # After assignment, the office, the assignee and the date move only by a transition.
    Task.objects.filter(pk=task.pk).update(state=TaskState.ASSIGNED)
    html = text(client.get(f"/tasks/{task.pk}/edit/"))
    assert 'name="due_date"' not in html and 'name="title"' in html
    assert page(world.officer).get(f"/tasks/{task.pk}/edit/").status_code == 403


# --- queries do not grow with the tasks ------------------------------------------------

def _queries(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"group": "office"}, {"state": "in_progress", "due_within": 5, "q": "Nhiệm"}])
def test_board_queries_are_constant_5_vs_50_tasks(world, page, params, django_assert_max_num_queries):
    fields = world.fields
    offices = [world.office_a, world.office_b]

    def add(n, start):
        for i in range(start, start + n):
            TaskFactory(plan=world.plan, field=fields[i % 3], lead_office=offices[i % 2], code=f"Q{i}",
                        assignee=world.officer if i % 2 == 0 else world.officer2,
                        state=TaskState.IN_PROGRESS, due_date=timezone.localdate() + datetime.timedelta(days=i % 9))

    client = page(world.head)
    add(5, 0)
    five = _queries(client, "/plans/", params)
    add(45, 5)
    with django_assert_max_num_queries(five):
        client.get("/plans/", params)
    assert len(row_codes(text(client.get("/plans/", {"state": "in_progress"})))) == 50
    assert five <= 13
