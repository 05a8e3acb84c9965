"""Which evidence a user may read: that of the tasks and findings they may see."""
from django.db.models import Q

from backend.inspections.selectors import findings_visible_to
from backend.plans.selectors import tasks_visible_to

from .models import Evidence


def evidence_visible_to(user):
    return Evidence.objects.filter(
        Q(task__in=tasks_visible_to(user).values("pk"))
        | Q(finding__in=findings_visible_to(user).values("pk"))
    )
