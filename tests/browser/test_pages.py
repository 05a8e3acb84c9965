"""Every main page in a real browser: axe-core finds no serious or critical violation;
screenshots at desktop and phone widths; no sideways scrolling at 390 px where people
work on phones (home, board, task page)."""
import pytest

from .conftest import PHONE, axe_violations, horizontal_overflow, screenshot

pytestmark = pytest.mark.timeout(180)


def first_id(live_app, username, path):
    results = live_app.api(username, "GET", path)["results"]
    assert results, f"the demo has something at {path}"
    return results[0]["id"]


def officer_task(live_app):
    me = live_app.api("officer", "GET", "/api/v1/me/")
    return first_id(live_app, "officer", f"/api/v1/tasks/?assignee={me['id']}&state=in_progress")


# (name, user, path or a function of live_app giving it, phone-width check)
PAGES = [
    ("login", None, "/login/", False),
    ("home-head", "head", "/", True),
    ("home-office_head", "office_head", "/", True),
    ("home-officer", "officer", "/", True),
    ("home-inspector", "inspector", "/", True),
    ("home-admin", "admin", "/", True),
    ("board", "head", "/plans/", True),
    ("task", "officer", lambda app: f"/tasks/{officer_task(app)}/", True),
    ("inspections", "inspector", "/inspections/", False),
    ("inspection", "inspector",
     lambda app: f"/inspections/{first_id(app, 'inspector', '/api/v1/inspections/')}/", False),
    ("finding", "inspector",
     lambda app: f"/findings/{first_id(app, 'inspector', '/api/v1/findings/')}/", False),
    ("dashboard", "head", "/scores/", False),
    ("notifications", "officer", "/notifications/", False),
    ("notification-preferences", "officer", "/notifications/preferences/", False),
]


@pytest.mark.parametrize(("name", "user", "path", "phone_checked"), PAGES,
                         ids=[p[0] for p in PAGES])
def test_page(name, user, path, phone_checked, open_as, browser, live_app):
    if callable(path):
        path = path(live_app)
    if user is None:
        context = browser.new_context(base_url=live_app.url, viewport={"width": 1280, "height": 800})
        page = context.new_page()
    else:
        page = open_as(user)
    # The Content-Security-Policy (script-src 'self'): anything of ours it blocks is a failure.
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        response = page.goto(path)
        assert response.status == 200, f"{path} as {user}: HTTP {response.status}"
        assert "script-src 'self'" in response.headers.get("content-security-policy", "")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "vi"

        screenshot(page, name)
        violations = axe_violations(page)
        assert violations == [], f"{path}: serious/critical accessibility violations: {violations}"

        if phone_checked:
            page.set_viewport_size(PHONE)
            page.wait_for_timeout(100)
            assert horizontal_overflow(page) <= 0, f"{path} scrolls sideways at 390 px"
            assert axe_violations(page) == [], f"{path} at 390 px"
        assert refused == [], f"{path}: the Content-Security-Policy blocked: {refused}"
    finally:
        if user is None:
            context.close()
