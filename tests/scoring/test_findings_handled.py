"""Findings handled (issue 13, item 7), worked by hand from the rule's text.

876 template 1.6 (rate_bands): rate = findings handled / findings whose remediation
deadline falls in the year; ≥ 100% → 1; ≥ 70% → 0.5; otherwise 0. "Handled" is remedied
and closed, or referred to the competent authority (par-index-method.md §9). With no
finding due in the year: 1 point only when at least one inspection was carried out in
the year (the catalogue's ``if_none``), otherwise 0.
"""
from decimal import Decimal

import pytest

from backend.scoring.selectors import criterion_score
from notifications.models import Notification
from tests.events import verify_action
from tests.factories.inspections import FindingFactory
from workflows.models import TransitionRecord

from .conftest import YEAR, d

pytestmark = pytest.mark.django_db


def points_16(world, as_of=d(12, 31)):
    return criterion_score(world.agency, YEAR, as_of=as_of).component("1.6")


def test_the_office_and_the_heads_are_told_of_a_referral(world, api, make_finding,
                                                        django_capture_on_commit_callbacks):
    finding = make_finding(state="open", description="Quy định phân cấp chưa được điều chỉnh")
    with django_capture_on_commit_callbacks(execute=True):
        r = api(world.inspector).post(f"/api/v1/findings/{finding.pk}/transitions/refer/",
                                      {"authority": "UBND tỉnh", "reason": "Thuộc thẩm quyền của tỉnh"})
    assert r.status_code == 200 and r.json()["state"] == "referred" and r.json()["referred_to"] == "UBND tỉnh"
    told = {n.recipient_id: (n.title, n.body) for n in Notification.objects.filter(event_type="finding.referred")}
    assert set(told) == {world.officer.pk, world.office_head.pk, world.head.pk}
    title, body = told[world.officer.pk]
    assert title == "Tồn tại, hạn chế đã được kiến nghị cấp có thẩm quyền xử lý"
    assert "đã kiến nghị UBND tỉnh xử lý tồn tại, hạn chế" in body and "Thuộc thẩm quyền của tỉnh" in body


def test_a_referred_finding_counts_as_handled(world, api, template, year_plan, inspection):
    """3 findings due in 2025: 2 closed, 1 referred → 3/3 = 100% → 1 point.
    Without the referral: 2/3 = 66.7% < 70% → 0 points."""
    held = inspection([world.office_a], state="reported")
    closed = [FindingFactory(inspection=held, office=world.office_a, state="closed", due_date=d(8, 1))
              for _ in range(2)]
    beyond = FindingFactory(inspection=held, office=world.office_a, state="in_remediation", due_date=d(8, 1))
    assert closed and points_16(world).points == Decimal("0.00")  # 2/3 before the referral

    url = f"/api/v1/findings/{beyond.pk}/transitions/refer/"
    verify_action(lambda: api(world.inspector).post(url, {"authority": "UBND tỉnh", "reason": "Ngoài thẩm quyền của Sở"}), [
        ("finding.referred", beyond, {"state": "referred", "from": "in_remediation",
                                      "referred_to": "UBND tỉnh", "reason": "Ngoài thẩm quyền của Sở"}),
    ])
    beyond.refresh_from_db()
    assert (beyond.state, beyond.referred_to, beyond.overdue) == ("referred", "UBND tỉnh", False)
    record = TransitionRecord.objects.get(subject_type="finding", subject_id=beyond.pk, transition="refer")
    assert (record.from_state, record.to_state, record.reason) == ("in_remediation", "referred", "Ngoài thẩm quyền của Sở")

    c = points_16(world)
    assert (c.measurement.counted, c.measurement.total, c.points) == (3, 3, Decimal("1.00"))
    # The inspection may close: a referred finding is no longer open.
    r = api(world.inspector).post(f"/api/v1/inspections/{held.pk}/transitions/close/", {})
    assert r.status_code == 200, r.json()


def test_refer_needs_the_authority_and_a_reason_and_an_inspector_of_the_inspection(world, api, make_finding):
    finding = make_finding(state="open")
    url = f"/api/v1/findings/{finding.pk}/transitions/refer/"
    r = api(world.officer).post(url, {"authority": "UBND tỉnh", "reason": "x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"
    r = api(world.inspector).post(url, {"authority": "  ", "reason": ""})
    assert r.status_code == 400
    assert set(r.json()["error"]["details"]) == {"authority", "reason"}
    finding.refresh_from_db()
    assert finding.state == "open"


def test_no_findings_and_no_inspection_is_not_full_points(world, template, year_plan, inspection):
    """No finding due in 2025 and no inspection carried out → 0 points (nobody looked).
    A planned inspection is not carried out: still 0. One started → 1 point."""
    assert (points_16(world).measurement.value, points_16(world).points) == (None, Decimal("0.00"))
    inspection([world.office_a], state="planned")
    assert points_16(world).points == Decimal("0.00")
    inspection([world.office_b], state="in_progress", start=d(10, 1))
    assert points_16(world).points == Decimal("1.00")
    # As of before that inspection began, it had not been carried out yet.
    assert points_16(world, as_of=d(9, 30)).points == Decimal("0.00")


def test_the_population_is_the_findings_due_in_the_year(world, template, year_plan, inspection):
    """Findings of a 2024 inspection due in 2025 count in 2025 (carried over); a 2025
    finding due in 2026 does not. Due in 2025: carried-over open + 2025 closed = 1/2 =
    50% < 70% → 0 points; the 2026 one would not change that."""
    old = inspection([world.office_a], state="reported", start=d(11, 1, YEAR - 1))
    carried = FindingFactory(inspection=old, office=world.office_a, state="in_remediation", due_date=d(3, 31))
    FindingFactory(inspection=old, office=world.office_a, state="closed", due_date=d(12, 15, YEAR - 1))  # 2024's
    this = inspection([world.office_a], state="reported", start=d(5, 10))
    FindingFactory(inspection=this, office=world.office_a, state="closed", due_date=d(8, 1))
    FindingFactory(inspection=this, office=world.office_a, state="open", due_date=d(2, 1, YEAR + 1))
    c = points_16(world)
    assert (c.measurement.counted, c.measurement.total) == (1, 2)
    assert c.measurement.value == Decimal("0.5") and c.points == Decimal("0.00")
    result = criterion_score(world.agency, YEAR, as_of=d(12, 31))
    evidence = c.measure.evidence(result.scope, world.agency.pk).cut(10)
    assert [item["id"] for item in evidence["against"]] == [carried.pk]
