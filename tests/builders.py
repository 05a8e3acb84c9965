"""Tasks built directly in a state, as if they got there through the workflow; dates."""
import datetime

from django.utils import timezone

from tests.factories.plans import TaskFactory


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


# Column values a task has in each state, as if it got there through the workflow.
def state_fields(state, assignee):
    now = timezone.now()
    fields = {"state": state}
    if state == "draft":
        return fields
    fields.update(assignee=assignee, assigned_at=now)
    if state in ("in_progress", "submitted", "returned", "done"):
        fields["started_at"] = now
    if state in ("submitted", "done"):
        fields.update(submitted_at=now, result_note="Đã hoàn thành")
    if state == "done":
        fields.update(completed_at=now, completed_on_time=True, progress=100)
    if state == "cancelled":
        fields["cancelled_at"] = now
    return fields


def build_task(world, state="draft", assignee=None, **kwargs):
    kwargs.setdefault("plan", world.plan)
    kwargs.setdefault("field", world.field)
    kwargs.setdefault("lead_office", world.office_a)
    return TaskFactory(**state_fields(state, assignee), **kwargs)
