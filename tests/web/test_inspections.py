"""The inspection pages: list, plan one, the inspection with its transitions, raise a finding."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.inspections import FindingFactory
from backend.inspections.models import Finding, Inspection
from tests.cast import inspection_cast  # noqa: F401  (the inspection tests' ``cast``)
from tests.events import events_of, history_of

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode()


# --- the list and planning an inspection ---------------------------------------------------

def test_list_in_vietnamese_with_state_dates_offices_inspectors_and_counts(page, cast, make_inspection):
    inspection = make_inspection(title="Kiểm tra CCHC quý II", start_date=datetime.date(2026, 5, 4),
                                 end_date=datetime.date(2026, 5, 8))
    FindingFactory(inspection=inspection, office=cast.office_a)
    FindingFactory(inspection=inspection, office=cast.office_b, state="closed")
    response = page(cast.head).get("/inspections/")
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="vi">' in html and "Các đợt kiểm tra CCHC" in html
    row = html.split(f'id="inspection-row-{inspection.pk}"')[1].split("</tr>")[0]
    assert "Kiểm tra CCHC quý II" in row and f'href="/inspections/{inspection.pk}/"' in row
    assert "đang thực hiện" in row                       # its state, in Vietnamese
    assert "04/05/2026 – 08/05/2026" in row
    assert cast.office_a.name in row and cast.office_b.name in row
    assert str(cast.inspector) in row
    assert ">2 <" in row and "1 chưa đóng" in row        # findings: two, one still open
    # Only an inspector plans inspections.
    assert 'id="inspection-create-form"' not in html


def test_other_agencies_inspections_are_not_listed(page, cast, make_inspection):
    theirs = make_inspection(agency=cast.other_agency, offices=[cast.other_office],
                             inspectors=[cast.outsider_inspector], title="Của sở khác")
    html = html_of(page(cast.inspector).get("/inspections/"))
    assert "Của sở khác" not in html
    assert page(cast.inspector).get(f"/inspections/{theirs.pk}/").status_code == 404


def test_inspector_plans_an_inspection_through_the_service(page, cast):
    client = page(cast.inspector)
    html = html_of(client.get("/inspections/"))
    assert 'id="inspection-create-form"' in html and "Lập kế hoạch kiểm tra" in html
    # Offices of the agency only; the other inspectors of the agency, not the outsider.
    assert cast.office_a.name in html and cast.other_office.name not in html
    assert str(cast.inspector2) in html and str(cast.outsider_inspector) not in html
    response = client.post("/inspections/", {
        "title": "Kiểm tra việc thực hiện kế hoạch CCHC", "offices": [cast.office_a.pk, cast.office_b.pk],
        "inspectors": [cast.inspector2.pk], "start_date": "2026-06-01", "end_date": "2026-06-05"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.state == "planned" and inspection.created_by == cast.inspector
    assert set(inspection.inspectors.all()) == {cast.inspector, cast.inspector2}  # the planner is on it
    assert set(inspection.offices.all()) == {cast.office_a, cast.office_b}


def test_planning_form_shows_errors_beside_the_fields_and_saves_nothing(page, cast):
    response = page(cast.inspector).post("/inspections/", {
        "title": "", "offices": [cast.other_office.pk], "start_date": "2026-06-05", "end_date": "2026-06-01"})
    assert response.status_code == 400
    html = html_of(response)
    assert 'class="error-summary"' in html
    assert 'id="inspection-title-errors"' in html and 'id="inspection-offices-errors"' in html
    assert 'id="inspection-end_date-errors"' in html and "không được trước ngày bắt đầu" in html
    assert not Inspection.objects.exists()


def test_only_an_inspector_may_post_a_plan(page, cast):
    response = page(cast.head).post("/inspections/", {"title": "x", "offices": [cast.office_a.pk],
                                                     "start_date": "2026-06-01", "end_date": "2026-06-02"})
    assert response.status_code == 403
    assert not Inspection.objects.exists()


# --- the inspection page and its transitions -----------------------------------------------

def test_page_shows_offices_inspectors_dates_findings_and_buttons(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress", start_date=datetime.date(2026, 5, 4),
                                 end_date=datetime.date(2026, 5, 8))
    late = FindingFactory(inspection=inspection, office=cast.office_a, severity="high",
                          due_date=datetime.date(2020, 1, 6), overdue=True, description="Hồ sơ trễ hạn")
    response = page(cast.inspector).get(f"/inspections/{inspection.pk}/")
    assert response.status_code == 200
    html = html_of(response)
    assert f'data-live="inspection:{inspection.pk}"' in html and f'data-live="inspection:{inspection.pk} finding:*"' in html
    assert "04/05/2026 – 08/05/2026" in html and cast.office_b.name in html and str(cast.inspector) in html
    row = html.split(f'id="finding-row-{late.pk}"')[1].split("</tr>")[0]
    assert "Hồ sơ trễ hạn" in row and "Cao" in row and "06/01/2020" in row and "quá hạn" in row
    assert 'class="table-danger"' in html.split(f'id="finding-row-{late.pk}"')[1].split(">")[0]
    # The buttons are the available transitions: report (not start, not close).
    assert 'id="transition-report"' in html and "Báo cáo kết quả kiểm tra" in html
    assert 'id="transition-start"' not in html and 'id="transition-close"' not in html
    # An in-progress inspection takes findings: the form, with the inspected offices only.
    form = html.split('id="finding-raise-form"')[1].split("</form>")[0]
    assert cast.office_a.name in form and cast.other_office.name not in form


def test_others_see_the_page_without_buttons_or_raise_form(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress")
    html = html_of(page(cast.officer).get(f"/inspections/{inspection.pk}/"))
    assert 'id="inspection-actions"' not in html and 'id="finding-raise-form"' not in html


def test_start_through_the_page_writes_history_and_event(page, cast, make_inspection):
    inspection = make_inspection(state="planned")
    client = page(cast.inspector)
    assert 'id="transition-start"' in html_of(client.get(f"/inspections/{inspection.pk}/"))
    response = client.post(f"/inspections/{inspection.pk}/transitions/start/")
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == "in_progress"
    assert [(h.transition, h.actor) for h in history_of(inspection)] == [("start", cast.inspector)]
    assert [e.type for e in events_of(inspection)] == ["inspection.started"]
    html = html_of(client.get(response["Location"]))
    assert "Đợt kiểm tra đã bắt đầu." in html and 'id="transition-report"' in html


def test_refused_close_lists_the_open_findings_and_changes_nothing(page, cast, make_inspection):
    inspection = make_inspection(state="reported")
    open_one = FindingFactory(inspection=inspection, office=cast.office_a, state="in_remediation")
    FindingFactory(inspection=inspection, office=cast.office_a, state="closed")
    client = page(cast.inspector)
    html = html_of(client.get(f"/inspections/{inspection.pk}/"))
    assert 'id="transition-close"' not in html and 'id="inspection-close-hint"' in html
    response = client.post(f"/inspections/{inspection.pk}/transitions/close/")  # a stale page, a second tab
    assert response.status_code == 409
    refusal = html_of(response).split('id="inspection-refusal"')[1].split("</div>")[0]
    assert f"#{open_one.pk}" in refusal and "chưa được xác nhận khắc phục" in refusal
    inspection.refresh_from_db()
    assert inspection.state == "reported" and not history_of(inspection) and not events_of(inspection)


def test_refused_by_role_shows_the_message_and_changes_nothing(page, cast, make_inspection):
    inspection = make_inspection(state="planned")
    response = page(cast.inspector2).post(f"/inspections/{inspection.pk}/transitions/start/")
    assert response.status_code == 403
    assert 'id="inspection-refusal"' in html_of(response)
    inspection.refresh_from_db()
    assert inspection.state == "planned" and not history_of(inspection)


def test_unknown_transition_is_refused_in_place(page, cast, make_inspection):
    inspection = make_inspection(state="planned")
    response = page(cast.inspector).post(f"/inspections/{inspection.pk}/transitions/explode/")
    assert response.status_code == 404 and 'id="inspection-refusal"' in html_of(response)


def test_transitions_of_another_agency_are_404(page, cast, make_inspection):
    theirs = make_inspection(agency=cast.other_agency, offices=[cast.other_office],
                             inspectors=[cast.outsider_inspector], state="planned")
    assert page(cast.inspector).post(f"/inspections/{theirs.pk}/transitions/start/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "planned"


# --- raising a finding ----------------------------------------------------------------------

def test_raise_a_finding_through_the_service(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress")
    due = (cast.today + datetime.timedelta(days=20)).isoformat()
    response = page(cast.inspector).post(f"/inspections/{inspection.pk}/findings/", {
        "office": cast.office_a.pk, "description": "Chưa công khai thủ tục", "severity": "high", "due_date": due})
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/findings/{finding.pk}/"
    assert (finding.state, finding.office, finding.severity, finding.created_by) == (
        "open", cast.office_a, "high", cast.inspector)
    assert [(h.transition, h.to_state) for h in history_of(finding)] == [("raise", "open")]
    assert [e.type for e in events_of(finding)] == ["finding.raised"]


def test_raise_validation_beside_the_fields(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress", offices=[cast.office_a])
    past = (cast.today - datetime.timedelta(days=1)).isoformat()
    client = page(cast.inspector)
    response = client.post(f"/inspections/{inspection.pk}/findings/",
                           {"office": cast.office_a.pk, "description": "", "severity": "huge", "due_date": past})
    assert response.status_code == 400
    html = html_of(response)
    assert 'id="finding-description-errors"' in html and 'id="finding-severity-errors"' in html
    # The service's own check (a past due date) comes back beside its field.
    response = client.post(f"/inspections/{inspection.pk}/findings/",
                           {"office": cast.office_a.pk, "description": "x", "severity": "low", "due_date": past})
    assert response.status_code == 400
    errors = html_of(response).split('id="finding-due_date-errors"')[1].split("</ul>")[0]
    assert "hạn khắc phục không được là ngày đã qua" in errors
    # An office not inspected is not a choice.
    response = client.post(f"/inspections/{inspection.pk}/findings/",
                           {"office": cast.office_b.pk, "description": "x", "severity": "low",
                            "due_date": cast.today.isoformat()})
    assert response.status_code == 400 and 'id="finding-office-errors"' in html_of(response)
    assert not Finding.objects.exists()


def test_raise_refused_when_the_inspection_takes_no_findings(page, cast, make_inspection):
    inspection = make_inspection(state="planned")
    client = page(cast.inspector)
    assert 'id="finding-raise-form"' not in html_of(client.get(f"/inspections/{inspection.pk}/"))
    response = client.post(f"/inspections/{inspection.pk}/findings/", {
        "office": cast.office_a.pk, "description": "x", "severity": "low", "due_date": cast.today.isoformat()})
    assert response.status_code == 409
    assert 'id="inspection-refusal"' in html_of(response)
    assert not Finding.objects.exists()


def test_raise_by_someone_not_on_the_team_is_refused(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress")
    response = page(cast.inspector2).post(f"/inspections/{inspection.pk}/findings/", {
        "office": cast.office_a.pk, "description": "x", "severity": "low", "due_date": cast.today.isoformat()})
    assert response.status_code == 403 and not Finding.objects.exists()


# --- live parts and query counts ------------------------------------------------------------

def test_live_parts_come_alone(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress")
    client = page(cast.inspector)
    for part, marker in (("summary", 'id="inspection-summary"'), ("findings", 'id="inspection-findings"'),
                         ("raise", 'id="raise-finding"')):
        html = html_of(client.get(f"/inspections/{inspection.pk}/?part={part}", HTTP_HX_REQUEST="true"))
        assert html.lstrip().startswith("<section") and marker in html and "<html" not in html
    assert client.get(f"/inspections/{inspection.pk}/?part=nope").status_code == 404


def _queries_of_pages(client, cast, make_inspection, count):
    inspection = make_inspection(state="in_progress")
    Finding.objects.bulk_create([
        Finding(inspection=inspection, office=cast.office_a if i % 2 else cast.office_b, description=f"Tồn tại {i}",
                due_date=cast.today + datetime.timedelta(days=i)) for i in range(count)])
    client.get("/inspections/")  # the session and the user are loaded once per test client
    counts = {}
    for url in (f"/inspections/{inspection.pk}/", "/inspections/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[url.count("/")] = len(queries)
    assert html_of(client.get(f"/inspections/{inspection.pk}/")).count('id="finding-row-') == count
    return counts


def test_queries_do_not_grow_with_findings(page, cast, make_inspection):
    client = page(cast.inspector)
    few = _queries_of_pages(client, cast, make_inspection, 5)
    Finding.objects.all().delete()
    Inspection.objects.all().delete()
    many = _queries_of_pages(client, cast, make_inspection, 50)
    assert few == many, (few, many)
    assert max(many.values()) <= 20


def test_malformed_input_never_gives_a_500(page, cast, make_inspection):
    inspection = make_inspection(state="in_progress")
    client = page(cast.inspector)
    huge = "99999999999999999999999"
    assert client.get(f"/inspections/{huge}/").status_code == 404
    assert client.post(f"/inspections/{huge}/transitions/start/").status_code == 404
    assert client.get(f"/findings/{huge}/").status_code == 404
    assert client.get(f"/inspections/{inspection.pk}/?part=%00").status_code == 404
    response = client.post("/inspections/", {"title": "\x00", "offices": [huge, "x"], "inspectors": ["\x00"],
                                             "start_date": "2026-13-45", "end_date": "\x00"})
    assert response.status_code == 400
    response = client.post(f"/inspections/{inspection.pk}/findings/", {
        "office": huge, "description": "\x00" * 3, "severity": "\x00", "due_date": "99999-01-01"})
    assert response.status_code == 400
    assert not Finding.objects.exists()
