"""Every transition of inspections and findings, by every member of the cast.

Allowed: 200, the new state, one history row, one event. Refused: 403 for the agency's
other people, 404 for another agency's (they cannot see it), and nothing changes.
"""
import pytest

from workflows.models import Event, TransitionRecord

from .conftest import CAST, OUTSIDERS, events_of, history_of

INSPECTION_TRANSITIONS = [
    # name, from, to, event
    ("start", "planned", "in_progress", "inspection.started"),
    ("report", "in_progress", "reported", "inspection.reported"),
    ("close", "reported", "closed", "inspection.closed"),
]

RESPONSIBLE = {"head", "office_head", "officer"}  # finding against office_a
VERIFIER = {"inspector"}
FINDING_TRANSITIONS = [
    # name, from, to, event, body, who may
    ("acknowledge", "open", "in_remediation", "finding.acknowledged", {}, RESPONSIBLE),
    ("submit_remediation", "in_remediation", "remediation_submitted", "finding.remediation_submitted",
     {"note": "Đã niêm yết đầy đủ thủ tục hành chính"}, RESPONSIBLE),
    ("close", "remediation_submitted", "closed", "finding.closed", {"comment": "Đạt yêu cầu"}, VERIFIER),
    ("reopen", "remediation_submitted", "in_remediation", "finding.reopened",
     {"reason": "Chưa có ảnh chụp bảng niêm yết"}, VERIFIER),
]


def _expected_refusal(who):
    return 404 if who in OUTSIDERS else 403


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(("name", "source", "target", "event_type"), INSPECTION_TRANSITIONS,
                         ids=[t[0] for t in INSPECTION_TRANSITIONS])
def test_inspection_transition_by_role(cast, api, make_inspection, who, name, source, target, event_type):
    inspection = make_inspection(state=source)
    r = api(getattr(cast, who)).transition("inspections", inspection.pk, name)
    inspection.refresh_from_db()
    if who == "inspector":
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["state"] == target == inspection.state
        assert [e.type for e in events_of(inspection)] == [event_type]
        record, = history_of(inspection)
        assert (record.transition, record.from_state, record.to_state, record.actor) == (
            name, source, target, cast.inspector)
    else:
        assert r.status_code == _expected_refusal(who), r.json()
        assert r.json()["error"]["code"] == ("not_found" if who in OUTSIDERS else "permission_denied")
        assert inspection.state == source
        assert events_of(inspection) == [] and history_of(inspection) == []


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(("name", "source", "target", "event_type", "body", "allowed"), FINDING_TRANSITIONS,
                         ids=[t[0] for t in FINDING_TRANSITIONS])
def test_finding_transition_by_role(cast, api, make_finding, who, name, source, target, event_type, body,
                                    allowed):
    finding = make_finding(state=source)
    r = api(getattr(cast, who)).transition("findings", finding.pk, name, body)
    finding.refresh_from_db()
    if who in allowed:
        assert r.status_code == 200, r.json()
        assert r.json()["state"] == target == finding.state
        assert [e.type for e in events_of(finding)] == [event_type]
        record, = history_of(finding)
        assert (record.transition, record.from_state, record.to_state) == (name, source, target)
        assert record.actor == getattr(cast, who)
        assert record.reason == body.get("reason", "")
    else:
        assert r.status_code == _expected_refusal(who), r.json()
        assert finding.state == source
        assert events_of(finding) == [] and history_of(finding) == []


@pytest.mark.parametrize("who", ["officer2", "office_head_b"])
def test_the_other_offices_people_act_on_findings_against_their_own_office(cast, api, make_finding, who):
    finding = make_finding(office=cast.office_b)
    r = api(getattr(cast, who)).transition("findings", finding.pk, "acknowledge")
    assert r.status_code == 200, r.json()
    assert api(cast.officer).transition("findings", finding.pk, "submit_remediation",
                                        {"note": "x"}).status_code == 403


FINDING_STATES = ["open", "in_remediation", "remediation_submitted", "closed"]
INSPECTION_STATES = ["planned", "in_progress", "reported", "closed"]


@pytest.mark.parametrize(("name", "state"), [(t[0], s) for t in FINDING_TRANSITIONS
                                             for s in FINDING_STATES if s != t[1]])
def test_finding_transition_from_a_wrong_state_is_409(cast, api, make_finding, name, state):
    _, _, _, _, body, allowed = next(t for t in FINDING_TRANSITIONS if t[0] == name)
    finding = make_finding(state=state)
    actor = cast.inspector if allowed == VERIFIER else cast.officer
    r = api(actor).transition("findings", finding.pk, name, body)
    assert r.status_code == 409, r.json()
    error = r.json()["error"]
    assert error["code"] == "invalid_transition"
    assert error["details"]["state"] == state
    assert name not in error["details"]["available_transitions"]
    assert f"'{state}'" in error["message"]
    finding.refresh_from_db()
    assert finding.state == state
    assert not Event.objects.exists() and not TransitionRecord.objects.exists()


@pytest.mark.parametrize(("name", "state"), [(t[0], s) for t in INSPECTION_TRANSITIONS
                                             for s in INSPECTION_STATES if s != t[1]])
def test_inspection_transition_from_a_wrong_state_is_409(cast, api, make_inspection, name, state):
    inspection = make_inspection(state=state)
    r = api(cast.inspector).transition("inspections", inspection.pk, name)
    assert r.status_code == 409, r.json()
    assert r.json()["error"]["code"] == "invalid_transition"
    assert r.json()["error"]["details"]["state"] == state
    inspection.refresh_from_db()
    assert inspection.state == state
    assert not Event.objects.exists()


def test_unknown_transition_names_are_404(cast, api, make_finding, make_inspection):
    finding = make_finding()
    for kind, pk in (("findings", finding.pk), ("inspections", make_inspection().pk)):
        for name in ("raise", "approve", "x" * 60):
            r = api(cast.inspector).transition(kind, pk, name)
            assert r.status_code == 404, (kind, name, r.status_code)
            assert r.json()["error"]["code"] == "not_found"


def test_available_transitions_follow_role_and_state(cast, api, make_finding):
    finding = make_finding(state="remediation_submitted")
    assert api(cast.inspector).get(f"/api/v1/findings/{finding.pk}/").json()["available_transitions"] == [
        "close", "refer", "reopen"]
    assert api(cast.inspector2).get(f"/api/v1/findings/{finding.pk}/").json()["available_transitions"] == []
    assert api(cast.officer).get(f"/api/v1/findings/{finding.pk}/").json()["available_transitions"] == []
    opened = make_finding(state="open")
    assert api(cast.officer).get(f"/api/v1/findings/{opened.pk}/").json()["available_transitions"] == [
        "acknowledge"]
    assert api(cast.inspector).get(f"/api/v1/findings/{opened.pk}/").json()["available_transitions"] == ["refer"]
