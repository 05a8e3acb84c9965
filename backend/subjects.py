"""What evidence and comments belong to: a task or a finding, exactly one of the two.

The domain apps that attach something to work (``backend.evidence``,
``backend.comments``) inherit ``SubjectPair``; the reverse accessor on the task and the
finding is the app's label (``task.evidence``, ``task.comments``), the check
constraint is ``<model>_one_subject``.
"""
from django.db import models


class SubjectPair(models.Model):
    task = models.ForeignKey(
        "plans.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="%(app_label)s"
    )
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.CASCADE, null=True, blank=True, related_name="%(app_label)s"
    )

    class Meta:
        abstract = True
        constraints = [
            # The row belongs to exactly one subject.
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, finding__isnull=True)
                | models.Q(task__isnull=True, finding__isnull=False),
                name="%(class)s_one_subject",
            ),
        ]

    @staticmethod
    def subject_fields(subject) -> dict:
        """The field values that attach a new row to ``subject`` (a task or a finding)."""
        return {subject.subject_type: subject}

    @property
    def subject_type(self):
        return "finding" if self.finding_id is not None else "task"

    @property
    def subject_id(self):
        return self.finding_id if self.finding_id is not None else self.task_id
