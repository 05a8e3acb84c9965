"""The demo department gains an inspection of this year with findings in every state."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.inspections.models import Finding, Inspection
from backend.inspections.machines import FindingState
from workflows.models import Event, TransitionRecord


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    output = _seed()
    inspection = Inspection.objects.get(start_date__year=timezone.localdate().year,
                                        agency__name="Sở Xây dựng tỉnh Quảng Trị")
    return inspection, output


def test_an_inspection_of_this_year_with_findings_in_every_state(seeded):
    inspection, output = seeded
    assert inspection.state == "reported"
    assert "inspection" in output
    offices = set(inspection.offices.values_list("name", flat=True))
    assert "Phòng Quản lý xây dựng" in offices and len(offices) == 2  # the officer's office and another
    assert list(inspection.inspectors.values_list("username", flat=True)) == ["inspector"]
    findings = list(inspection.findings.all())
    assert {f.state for f in findings} == set(FindingState.values)
    closed = [f for f in findings if f.state == "closed"]
    assert {f.remediated_on_time for f in closed} == {True, False}
    assert any(f.follow_up_task_id for f in findings)
    assert all(f.due_date >= inspection.start_date for f in findings)
    assert any(f.evidence.exists() for f in findings)


def test_the_demo_history_is_real_and_in_date_order(seeded):
    inspection, _ = seeded
    for finding in inspection.findings.all():
        history = list(TransitionRecord.objects.filter(subject_type="finding", subject_id=finding.pk)
                       .order_by("id"))
        assert (history[0].transition, history[0].from_state, history[-1].to_state) == (
            "raise", "", finding.state)
        assert [h.at for h in history] == sorted(h.at for h in history)
        assert all(h.at <= timezone.now() for h in history)
    reopened = TransitionRecord.objects.get(subject_type="finding", transition="reopen")
    assert reopened.reason
    events = list(Event.objects.filter(subject_type__in=["inspection", "finding"]).order_by("id"))
    assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
    assert events[0].type == "inspection.started"


def test_seeding_again_changes_nothing(seeded):
    counts = (Inspection.objects.count(), Finding.objects.count(), Event.objects.count())
    assert "nothing changed" in _seed()
    assert (Inspection.objects.count(), Finding.objects.count(), Event.objects.count()) == counts
