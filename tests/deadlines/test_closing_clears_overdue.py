"""Every transition that closes an item (approve, cancel, close a finding) clears its
overdue flag; an extension clears it only when granted within the term.

Each case flags the item as the deadline pass does, runs the transition through the
API (the one write path), and reads the row back. Delete the ``overdue = False`` of
any of these transitions and its case fails. An extension granted after the item became
overdue does not give a clean new term (par-index-method.md §9): the flag and the day it
became overdue stay in the record.
"""
import datetime

import pytest
from django.utils import timezone

from tests.builders import days

pytestmark = pytest.mark.django_db

LATE_SINCE = datetime.date(2026, 1, 2)
AFTER_DUE = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))


def _late(**fields):
    return {"overdue": True, "overdue_since": LATE_SINCE, "due_date": LATE_SINCE - datetime.timedelta(days=1),
            **fields}


TASK_CASES = [
    # (transition, state before, extra fields, who, body, state after)
    ("approve", "submitted", {"submitted_at": AFTER_DUE, "result_note": "Đã xong"}, "office_head",
     {"comment": "Đạt"}, "done"),
    ("cancel", "in_progress", {}, "head", {"reason": "Không còn phù hợp"}, "cancelled"),
    ("cancel", "draft", {}, "head", {"reason": "Trùng lặp"}, "cancelled"),
]


@pytest.mark.parametrize(("name", "before", "extra", "who", "body", "after"), TASK_CASES,
                         ids=[f"{c[0]}-from-{c[1]}" for c in TASK_CASES])
def test_a_task_transition_that_closes_it_clears_overdue(world, api, make_task, make_document,
                                                         name, before, extra, who, body, after):
    task = make_task(state=before, assignee=world.officer if before != "draft" else None, **_late(**extra))
    if name == "cancel":  # the plan is issued: dropping a task takes the plan amendment
        body = {**body, "document": make_document(kind="amendment").pk}
    r = api(getattr(world, who)).transition("tasks", task.pk, name, body)
    assert r.status_code == 200, r.json()
    task.refresh_from_db()
    assert task.state == after
    assert task.overdue is False, f"{name} left the task flagged overdue"
    assert r.json()["overdue"] is False


def test_closing_keeps_the_day_it_became_overdue_in_the_record(world, api, make_task, make_document):
    task = make_task(state="in_progress", assignee=world.officer, **_late())
    amendment = make_document(kind="amendment").pk  # the plan is issued: dropping a task takes it
    assert api(world.head).transition("tasks", task.pk, "cancel",
                                      {"reason": "Trùng", "document": amendment}).status_code == 200
    task.refresh_from_db()
    assert (task.overdue, task.overdue_since) == (False, LATE_SINCE)


EXTENSIONS = [
    ("extend", {}, {"due_date": str(days(20)), "reason": "Chờ số liệu"}),
    ("approve_extension", {"extension_requested_until": days(25), "extension_reason": "Chờ"}, {}),
]


@pytest.mark.parametrize(("name", "extra", "body"), EXTENSIONS, ids=[c[0] for c in EXTENSIONS])
def test_an_extension_after_the_term_keeps_the_overdue_in_the_record(world, api, make_task, name, extra, body):
    task = make_task(state="in_progress", assignee=world.officer, **_late(**extra))
    r = api(world.head).transition("tasks", task.pk, name, body)
    assert r.status_code == 200, r.json()
    task.refresh_from_db()
    assert (task.overdue, task.overdue_since) == (True, LATE_SINCE)
    assert r.json()["outcome"] == "overdue"


@pytest.mark.parametrize(("name", "extra", "body"), EXTENSIONS, ids=[c[0] for c in EXTENSIONS])
def test_an_extension_within_the_term_gives_a_clean_new_term(world, api, make_task, name, extra, body):
    # Flagged by mistake (say, a day off declared after the pass): within the term, the
    # extension clears both the flag and the date.
    task = make_task(state="in_progress", assignee=world.officer,
                     **{**_late(**extra), "due_date": days(3)})
    r = api(world.head).transition("tasks", task.pk, name, body)
    assert r.status_code == 200, r.json()
    task.refresh_from_db()
    assert (task.overdue, task.overdue_since) == (False, None)
    assert r.json()["outcome"] == "open_in_term"


def test_closing_a_finding_clears_overdue(world, api, make_finding):
    finding = make_finding(state="remediation_submitted", **_late())
    r = api(world.inspector).transition("findings", finding.pk, "close", {"comment": "Đạt"})
    assert r.status_code == 200, r.json()
    finding.refresh_from_db()
    assert finding.state == "closed"
    assert finding.overdue is False, "close left the finding flagged overdue"
    assert r.json()["overdue"] is False


def test_a_late_item_that_is_not_closed_stays_flagged(world, api, make_task, make_finding):
    # The other side: transitions that neither end nor extend keep the flag.
    task = make_task(state="in_progress", assignee=world.officer, result_note="x", **_late())
    assert api(world.officer).transition("tasks", task.pk, "submit").status_code == 200
    task.refresh_from_db()
    assert task.overdue is True
    finding = make_finding(state="remediation_submitted", **_late())
    assert api(world.inspector).transition("findings", finding.pk, "reopen", {"reason": "Chưa đạt"}).status_code == 200
    finding.refresh_from_db()
    assert finding.overdue is True
