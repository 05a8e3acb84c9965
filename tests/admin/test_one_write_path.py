"""One write path: the admin edits reference data only; what the services write (with
history and an event) it only shows."""
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories.inspections import FindingFactory
from tests.factories.plans import TaskFactory

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "plans.ReformPlan", "plans.Task", "inspections.Inspection", "inspections.Finding",
    "workflows.Event", "workflows.TransitionRecord", "notifications.Notification",
    "scoring.Score", "scoring.ManualAssessment",
]
EDITABLE = [
    "accounts.Agency", "accounts.Office", "accounts.User", "criteria.Methodology", "criteria.Criterion",
    "workdays.CalendarOverride", "criteria.ScoringConfig", "criteria.ReportSchedule",
]


def _admin_of(label):
    from django.apps import apps

    model = apps.get_model(label)
    return model, admin.site._registry[model]


@pytest.fixture
def superuser_request(rf):
    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    return request


@pytest.mark.parametrize("label", READ_ONLY)
def test_what_the_services_write_is_read_only(label, superuser_request):
    model, model_admin = _admin_of(label)
    assert not model_admin.has_add_permission(superuser_request)
    assert not model_admin.has_change_permission(superuser_request)
    assert not model_admin.has_delete_permission(superuser_request)
    assert model_admin.has_view_permission(superuser_request)
    for inline in model_admin.get_inline_instances(superuser_request):
        assert not inline.has_add_permission(superuser_request, None)
        assert not inline.has_change_permission(superuser_request)
        assert not inline.has_delete_permission(superuser_request)


@pytest.mark.parametrize("label", EDITABLE)
def test_reference_data_is_edited_in_the_admin(label, superuser_request):
    model, model_admin = _admin_of(label)
    assert model_admin.has_change_permission(superuser_request)


def test_a_post_to_a_task_or_finding_changes_nothing(client):
    get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.login(username="root", password="x")
    task = TaskFactory(title="before")
    finding = FindingFactory(description="before")
    for obj, field in ((task, "title"), (finding, "description")):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200                       # it can be looked at
        response = client.post(url, {field: "after", "due_date": "2099-01-01"})
        assert response.status_code == 403
        obj.refresh_from_db()
        assert getattr(obj, field) == "before"
