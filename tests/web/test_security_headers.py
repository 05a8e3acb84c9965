"""The pages' Content-Security-Policy (django-csp) and the headers every answer carries."""
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "backend" / "web" / "templates"


def _policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_pages_allow_scripts_from_our_own_static_files_only(page, world):
    response = page(world.officer).get("/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other origin
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_the_login_page_has_the_policy_too(page):
    assert "script-src 'self'" in page().get("/login/")["Content-Security-Policy"]


def test_the_api_is_left_to_its_own_headers(page, world, api):
    response = api(world.officer).get("/api/v1/me/")
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_an_inline_script_or_handler(template):
    html = template.read_text()
    # A <script> must load a file (src=...); on*= attributes and javascript: URLs are inline code.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), template
    assert "javascript:" not in html and "hx-on" not in html
