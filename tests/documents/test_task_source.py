"""Where a task comes from (cấp giao): source, assigning document, the superior's due date."""
import datetime

from backend.plans.models import Task

from tests.refusals import Unchanged, assert_validation_error


def _body(world, **kw):
    return {"plan": world.plan.pk, "code": "9.1", "title": "Rà soát TTHC theo Chỉ thị", "field": world.field.pk,
            "lead_office": world.office_a.pk, **kw}


def test_own_plan_tasks_are_the_default(world, api):
    r = api(world.head).post("/api/v1/tasks/", _body(world))
    assert r.status_code == 201, r.json()
    assert (r.json()["source"], r.json()["source_document"], r.json()["superior_due_date"]) == ("own", None, None)


def test_a_task_the_chairman_assigned(world, api, make_document):
    directive = make_document(kind="assignment", number="05/CT-UBND", issuer="Chủ tịch UBND tỉnh Quảng Trị")
    due = world.today + datetime.timedelta(days=40)
    r = api(world.head).post("/api/v1/tasks/", _body(world, source="chairman", source_document=directive.pk,
                                                      superior_due_date=str(due)))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["source"], body["source_document"], body["superior_due_date"]) == (
        "chairman", directive.pk, str(due))
    assert body["due_date"] == str(due)  # the department's term is the superior's unless it sets an earlier one


def test_refused_sources(world, api, make_document):
    head = api(world.head)
    theirs = make_document(agency=world.other_agency, created_by=world.outsider_head, kind="assignment")
    mine = make_document(kind="assignment")
    due = world.today + datetime.timedelta(days=40)
    cases = [
        (_body(world, source="province"), "source_document"),  # a superior's task names its document
        (_body(world, source="province", source_document=theirs.pk), "source_document"),
        (_body(world, source="ministry", source_document=mine.pk), "source"),
        (_body(world, superior_due_date=str(due)), "superior_due_date"),  # own tasks have no superior's date
        (_body(world, source="home_affairs", source_document=mine.pk, superior_due_date=str(due),
               due_date=str(due + datetime.timedelta(days=1))), "due_date"),
    ]
    for body, field in cases:
        assert_validation_error(head.post("/api/v1/tasks/", body), field)
    assert not Task.objects.filter(code="9.1").exists()


def test_the_source_is_edited_like_the_task(world, api, make_task, make_document):
    task = make_task()
    head = api(world.head)
    with Unchanged(task):
        assert_validation_error(head.patch(f"/api/v1/tasks/{task.pk}/", {"source": "superior"}), "source_document")
    letter = make_document(kind="assignment")
    r = head.patch(f"/api/v1/tasks/{task.pk}/", {"source": "superior", "source_document": letter.pk})
    assert r.status_code == 200, r.json()
    assert (r.json()["source"], r.json()["source_document"]) == ("superior", letter.pk)
    r = api(world.officer).patch(f"/api/v1/tasks/{task.pk}/", {"source": "own"})
    assert r.status_code == 403
