"""The periodic report of a report task: every table as the data stood on the cut-off
(14/3 for Q1, Decree 09/2019 art. 12), not as it stands today."""
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from backend.comments.models import Comment
from backend.plans.machines import TaskState
from backend.plans.models import ReformPlan, Task
from tests.factories.plans import TaskFactory
from tests.factories.workflows import TransitionRecordFactory

pytestmark = pytest.mark.django_db
YEAR = 2026


def at(month, day):
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 10, 0))


def history(task, *steps):
    for transition, to_state, when in steps:
        TransitionRecordFactory(subject_id=task.pk, transition=transition, to_state=to_state, at=when)


@pytest.fixture
def q1(world):
    """Cut-off 14/3: done on time (approved in February); done late by now but, on 14/3,
    still in progress and past its 1/3 due date, with a comment saying why; submitted on 10/3
    for a 12/3 due date and awaiting review (in term); a task added in April (not counted)."""
    plan = world.plan
    ReformPlan.objects.filter(pk=plan.pk).update(year=YEAR)
    common = {"plan": plan, "field": world.field, "lead_office": world.office_a}
    on_time = TaskFactory(code="1.1", state=TaskState.DONE, completed_on_time=True, due_date=datetime.date(YEAR, 2, 28),
                          **common)
    history(on_time, ("assign", "assigned", at(1, 5)), ("start", "in_progress", at(1, 6)),
            ("submit", "submitted", at(2, 20)), ("approve", "done", at(2, 25)))
    late = TaskFactory(code="1.2", title="Rà soát quy chế làm việc", state=TaskState.DONE, completed_on_time=False,
                       due_date=datetime.date(YEAR, 3, 1), **common)
    history(late, ("assign", "assigned", at(1, 5)), ("start", "in_progress", at(1, 6)),
            ("submit", "submitted", at(4, 2)), ("approve", "done", at(4, 5)))
    Comment.objects.create(task=late, author=world.officer, body="Chờ ý kiến góp ý của các phòng.")
    Comment.objects.filter(task=late).update(created_at=at(3, 10))
    waiting = TaskFactory(code="1.3", state=TaskState.DONE, completed_on_time=True,
                          due_date=datetime.date(YEAR, 3, 12), **common)
    history(waiting, ("assign", "assigned", at(1, 5)), ("start", "in_progress", at(1, 6)),
            ("submit", "submitted", at(3, 10)), ("approve", "done", at(3, 20)))
    added = TaskFactory(code="1.4", **common)
    Task.objects.filter(pk=added.pk).update(created_at=at(4, 1))
    Task.objects.filter(plan=plan).exclude(pk=added.pk).update(created_at=at(1, 2))
    return TaskFactory(code="BC-Q1", title="Báo cáo CCHC quý I", kind=Task.Kind.REPORT,
                       due_date=datetime.date(YEAR, 3, 20), **common)


def test_the_workbook_counts_each_task_as_it_stood_on_the_cut_off(api, world, q1):
    r = api(world.head, language="vi").get(f"/api/v1/tasks/{q1.pk}/periodic-report.xlsx")
    assert r.status_code == 200, r.content[:300]
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    texts = [str(v) for row in rows for v in row if v]
    assert "(số liệu tính đến ngày 14/03/2026)" in texts
    total = next(row for row in rows if row[0] == "Tổng cộng")
    # 3 tasks by 14/3 (1.4 came later; the report task is not a plan task): 1 done on time,
    # 0 late, 1 in term (1.3 handed in on time, awaiting review), 1 overdue (1.2).
    assert list(total[1:7]) == [3, 1, 0, 1, 1, 0]
    overdue = next(row for row in rows if row[1] == "1.2")
    assert overdue[0] == "Rà soát quy chế làm việc" and overdue[4] == "Chờ ý kiến góp ý của các phòng."


def test_the_pdf_has_the_outline_and_its_annexes(api, world, q1):
    r = api(world.head, language="vi").get(f"/api/v1/tasks/{q1.pk}/periodic-report.pdf")
    assert r.status_code == 200
    # Lines wrap inside table cells: compare words, not line breaks.
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split())
    for words in ("Báo cáo CCHC quý I năm 2026", "Phụ lục 1", "Phụ lục 3", "Trong kỳ chưa tiến hành kiểm tra",
                  "Chờ ý kiến góp ý của các phòng.", "PHƯƠNG HƯỚNG"):
        assert words in text, words


def test_only_a_report_task_has_one_and_only_for_who_sees_it(api, page, world, q1):
    task = Task.objects.get(code="1.1")
    r = api(world.head).get(f"/api/v1/tasks/{task.pk}/periodic-report.pdf")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api(world.outsider_head).get(f"/api/v1/tasks/{q1.pk}/periodic-report.xlsx").status_code == 404
    html = page(world.head).get(f"/tasks/{q1.pk}/").content.decode()
    assert f'href="/tasks/{q1.pk}/periodic-report/"' in html
    assert "Phụ lục 2" in page(world.head).get(f"/tasks/{q1.pk}/periodic-report/").content.decode()
