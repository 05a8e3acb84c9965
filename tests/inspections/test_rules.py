"""Creating, editing and closing inspections; raising and remedying findings."""
import datetime

import pytest

from backend.inspections.models import Finding, Inspection
from workflows.models import Event

from tests.events import events_of, history_of


def _inspection_body(cast, **overrides):
    today = cast.today
    body = {"title": "Kiểm tra CCHC tại các phòng chuyên môn", "offices": [cast.office_a.pk, cast.office_b.pk],
            "start_date": today.isoformat(), "end_date": (today + datetime.timedelta(days=10)).isoformat()}
    body.update(overrides)
    return body


def _finding_body(cast, of, **overrides):
    body = {"inspection": of.pk, "office": cast.office_a.pk,
            "description": "Chưa cập nhật hồ sơ thủ tục hành chính lên Cổng dịch vụ công",
            "severity": "high", "due_date": (cast.today + datetime.timedelta(days=20)).isoformat()}
    body.update(overrides)
    return body


# --- inspections ---------------------------------------------------------------------

def test_an_inspector_plans_an_inspection_and_is_on_its_team(cast, api):
    r = api(cast.inspector).post("/api/v1/inspections/", _inspection_body(cast, inspectors=[cast.inspector2.pk]))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["state"] == "planned" and body["agency"] == cast.agency.pk
    assert body["offices"] == sorted([cast.office_a.pk, cast.office_b.pk])
    assert body["inspectors"] == sorted([cast.inspector.pk, cast.inspector2.pk])
    assert body["open_findings"] == [] and body["findings_count"] == 0
    assert body["available_transitions"] == ["start"]
    assert {"id", "title", "start_date", "end_date"} <= set(body)


@pytest.mark.parametrize("who", ["head", "office_head", "officer", "admin", "outsider_inspector"])
def test_only_an_inspector_of_the_agency_plans_inspections(cast, api, who):
    body = _inspection_body(cast)
    r = api(getattr(cast, who)).post("/api/v1/inspections/", body)
    # An outsider's reference to offices it cannot see is a bad reference.
    assert r.status_code == (400 if who == "outsider_inspector" else 403), r.json()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"offices": []}, "offices"),
    ({"offices": ["other"]}, "offices"),
    ({"inspectors": ["officer"]}, "inspectors"),
    ({"inspectors": ["outsider_inspector"]}, "inspectors"),
    ({"end_date": "2000-01-01"}, "end_date"),
    ({"start_date": "not a date"}, "start_date"),
    ({"title": ""}, "title"),
    ({"offices": "x"}, "offices"),
    ({"offices": [10 ** 12]}, "offices"),
])
def test_inspection_input_is_checked(cast, api, overrides, field):
    people = {"officer": cast.officer.pk, "outsider_inspector": cast.outsider_inspector.pk,
              "other": cast.other_office.pk}
    for key in ("offices", "inspectors"):
        if isinstance(overrides.get(key), list):
            overrides[key] = [people.get(v, v) for v in overrides[key]]
    r = api(cast.inspector).post("/api/v1/inspections/", _inspection_body(cast, **overrides))
    assert r.status_code == 400, r.json()
    error = r.json()["error"]
    assert error["code"] == "validation_error" and field in error["details"]
    assert not Inspection.objects.exists()


