"""A finding's remediation term moves only by the ``extend`` transition: history + event."""
import datetime

import pytest

from backend.inspections.models import Finding

from tests.events import events_of, history_of

pytestmark = pytest.mark.django_db


def _extend(client, finding, due_date, reason="Đơn vị cần thêm thời gian sửa quy trình"):
    return client.transition("findings", finding.pk, "extend",
                             {"due_date": due_date.isoformat(), "reason": reason})


@pytest.mark.parametrize("state", ["open", "in_remediation", "remediation_submitted"])
def test_the_head_extends_within_the_term_and_the_flag_clears_with_history_and_event(cast, api, make_finding,
                                                                                    state):
    # Flagged by mistake (a day off declared after the pass): within the term the
    # extension gives a clean new term.
    old_due = cast.today + datetime.timedelta(days=2)
    finding = make_finding(state=state, due_date=old_due, overdue=True, overdue_since=cast.today)
    new_due = cast.today + datetime.timedelta(days=20)
    r = _extend(api(cast.head), finding, new_due)
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["state"], body["due_date"], body["overdue"], body["overdue_since"]) == (
        state, new_due.isoformat(), False, None)
    record = history_of(finding)[-1]
    assert (record.transition, record.from_state, record.to_state, record.actor_id) == (
        "extend", state, state, cast.head.pk)
    assert record.reason == "Đơn vị cần thêm thời gian sửa quy trình"
    assert record.data["changes"] == {"due_date": {"from": old_due.isoformat(), "to": new_due.isoformat()},
                                      "overdue": {"from": True, "to": False},
                                      "overdue_since": {"from": cast.today.isoformat(), "to": None}}
    event = events_of(finding)[-1]
    assert event.type == "finding.deadline_extended" and event.pk == record.event_id
    assert event.payload["changes"]["due_date"]["to"] == new_due.isoformat()


@pytest.mark.parametrize("state", ["open", "in_remediation", "remediation_submitted"])
def test_an_extension_after_the_term_keeps_the_overdue_in_the_record(cast, api, make_finding, state):
    # Ten days ago: the term (even run on past days off) ended before today.
    old_due = cast.today - datetime.timedelta(days=10)
    since = old_due + datetime.timedelta(days=1)
    finding = make_finding(state=state, due_date=old_due, overdue=True, overdue_since=since)
    new_due = cast.today + datetime.timedelta(days=20)
    r = _extend(api(cast.head), finding, new_due)
    assert r.status_code == 200, r.json()
    assert (r.json()["due_date"], r.json()["overdue"], r.json()["overdue_since"]) == (
        new_due.isoformat(), True, since.isoformat())
    assert history_of(finding)[-1].data["changes"] == {
        "due_date": {"from": old_due.isoformat(), "to": new_due.isoformat()}}


def test_the_head_sees_extend_among_the_transitions(cast, api, make_finding):
    finding = make_finding(due_date=cast.today + datetime.timedelta(days=3))
    assert api(cast.head).get(f"/api/v1/findings/{finding.pk}/").json()["available_transitions"] == ["acknowledge", "extend"]


@pytest.mark.parametrize("who, status", [("officer", 403), ("office_head", 403), ("inspector", 403),
                                         ("inspector2", 403), ("outsider_head", 404)])
def test_others_may_not_extend(cast, api, make_finding, who, status):
    due = cast.today + datetime.timedelta(days=3)
    finding = make_finding(due_date=due)
    assert _extend(api(getattr(cast, who)), finding, due + datetime.timedelta(days=5)).status_code == status
    assert Finding.objects.get(pk=finding.pk).due_date == due
    assert history_of(finding) == []


def test_the_new_date_is_later_and_a_reason_is_given(cast, api, make_finding):
    due = cast.today + datetime.timedelta(days=3)
    finding = make_finding(due_date=due)
    client = api(cast.head)
    r = _extend(client, finding, due)
    assert r.status_code == 400 and "due_date" in r.json()["error"]["details"]
    r = client.transition("findings", finding.pk, "extend", {"due_date": (due + datetime.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and "reason" in r.json()["error"]["details"]
    r = _extend(client, finding, due + datetime.timedelta(days=1), reason="   ")
    assert r.status_code == 400
    assert Finding.objects.get(pk=finding.pk).due_date == due and history_of(finding) == []


def test_a_closed_finding_keeps_its_term(cast, api, make_finding):
    finding = make_finding(state="closed", due_date=cast.today)
    r = _extend(api(cast.head), finding, cast.today + datetime.timedelta(days=5))
    assert r.status_code == 409 and r.json()["error"]["code"] == "invalid_transition"


def test_patching_the_due_date_points_to_the_transition(cast, api, make_finding):
    due = cast.today - datetime.timedelta(days=1)
    finding = make_finding(due_date=due, overdue=True, overdue_since=cast.today)
    r = api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/",
                                  {"due_date": (cast.today + datetime.timedelta(days=9)).isoformat()})
    assert r.status_code == 400
    assert "extend" in r.json()["error"]["details"]["due_date"][0]
    finding.refresh_from_db()
    assert (finding.due_date, finding.overdue) == (due, True)
    assert history_of(finding) == [] and events_of(finding) == []
    # who first: someone who may not edit the finding hears that, not the pointer
    assert api(cast.officer).patch(f"/api/v1/findings/{finding.pk}/",
                                   {"due_date": cast.today.isoformat()}).status_code == 403
