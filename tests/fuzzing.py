"""Schemathesis against the API's own OpenAPI schema, in-process, as one user at a time.

Shared by the short run in the suite (``tests/api/test_fuzz.py``) and the long one
(``bench/fuzz.py``). The schema is the one the API serves (``/api/v1/schema/``); requests
go straight into Django's WSGI application (no server, no network). Each operation is
fuzzed with valid data (what the schema allows) and invalid data (what it does not),
half the time on a real object of the caller's agency, so transitions, evidence and
comments meet real state. Every answer is checked for:

- a server error: any 5xx, or an exception out of the application;
- the schema: the status is one the operation declares, the body matches its schema
  for that status (``response_schema_conformance``), the content type too;
- the error body: every 4xx is ``{"error": {"code", "message", "details"}}`` (API.md).

The fuzzer's own cases include ``POST /api/v1/auth/logout/`` (and ``logout-all``), which
revoke the very token it sends: without a new token every later case would only meet the
authentication layer (a 401). So the harness issues a new token after each case of those
operations, and after any other 401 (counted: ``tokens re-issued``).

One ``Fuzzer`` per user keeps what does not change between rounds (the long run,
``bench/fuzz.py``, runs many): the schema, and the operation/mode/target combinations for
which no case can be generated at all (a negative case of an operation with nothing to
make invalid: hypothesis tries ten times ``examples`` draws, then gives up with
``Unsatisfiable``; nearly half of a round's time went there).
"""
import json
import logging
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from tests.api_client import Api

SCHEMA_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                 response_schema_conformance]
ERROR_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def error_body_problem(status, body_bytes):
    """Why a 4xx body is not the error body of API.md (None when it is)."""
    try:
        body = json.loads(body_bytes)
    except ValueError:
        return f"{status}: not JSON: {body_bytes[:80]!r}"
    error = body.get("error") if isinstance(body, dict) else None
    if list(body) != ["error"] or not isinstance(error, dict):
        return f"{status}: no error object: {str(body)[:120]}"
    if set(error) != {"code", "message", "details"}:
        return f"{status}: keys {sorted(error)}"
    if not (isinstance(error["code"], str) and ERROR_CODE.match(error["code"])):
        return f"{status}: code {error['code']!r}"
    if not (isinstance(error["message"], str) and error["message"].strip()):
        return f"{status}: empty message"
    if not isinstance(error["details"], dict):
        return f"{status}: details {error['details']!r}"
    return None


@dataclass
class Tally:
    """What one user's run sent and what was wrong with the answers."""
    role: str
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list = field(default_factory=list)
    schema_violations: list = field(default_factory=list)
    error_body_violations: list = field(default_factory=list)
    tokens_reissued: int = 0

    def line(self):
        return (f"{self.role:12} requests {self.requests:6}  5xx {len(self.server_errors):3}  "
                f"schema violations {len(self.schema_violations):3}  "
                f"error-body violations {len(self.error_body_violations):3}  "
                f"tokens re-issued {self.tokens_reissued:3}  "
                f"statuses {dict(sorted(self.statuses.items(), key=lambda kv: str(kv[0])))}")

    def add(self, other):
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.server_errors += other.server_errors
        self.schema_violations += other.schema_violations
        self.error_body_violations += other.error_body_violations
        self.tokens_reissued += other.tokens_reissued

    def problems(self):
        return self.server_errors + self.schema_violations + self.error_body_violations


def load_schema(user):
    """The schema as ``user`` is served it, bound to the in-process WSGI application."""
    client = Client()
    client.force_login(user)
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:300]
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = get_wsgi_application()
    return schema


def _resource(path):
    return path.removeprefix("/api/v1/").split("/", 1)[0]


@contextmanager
def connections_kept():
    """As Django's test client does: a request does not close the database connection at
    its start or end. Under a test that connection holds the test's transaction (and with
    the psycopg pool, closing hands it back to the pool: every later query would fail)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@contextmanager
def quiet_request_log():
    """Thousands of refused requests: Django's "Bad Request: …" warnings and django-axes'
    "New login failure" lines (the fuzzer's wrong passwords) say nothing here."""
    loggers = [logging.getLogger(name) for name in ("django.request", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _send(case, headers, tally):
    label = f"{case.method} {case.formatted_path}"
    tally.requests += 1
    try:
        response = case.call(headers=headers)
    except Exception as exc:  # noqa: BLE001  an exception out of the application is a 5xx
        tally.statuses["exception"] += 1
        tally.server_errors.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    status = response.status_code
    tally.statuses[status] += 1
    if status >= 500:
        tally.server_errors.append(f"{label}: {status} {response.content[:200]!r}")
        return status
    try:
        case.validate_response(response, checks=SCHEMA_CHECKS)
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  a FailureGroup: what did not conform
        failures = getattr(exc, "exceptions", [exc])
        tally.schema_violations.append(
            f"{label}: {status}: " + " | ".join(str(f).splitlines()[0][:200] for f in failures))
    if 400 <= status < 500:
        problem = error_body_problem(status, response.content)
        if problem:
            tally.error_body_violations.append(f"{label}: {problem}")
    return status


# The operations that revoke the token they are sent with; and the one that answers 401
# to wrong credentials whatever token comes with it.
TOKEN_ENDING = {"/api/v1/auth/logout/", "/api/v1/auth/logout-all/"}
TOKEN_ISSUING = "/api/v1/auth/token/"


def _token_header(user):
    """A new token for ``user``, the one the API's own test client logs in with."""
    return Api(user).client._credentials["HTTP_AUTHORIZATION"]


class Fuzzer:
    """Every operation of the schema as ``user``, one round at a time (see ``round``)."""

    def __init__(self, user, role, *, examples, seed=None, operations=None):
        self.user, self.role, self.operations = user, role, operations
        self.schema = load_schema(user)
        self.headers = {"Authorization": _token_header(user)}
        self.unsatisfiable = set()  # (method, path, mode, real target?): no case can be made
        self.settings = settings(
            max_examples=examples, deadline=None, database=None, derandomize=seed is not None,
            phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
        )

    def _send(self, case, tally):
        status = _send(case, self.headers, tally)
        if case.path in TOKEN_ENDING or (status == 401 and case.path != TOKEN_ISSUING):
            self.headers["Authorization"] = _token_header(self.user)
            tally.tokens_reissued += 1

    def round(self, ids):
        """``examples`` cases per operation and generation mode (valid, invalid), half of
        those on the real object ``ids[resource]``: the tally of what was sent."""
        tally = Tally(self.role)
        with quiet_request_log(), connections_kept():
            for result in self.schema.get_all_operations():
                operation = result.ok()
                if self.operations is not None and operation.path not in self.operations:
                    continue
                real_id = ids.get(_resource(operation.path)) if "{id}" in operation.path else None
                variants = [None] if real_id is None else [None, {"id": real_id}]
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    for path_parameters in variants:
                        key = (operation.method, operation.path, mode, path_parameters is not None)
                        if key in self.unsatisfiable:
                            continue
                        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

                        @self.settings
                        @given(case=strategy)
                        def run(case):
                            self._send(case, tally)

                        try:
                            run()
                        except Exception as exc:  # noqa: BLE001  no case could be generated at all
                            if "Unsatisfiable" not in type(exc).__name__:
                                raise
                            self.unsatisfiable.add(key)
        return tally


def fuzz(user, role, *, examples, ids, seed=None, operations=None):
    """One round of ``Fuzzer`` (the short run in the suite)."""
    return Fuzzer(user, role, examples=examples, seed=seed, operations=operations).round(ids)
