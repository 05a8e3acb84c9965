"""Event consumers of the inspections app: the domain hears about other work only here.

Imported by ``InspectionsConfig.ready()`` (the models are loaded by then)."""
from backend.plans.models import Task

from .models import Finding
from .services import finding_announce_remediation_ready


class RemediationReadyConsumer:
    """``task.completed`` → ``finding.remediation_ready`` for every finding that task remedies.

    Idempotent: the announcement is made once per finding and task, however often the
    event is delivered.
    """

    name = "inspections.remediation_ready"
    # The only type it acts on: the dispatcher neither calls it nor writes its receipt
    # for any other (a deadline pass's ten thousand task.overdue events included).
    event_types = ("task.completed",)

    def handle(self, event):
        if event.type != "task.completed" or event.subject_type != "task":
            return
        task = Task.objects.select_related("plan").filter(pk=event.subject_id).first()
        if task is None:
            return
        for finding in Finding.objects.open().filter(
            follow_up_task_id=task.pk, inspection__agency_id=task.plan.agency_id
        ).order_by("id"):
            finding_announce_remediation_ready(finding=finding, task=task)


remediation_ready = RemediationReadyConsumer()
