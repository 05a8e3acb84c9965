"""Raising and remedying a finding write exactly their events, with the keys the rules read."""
import datetime

import pytest

from backend.inspections.models import Finding
from tests.events import assert_events, capture_events, verify_action

pytestmark = pytest.mark.django_db


def _ok(response, status=200):
    assert response.status_code == status, response.json()
    return response


def test_raise_acknowledge_submit_close_write_one_event_each(cast, api, make_inspection):
    inspection = make_inspection()
    due = cast.today + datetime.timedelta(days=20)
    inspector, officer = api(cast.inspector), api(cast.officer)
    body = {"inspection": inspection.pk, "office": cast.office_a.pk, "description": "Chưa niêm yết thủ tục",
            "severity": "high", "due_date": due.isoformat()}

    # The new finding's id is known only afterwards: capture, then compare.
    with capture_events() as events:
        finding_id = _ok(inspector.post("/api/v1/findings/", body), 201).json()["id"]
    finding = Finding.objects.get(pk=finding_id)
    assert_events(events, [
        ("finding.raised", finding, {
            "transition": "raise", "from": "", "to": "open", "state": "open", "office": cast.office_a.pk,
            "inspection": inspection.pk, "inspectors": [cast.inspector.pk], "severity": "high",
            "due_date": due.isoformat(), "description": "Chưa niêm yết thủ tục"}),
    ])
    verify_action(lambda: _ok(officer.transition("findings", finding.pk, "acknowledge")), [
        ("finding.acknowledged", finding, {"from": "open", "to": "in_remediation"}),
    ])
    verify_action(lambda: _ok(officer.transition("findings", finding.pk, "submit_remediation",
                                                 {"note": "Đã niêm yết"})), [
        ("finding.remediation_submitted", finding, {"from": "in_remediation", "to": "remediation_submitted",
                                                    "inspectors": [cast.inspector.pk]}),
    ])
    verify_action(lambda: _ok(inspector.transition("findings", finding.pk, "close", {"comment": "Đạt"})), [
        ("finding.closed", finding, {"transition": "close", "from": "remediation_submitted", "to": "closed",
                                     "office": cast.office_a.pk}),
    ])
