"""Shared fixtures: one department with its people, and an outsider agency.

Every permission test uses this fixed cast (Healthchecks' owner/member/outsider trio,
widened to our roles).
"""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories.accounts import AgencyFactory, OfficeFactory, UserFactory
from backend.accounts.models import Role
from tests.factories.criteria import CriterionFactory, MethodologyFactory
from tests.factories.plans import ReformPlanFactory, TaskFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher costs ~100 ms a user; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded evidence goes to a throwaway folder, not var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


class Api:
    """The HTTP API as one user sees it (token authentication, JSON bodies).

    Requests say ``Accept-Language: en`` unless told otherwise (``language=None``: no
    header), so assertions on message wording read the English source strings; the
    Vietnamese default is tested in ``tests/api/test_language.py``.
    """

    def __init__(self, user=None, *, language="en"):
        self.user = user
        self.client = APIClient(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    def get(self, path, params=None):
        return self.client.get(path, params or {})

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("format", "json")
        return self.client.post(path, data if data is not None else {}, **kwargs)

    def patch(self, path, data=None):
        return self.client.patch(path, data or {}, format="json")

    def transition(self, kind, obj_id, name, data=None):
        return self.post(f"/api/v1/{kind}/{obj_id}/transitions/{name}/", data or {})


@pytest.fixture
def world(db):
    methodology = MethodologyFactory(code="test-method")
    fields = [CriterionFactory(methodology=methodology, code=str(i), name=f"Lĩnh vực {i}") for i in range(1, 4)]
    agency = AgencyFactory(name="Sở Xây dựng tỉnh Quảng Trị", methodology=methodology)
    office_a = OfficeFactory(agency=agency, name="Phòng Quản lý xây dựng")
    office_b = OfficeFactory(agency=agency, name="Phòng Kế hoạch - Tài chính")
    other_agency = AgencyFactory(name="Sở Tài chính", methodology=methodology)
    other_office = OfficeFactory(agency=other_agency, name="Phòng Ngân sách")

    def user(username, role, office=None, ag=agency):
        return UserFactory(username=username, role=role, office=office, agency=ag)

    today = timezone.localdate()
    plan = ReformPlanFactory(agency=agency, year=today.year, approved=True,
                             issue_deadline=datetime.date(today.year - 1, 12, 31))
    return SimpleNamespace(
        methodology=methodology, fields=fields, field=fields[0],
        agency=agency, office_a=office_a, office_b=office_b,
        other_agency=other_agency, other_office=other_office,
        head=user("head", Role.HEAD),
        office_head=user("office_head", Role.OFFICE_HEAD, office_a),
        officer=user("officer", Role.OFFICER, office_a),
        officer2=user("officer2", Role.OFFICER, office_b),
        office_head_b=user("office_head_b", Role.OFFICE_HEAD, office_b),
        inspector=user("inspector", Role.INSPECTOR),
        admin=user("admin", Role.ADMIN),
        outsider_head=user("outsider_head", Role.HEAD, ag=other_agency),
        outsider_officer=user("outsider_officer", Role.OFFICER, other_office, ag=other_agency),
        plan=plan, today=today,
    )


@pytest.fixture
def api():
    """``api(user)`` → an Api client for that user; ``api()`` → anonymous."""
    return Api


@pytest.fixture
def make_task(world):
    """A task of the approved plan in the world, in draft unless moved further."""

    def make(**kwargs):
        kwargs.setdefault("plan", world.plan)
        kwargs.setdefault("field", world.field)
        kwargs.setdefault("lead_office", world.office_a)
        return TaskFactory(**kwargs)

    return make