def test_an_inspection_is_edited_by_its_inspectors_while_planned(cast, api, make_inspection):
    inspection = make_inspection(state="planned")
    url = f"/api/v1/inspections/{inspection.pk}/"
    assert api(cast.inspector2).patch(url, {"title": "Khác"}).status_code == 403
    assert api(cast.head).patch(url, {"title": "Khác"}).status_code == 403
    assert api(cast.outsider_inspector).patch(url, {"title": "Khác"}).status_code == 404
    r = api(cast.inspector).patch(url, {"title": "Kiểm tra đột xuất", "offices": [cast.office_b.pk],
                                        "inspectors": [cast.inspector.pk, cast.inspector2.pk]})
    assert r.status_code == 200, r.json()
    assert r.json()["title"] == "Kiểm tra đột xuất" and r.json()["offices"] == [cast.office_b.pk]
    assert api(cast.inspector).patch(url, {"end_date": "2000-01-01"}).status_code == 400
    assert api(cast.inspector).patch(url, {"inspectors": []}).status_code == 400

    assert api(cast.inspector).transition("inspections", inspection.pk, "start").status_code == 200
    r = api(cast.inspector).patch(url, {"title": "Muộn rồi"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "invalid_state"


def test_closing_an_inspection_with_open_findings_is_refused_and_names_them(cast, api, make_inspection,
                                                                             make_finding):
    inspection = make_inspection(state="reported")
    still_open = [make_finding(inspection=inspection, state=s)
                  for s in ("open", "in_remediation", "remediation_submitted")]
    make_finding(inspection=inspection, state="closed")
    ids = sorted(f.pk for f in still_open)

    detail = api(cast.inspector).get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert detail["open_findings"] == ids and detail["findings_count"] == 4
    assert "close" not in detail["available_transitions"]

    r = api(cast.inspector).transition("inspections", inspection.pk, "close")
    assert r.status_code == 409, r.json()
    error = r.json()["error"]
    assert error["code"] == "invalid_transition"
    assert error["details"]["open_findings"] == ids
    assert error["details"]["state"] == "reported"
    for pk in ids:
        assert f"#{pk}" in error["message"]
    inspection.refresh_from_db()
    assert inspection.state == "reported" and events_of(inspection) == []

    Finding.objects.filter(pk__in=ids).update(state="closed")
    r = api(cast.inspector).transition("inspections", inspection.pk, "close")
    assert r.status_code == 200 and r.json()["state"] == "closed"


# --- findings ------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["in_progress", "reported"])
def test_an_inspector_of_the_inspection_raises_a_finding(cast, api, make_inspection, state):
    inspection = make_inspection(state=state)
    r = api(cast.inspector).post("/api/v1/findings/", _finding_body(cast, inspection))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["state"] == "open" and body["inspection"] == inspection.pk
    assert body["office"] == cast.office_a.pk and body["severity"] == "high"
    assert body["overdue"] is False and body["overdue_since"] is None and body["follow_up_task"] is None
    # The inspector's only move on a fresh finding: refer it to the competent authority.
    assert body["available_transitions"] == ["refer"]
    finding = Finding.objects.get(pk=body["id"])
    assert [e.type for e in events_of(finding)] == ["finding.raised"]
    record, = history_of(finding)
    assert (record.transition, record.from_state, record.to_state, record.actor) == (
        "raise", "", "open", cast.inspector)
    assert record.event == events_of(finding)[0]


@pytest.mark.parametrize("who", ["inspector2", "head", "office_head", "officer", "admin"])
def test_nobody_else_raises_findings(cast, api, make_inspection, who):
    r = api(getattr(cast, who)).post("/api/v1/findings/", _finding_body(cast, make_inspection()))
    assert r.status_code == 403, r.json()
    assert not Finding.objects.exists() and not Event.objects.exists()


@pytest.mark.parametrize("state", ["planned", "closed"])
def test_findings_are_raised_only_while_the_inspection_runs(cast, api, make_inspection, state):
    r = api(cast.inspector).post("/api/v1/findings/", _finding_body(cast, make_inspection(state=state)))
    assert r.status_code == 409, r.json()
    assert r.json()["error"]["code"] == "invalid_state" and r.json()["error"]["details"]["state"] == state
    assert not Finding.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"severity": "critical"}, "severity"),
    ({"due_date": "2001-01-01"}, "due_date"),
    ({"due_date": "31/12/2030"}, "due_date"),
    ({"description": ""}, "description"),
    ({"office": "other"}, "office"),
    ({"office": "not inspected"}, "office"),
    ({"inspection": None}, "inspection"),
    ({"inspection": "abc"}, "inspection"),
])
def test_finding_input_is_checked(cast, api, make_inspection, overrides, field):
    inspection = make_inspection(offices=[cast.office_a])
    refs = {"other": cast.other_office.pk, "not inspected": cast.office_b.pk}
    overrides = {k: refs.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    r = api(cast.inspector).post("/api/v1/findings/", _finding_body(cast, inspection, **overrides))
    assert r.status_code == 400, r.json()
    assert field in r.json()["error"]["details"]
    assert not Finding.objects.exists()


def test_submitting_remediation_needs_evidence_or_a_note(cast, api, make_finding):
    finding = make_finding(state="in_remediation")
    officer = api(cast.officer)
    r = officer.transition("findings", finding.pk, "submit_remediation", {"note": "   "})
    assert r.status_code == 400 and "note" in r.json()["error"]["details"]
    r = officer.post(f"/api/v1/findings/{finding.pk}/evidence/",
                     {"url": "https://vanban.example.gov.vn/qd-123", "note": "Quyết định khắc phục"})
    assert r.status_code == 201, r.json()
    r = officer.transition("findings", finding.pk, "submit_remediation")
    assert r.status_code == 200 and r.json()["state"] == "remediation_submitted"


def test_reopening_needs_a_reason_and_keeps_it_in_history(cast, api, make_finding):
    finding = make_finding(state="remediation_submitted")
    r = api(cast.inspector).transition("findings", finding.pk, "reopen", {})
    assert r.status_code == 400 and "reason" in r.json()["error"]["details"]
    r = api(cast.inspector).transition("findings", finding.pk, "reopen", {"reason": "   "})
    assert r.status_code == 400
    r = api(cast.inspector).transition("findings", finding.pk, "reopen", {"reason": "Thiếu biên bản"})
    assert r.status_code == 200 and r.json()["state"] == "in_remediation"
    history = api(cast.officer).get(f"/api/v1/findings/{finding.pk}/history/").json()["results"]
    assert [(h["from"], h["to"], h["reason"]) for h in history] == [
        ("remediation_submitted", "in_remediation", "Thiếu biên bản")]


def test_closing_a_finding_records_whether_remediation_came_on_time(cast, api, make_finding):
    finding = make_finding(state="in_remediation")
    api(cast.officer).transition("findings", finding.pk, "submit_remediation", {"note": "Đã khắc phục"})
    r = api(cast.inspector).transition("findings", finding.pk, "close", {"comment": "Đạt"})
    assert r.status_code == 200
    body = r.json()
    assert body["state"] == "closed" and body["remediated_on_time"] is True and body["closed_at"]
    record = history_of(finding)[-1]
    assert record.data["comment"] == "Đạt"


def test_a_finding_is_edited_by_its_inspector_while_open(cast, api, make_finding):
    finding = make_finding()
    url = f"/api/v1/findings/{finding.pk}/"
    assert api(cast.officer).patch(url, {"severity": "low"}).status_code == 403
    assert api(cast.inspector2).patch(url, {"severity": "low"}).status_code == 403
    assert api(cast.head).patch(url, {"severity": "low"}).status_code == 403
    r = api(cast.inspector).patch(url, {"severity": "low", "description": "Mô tả lại"})
    assert r.status_code == 200 and r.json()["severity"] == "low"
    assert api(cast.inspector).patch(url, {"due_date": "2001-01-01"}).status_code == 400
    api(cast.officer).transition("findings", finding.pk, "acknowledge")
    r = api(cast.inspector).patch(url, {"severity": "high"})
    assert r.status_code == 400 and "severity" in r.json()["error"]["details"]


def test_bad_bodies_never_5xx(cast, api, make_finding, make_inspection):
    finding = make_finding(state="remediation_submitted")
    inspection = make_inspection()
    client = api(cast.inspector)
    for path, body in [
        ("/api/v1/findings/", ["not", "a", "dict"]),
        ("/api/v1/findings/", {"inspection": {"x": 1}}),
        ("/api/v1/inspections/", {"offices": None}),
        (f"/api/v1/findings/{finding.pk}/transitions/reopen/", {"reason": ["x"]}),
        (f"/api/v1/findings/{finding.pk}/transitions/close/", "text"),
        (f"/api/v1/inspections/{inspection.pk}/transitions/report/", {"x": "y"}),
    ]:
        r = client.post(path, body)
        assert r.status_code < 500, (path, r.status_code)
    r = client.client.post(f"/api/v1/findings/{finding.pk}/transitions/close/", "{bad json",
                           content_type="application/json")
    assert r.status_code == 400
    for query in ({"state": "nope"}, {"office": "x"}, {"overdue": "maybe"}, {"page_size": "-1"},
                  {"severity": "x"}, {"inspection": "1.5"}):
        assert client.get("/api/v1/findings/", query).status_code < 500, query
    assert client.patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": "x"}).status_code == 400
    assert client.get("/api/v1/findings/abc/").status_code == 404


def test_a_new_due_date_within_the_term_clears_the_overdue_flag(cast, api, make_finding):
    finding = make_finding(overdue=True, overdue_since=cast.today, due_date=cast.today + datetime.timedelta(days=1))
    new_due = (cast.today + datetime.timedelta(days=15)).isoformat()
    r = api(cast.head).transition("findings", finding.pk, "extend", {"due_date": new_due, "reason": "Gia hạn"})
    assert r.status_code == 200, r.json()
    assert (r.json()["due_date"], r.json()["overdue"], r.json()["overdue_since"]) == (new_due, False, None)
