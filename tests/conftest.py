"""Shared fixtures: one department with its people, and an outsider agency.

Every permission test uses this fixed cast (Healthchecks' owner/member/outsider trio,
widened to our roles).
"""
import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.core.management import call_command
from django.utils import timezone

from tests.factories.accounts import AgencyFactory, OfficeFactory, UserFactory
from backend.accounts.models import Role
from backend.criteria.models import Criterion, Methodology
from backend.plans.models import Task
from tests.factories.criteria import CriterionFactory, MethodologyFactory
from tests.factories.inspections import FindingFactory, InspectionFactory
from tests.factories.documents import DocumentFactory
from tests.factories.plans import ReformPlanFactory, TaskFactory

from .api_client import Api
from .builders import build_task
from .cast import make_assignee
from .sockets import use_layer


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default hasher costs ~100 ms a user; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _event_schemas_raise(settings):
    # An event that breaks its declared schema fails the test, whatever DEBUG says.
    settings.EVENT_SCHEMA_CHECK = "raise"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded evidence goes to a throwaway folder, not var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def make_document(world):
    """A signed document in the register of the world's agency (dated yesterday unless given)."""

    def make(**kwargs):
        kwargs.setdefault("agency", world.agency)
        kwargs.setdefault("created_by", world.head)
        return DocumentFactory(**kwargs)

    return make


@pytest.fixture
def assignee(world):
    """An officer of the lead office (office_a) whom tasks are assigned to."""
    return make_assignee(world)


@pytest.fixture
def cast(world, assignee):
    """Role name → user, for parametrized permission tests."""
    return {name: assignee if name == "assignee" else getattr(world, name) for name in (
        "head", "office_head", "office_head_b", "officer", "assignee", "officer2",
        "inspector", "admin", "outsider_head", "outsider_officer")}


@pytest.fixture
def task_in(world, assignee):
    """``task_in("submitted")`` → a task of the world's plan in that state, led by office_a."""

    def make(state="draft", **kwargs):
        kwargs.setdefault("assignee", assignee)
        return build_task(world, state, **kwargs)

    return make


@pytest.fixture
def make_inspection(world):
    """An inspection of office_a and office_b by ``world.inspector``; ``state=`` to place it."""

    def make(state="in_progress", **kwargs):
        kwargs.setdefault("agency", world.agency)
        kwargs.setdefault("offices", [world.office_a, world.office_b])
        kwargs.setdefault("inspectors", [world.inspector])
        return InspectionFactory(state=state, **kwargs)

    return make


@pytest.fixture
def make_finding(world, make_inspection):
    """A finding against office_a in an in-progress inspection; ``state=`` to place it."""

    def make(state="open", inspection=None, **kwargs):
        kwargs.setdefault("office", world.office_a)
        return FindingFactory(inspection=inspection or make_inspection(), state=state, **kwargs)

    return make


# --- the channel layer ----------------------------------------------------------------

@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    """Each socket test runs on the in-memory layer and on channels-redis (if REDIS_URL is set)."""
    use_layer(settings, request.param)
    return request.param


@pytest.fixture
def memory_layer(settings):
    use_layer(settings, "memory")


# --- the shipped scoring catalogue (scoring and score page tests) ---------------------

TEMPLATE = "dept-template-876"
CAMAU = "camau-1880-2013"


def catalogue_method(code):
    """A methodology of the shipped catalogue (the migration loads it; a flushed DB reloads it)."""
    if not Methodology.objects.filter(code=code).exists():
        call_command("loaddata", "criteria", verbosity=0)
    methodology = Methodology.objects.get(code=code)
    criteria = {c.code: c for c in Criterion.objects.filter(methodology=methodology)}
    return SimpleNamespace(methodology=methodology, c=criteria)


def _scored_with(world, code):
    method = catalogue_method(code)
    world.agency.methodology = method.methodology
    world.agency.save(update_fields=["methodology"])
    return method


@pytest.fixture
def template(world):
    """The world's agency scored with the shipped 876 template (its official-looking thresholds)."""
    return _scored_with(world, TEMPLATE)


@pytest.fixture
def camau(world):
    """The world's agency scored with Cà Mau's method."""
    return _scored_with(world, CAMAU)


@pytest.fixture
def plan_year(world, template):
    """This year's plan: one task done on time, one overdue, one within its term."""
    today = world.today
    # Assigned by the province: the template's 1.3 counts only tasks superiors assigned.
    common = {"plan": world.plan, "field": template.c["1"], "lead_office": world.office_a,
              "expected_output": "Báo cáo", "source": "province"}
    done = Task.objects.create(code="1.1", title="Đã xong", state="done", completed_on_time=True,
                               due_date=today - datetime.timedelta(days=20), **common)
    overdue = Task.objects.create(code="1.2", title="Rà soát quy chế", state="in_progress",
                                  due_date=today - datetime.timedelta(days=2), **common)
    later = Task.objects.create(code="1.3", title="Số hóa hồ sơ", state="assigned",
                                due_date=today + datetime.timedelta(days=20), **common)
    return done, overdue, later


@pytest.fixture
def page():
    """``page(user)`` → a test client logged in as that user (``page()``: anonymous).

    No Accept-Language header: pages speak Vietnamese unless the user chose English.
    Exceptions become the site's 500 page, as for a real visitor.
    """

    def make(user=None, **kwargs):
        kwargs.setdefault("raise_request_exception", False)
        kwargs.setdefault("HTTP_ACCEPT", "text/html,application/xhtml+xml,*/*;q=0.8")  # as a browser
        client = Client(**kwargs)
        if user is not None:
            client.force_login(user)
        return client

    return make
