"""Reform plan: draft → approved → closed. Only the department head moves it."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .access import is_department_head


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    CLOSED = "closed", _("closed")


def _head_of_agency(plan, user) -> bool:
    return is_department_head(user, plan.agency_id)


class PlanMachine(ConcurrentTransitionMixin, models.Model):
    state = FSMField(_("state"), default=PlanState.DRAFT, choices=PlanState.choices, protected=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        abstract = True

    # How messages name the object and each transition in the reader's language; the
    # identifiers (subject_type, transition names) stay as they are in the API and events.
    subject_label = pgettext_lazy("subject", "plan")
    transition_labels = {
        "approve": pgettext_lazy("transition", "approve"),
        "close": pgettext_lazy("transition", "close"),
    }

    @transition(field=state, source=PlanState.DRAFT, target=PlanState.APPROVED,
                permission=_head_of_agency,
                # The report tasks that come with it: backend.plans.services.plan_transition.
                custom={"event": "plan.approved"})
    def approve(self, *, at=None):
        self.approved_at = at or timezone.now()

    @transition(field=state, source=PlanState.APPROVED, target=PlanState.CLOSED,
                permission=_head_of_agency, custom={"event": "plan.closed"})
    def close(self, *, at=None):
        self.closed_at = at or timezone.now()
