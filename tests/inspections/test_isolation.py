"""Another agency's inspections and findings do not exist for you."""
import pytest

from tests.factories.inspections import FindingFactory, InspectionFactory


@pytest.fixture
def theirs(cast):
    inspection = InspectionFactory(agency=cast.other_agency, offices=[cast.other_office],
                                   inspectors=[cast.outsider_inspector], state="in_progress")
    finding = FindingFactory(inspection=inspection, office=cast.other_office, state="remediation_submitted")
    return inspection, finding


@pytest.mark.parametrize("who", ["head", "officer", "inspector", "admin"])
def test_other_agencys_inspections_and_findings_are_404(cast, api, theirs, make_finding, who):
    inspection, finding = theirs
    mine = make_finding()
    client = api(getattr(cast, who))
    assert client.get("/api/v1/inspections/").json()["count"] == 1
    assert [f["id"] for f in client.get("/api/v1/findings/").json()["results"]] == [mine.pk]
    for path in (f"/api/v1/inspections/{inspection.pk}/", f"/api/v1/findings/{finding.pk}/",
                 f"/api/v1/findings/{finding.pk}/evidence/", f"/api/v1/findings/{finding.pk}/comments/",
                 f"/api/v1/findings/{finding.pk}/history/", f"/api/v1/inspections/{inspection.pk}/history/"):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", path
    for name in ("close", "reopen", "acknowledge"):
        assert client.transition("findings", finding.pk, name, {"reason": "x"}).status_code == 404
    assert client.transition("inspections", inspection.pk, "report").status_code == 404
    assert client.post(f"/api/v1/findings/{finding.pk}/evidence/", {"url": "https://a.vn/x"}).status_code == 404
    assert client.post(f"/api/v1/findings/{finding.pk}/comments/", {"body": "x"}).status_code == 404
    assert client.patch(f"/api/v1/findings/{finding.pk}/", {"severity": "low"}).status_code == 404
    finding.refresh_from_db()
    assert finding.state == "remediation_submitted"


def test_findings_cannot_point_into_another_agency(cast, api, theirs, make_inspection, make_task):
    inspection, _ = theirs
    r = api(cast.inspector).post("/api/v1/findings/", {
        "inspection": inspection.pk, "office": cast.other_office.pk, "description": "x",
        "severity": "low", "due_date": cast.today.isoformat()})
    assert r.status_code == 400 and "inspection" in r.json()["error"]["details"]
    from tests.factories.plans import ReformPlanFactory, TaskFactory

    their_task = TaskFactory(plan=ReformPlanFactory(agency=cast.other_agency), field=cast.field)
    mine = make_inspection()
    from tests.factories.inspections import FindingFactory as F

    finding = F(inspection=mine, office=cast.office_a)
    r = api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": their_task.pk})
    assert r.status_code == 400 and "follow_up_task" in r.json()["error"]["details"]


def test_the_outsider_inspector_cannot_act_in_this_agency(cast, api, make_finding):
    finding = make_finding(state="remediation_submitted")
    r = api(cast.outsider_inspector).transition("findings", finding.pk, "close")
    assert r.status_code == 404
    # Even if they somehow were on the team, the agency check refuses.
    finding.inspection.inspectors.add(cast.outsider_inspector)
    from workflows.errors import TransitionForbidden
    from workflows.services import run_transition

    with pytest.raises(TransitionForbidden):
        run_transition(finding, "close", actor=cast.outsider_inspector)
