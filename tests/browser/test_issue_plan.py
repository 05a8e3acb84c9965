"""The head issues (ban hành) a plan by its signed plan document, in a real browser: the
issue page asks for the document, says what is missing in a GOV.UK error summary, records
the document with its scan, and the board shows the plan issued by that document."""
import datetime

import pytest

from .conftest import axe_violations, screenshot
from .pages import PDF, settle, visit

pytestmark = pytest.mark.timeout(180)


def a_draft_plan(live_app) -> dict:
    """A draft plan of a year nobody uses yet (the session's server is shared)."""
    years = {p["year"] for p in live_app.api("head", "GET", "/api/v1/plans/?page_size=200")["results"]}
    year = max(years) + 1
    return live_app.api("head", "POST", "/api/v1/plans/", {
        "year": year, "title": f"Kế hoạch cải cách hành chính năm {year}",
        "issue_deadline": f"{year - 1}-12-31"})


def test_head_issues_a_plan_by_its_signed_document(open_as, live_app):
    plan = a_draft_plan(live_app)
    head = open_as("head")
    visit(head, f"/plans/{plan['id']}/")
    head.get_by_role("link", name="Ban hành kế hoạch").click()
    head.wait_for_url(f"**/plans/{plan['id']}/transitions/approve/")
    assert head.get_by_role("heading", level=1).inner_text() == "Ban hành kế hoạch"

    # Sent with nothing filled in: the summary lists what is missing, each a link to its field.
    with head.expect_navigation():
        head.get_by_role("button", name="Ban hành kế hoạch").click()
    summary = head.locator(".error-summary")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert "Số, ký hiệu" in summary.inner_text() and "Trích yếu" in summary.inner_text()
    screenshot(head, "plan-issue-errors")
    assert axe_violations(head) == []
    assert live_app.api("head", "GET", f"/api/v1/plans/{plan['id']}/")["state"] == "draft"

    signed = datetime.date.today() - datetime.timedelta(days=1)
    head.get_by_label("Số, ký hiệu", exact=True).fill("88/KH-SXD")
    head.get_by_label("Ngày ban hành", exact=True).fill(signed.isoformat())
    head.get_by_label("Trích yếu", exact=True).fill(f"Kế hoạch cải cách hành chính năm {plan['year']}")
    assert head.get_by_label("Cơ quan ban hành", exact=True).input_value()  # the agency, filled in
    head.get_by_label("Bản chụp văn bản đã ký").set_input_files(
        {"name": "kh-88.pdf", "mimeType": "application/pdf", "buffer": PDF})
    with head.expect_navigation():
        head.get_by_role("button", name="Ban hành kế hoạch").click()
    settle(head)
    assert head.url.endswith(f"/plans/{plan['id']}/")
    body = head.locator("main").inner_text()
    assert "Kế hoạch đã được ban hành." in body and "theo Kế hoạch số 88/KH-SXD" in body
    screenshot(head, "plan-issued")

    issued = live_app.api("head", "GET", f"/api/v1/plans/{plan['id']}/")
    assert (issued["state"], issued["issued_on"]) == ("approved", signed.isoformat())
    document = live_app.api("head", "GET", f"/api/v1/documents/{issued['issue_document']}/")
    assert (document["number"], document["kind"]) == ("88/KH-SXD", "plan") and document["file_url"]
    # The register lists it.
    visit(head, "/documents/")
    assert "88/KH-SXD" in head.locator("#documents").inner_text()
