"""One event per change, in order, with the payload the notification rules are written against."""
import datetime

from workflows.models import Event

FINDING_CONTRACT = {"inspection", "office", "inspectors", "severity", "due_date", "description", "state",
                    "referred_to"}
SERVICE_KEYS = {"transition", "from", "to", "reason", "changes"}
INSPECTION_CONTRACT = {"title", "offices", "inspectors", "state"}


def test_every_change_of_the_flow_is_one_event_in_order(cast, api):
    inspector, officer = api(cast.inspector), api(cast.officer)
    today = cast.today
    inspection = inspector.post("/api/v1/inspections/", {
        "title": "Kiểm tra CCHC quý II", "offices": [cast.office_a.pk, cast.office_b.pk],
        "inspectors": [cast.inspector2.pk], "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=5)).isoformat(),
    }).json()
    assert not Event.objects.exists()  # planning an inspection is not a state change
    inspector.transition("inspections", inspection["id"], "start")
    long_text = "Hồ sơ một cửa chưa đầy đủ. " * 20
    finding = inspector.post("/api/v1/findings/", {
        "inspection": inspection["id"], "office": cast.office_a.pk, "description": long_text,
        "severity": "medium", "due_date": (today + datetime.timedelta(days=30)).isoformat(),
    }).json()
    fid = finding["id"]
    officer.transition("findings", fid, "acknowledge")
    officer.transition("findings", fid, "submit_remediation", {"note": "Đã bổ sung"})
    inspector.transition("findings", fid, "reopen", {"reason": "Chưa đủ"})
    officer.transition("findings", fid, "submit_remediation", {"note": "Đã bổ sung lần 2"})
    inspector.transition("findings", fid, "close")
    inspector.transition("inspections", inspection["id"], "report")
    inspector.transition("inspections", inspection["id"], "close")

    events = api(cast.head).get("/api/v1/events/").json()["results"]
    assert [(e["type"], e["subject_type"]) for e in events] == [
        ("inspection.started", "inspection"),
        ("finding.raised", "finding"),
        ("finding.acknowledged", "finding"),
        ("finding.remediation_submitted", "finding"),
        ("finding.reopened", "finding"),
        ("finding.remediation_submitted", "finding"),
        ("finding.closed", "finding"),
        ("inspection.reported", "inspection"),
        ("inspection.closed", "inspection"),
    ]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids)
    team = sorted([cast.inspector.pk, cast.inspector2.pk])

    for e in events:
        assert e["agency"] == cast.agency.pk
        if e["subject_type"] == "finding":
            assert e["subject_id"] == fid
            assert set(e["payload"]) == FINDING_CONTRACT | SERVICE_KEYS, e["type"]
            p = e["payload"]
            assert p["inspection"] == inspection["id"] and p["office"] == cast.office_a.pk
            assert p["inspectors"] == team and p["severity"] == "medium"
            assert p["due_date"] == (today + datetime.timedelta(days=30)).isoformat()
            assert p["description"] == long_text[:200]
            assert p["state"] == p["to"]
        else:
            assert e["subject_id"] == inspection["id"]
            assert set(e["payload"]) == INSPECTION_CONTRACT | SERVICE_KEYS, e["type"]
            assert e["payload"]["offices"] == sorted([cast.office_a.pk, cast.office_b.pk])
            assert e["payload"]["inspectors"] == team
            assert e["payload"]["title"] == "Kiểm tra CCHC quý II"

    by_type = {e["type"]: e for e in events}
    raised = by_type["finding.raised"]
    assert (raised["payload"]["from"], raised["payload"]["to"], raised["actor"]) == ("", "open", cast.inspector.pk)
    reopened = by_type["finding.reopened"]
    assert reopened["payload"]["reason"] == "Chưa đủ" and reopened["actor"] == cast.inspector.pk
    assert reopened["payload"]["state"] == "in_remediation"
    assert by_type["finding.acknowledged"]["actor"] == cast.officer.pk

    history = officer.get(f"/api/v1/findings/{fid}/history/").json()["results"]
    assert [(h["transition"], h["from"], h["to"]) for h in history] == [
        ("raise", "", "open"),
        ("acknowledge", "open", "in_remediation"),
        ("submit_remediation", "in_remediation", "remediation_submitted"),
        ("reopen", "remediation_submitted", "in_remediation"),
        ("submit_remediation", "in_remediation", "remediation_submitted"),
        ("close", "remediation_submitted", "closed"),
    ]
    assert history[0]["by"] == cast.inspector.pk
    ihistory = inspector.get(f"/api/v1/inspections/{inspection['id']}/history/").json()["results"]
    assert [h["to"] for h in ihistory] == ["in_progress", "reported", "closed"]


def test_a_refused_change_writes_no_event(cast, api, make_finding):
    finding = make_finding(state="remediation_submitted")
    api(cast.officer).transition("findings", finding.pk, "close")
    api(cast.inspector).transition("findings", finding.pk, "acknowledge")
    api(cast.inspector).transition("findings", finding.pk, "reopen", {"reason": ""})
    assert not Event.objects.exists()
