"""Production settings from the environment (backend/settings.py, docs/deploy.md), checked
in fresh processes the way a server starts: DEBUG off by default, no start with a
published secret, and ``check --deploy`` clean with the documented variables."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "production.env.example"
SETTINGS_VARS = ("DJANGO_", "PAR_", "DATABASE_URL", "REDIS_URL")


def documented_env():
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def run(args, env_vars, **kwargs):
    # Only what the test names: none of the test run's own settings variables leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_VARS)}
    env.update({"DJANGO_SETTINGS_MODULE": "backend.settings", "PAR_VAR_DIR": "/tmp/par-deploy-test"}, **env_vars)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, **kwargs)


def settings_in(env_vars, *names):
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))")
    result = run(["-c", code], env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], documented_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_documented_variables_reach_the_settings():
    env = documented_env()
    got = settings_in(env, "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_PROXY_SSL_HEADER",
                      "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                      "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECRET_KEY")
    assert got == {
        "DEBUG": False, "ALLOWED_HOSTS": ["cchc.example.gov.vn"],
        "CSRF_TRUSTED_ORIGINS": ["https://cchc.example.gov.vn"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True, "SECRET_KEY": env["DJANGO_SECRET_KEY"],
    }


def test_debug_is_off_unless_asked_for():
    env = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    assert settings_in(env, "DEBUG") == {"DEBUG": False}
    assert settings_in({**env, "DJANGO_DEBUG": "1"}, "DEBUG") == {"DEBUG": True}


@pytest.mark.parametrize("secret", [None, "", "dev-only-insecure-key-change-me-in-production",
                                    "change-me-in-production-please", "short-secret"])
def test_without_debug_the_app_refuses_a_published_or_missing_secret(secret):
    env = {} if secret is None else {"DJANGO_SECRET_KEY": secret}
    for args in (["manage.py", "check"], ["-c", "import backend.asgi"]):
        result = run(args, env)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in result.stderr, result.stderr[-2000:]


def test_development_mode_starts_with_the_built_in_secret():
    result = run(["manage.py", "check"], {"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_compose_has_no_fallback_secret_and_turns_debug_off():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "change-me-in-production-please" not in compose
    assert 'DJANGO_DEBUG: "0"' in compose and "${DJANGO_SECRET_KEY:?" in compose
