from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.rules import notified_event_types

from ..forms import PageForm, style_fields

# What each event type means to the person notified, grouped as the preferences page shows them.
EVENT_TYPE_LABELS = {
    "plan.approved": (_("Plans"), _("The year's reform plan is approved")),
    "task.assigned": (_("Tasks"), _("A task is assigned to me or my office")),
    "task.started": (_("Tasks"), _("Work on a task of my office starts")),
    "task.submitted": (_("Tasks"), _("A task is submitted for review")),
    "task.returned": (_("Tasks"), _("A task is returned for more work")),
    "task.resumed": (_("Tasks"), _("Work on a returned task resumes")),
    "task.completed": (_("Tasks"), _("A task is approved as done")),
    "task.cancelled": (_("Tasks"), _("A task is cancelled")),
    "task.deadline_extended": (_("Tasks"), _("A task's deadline is extended")),
    "task.due_soon": (_("Tasks"), _("A task is due soon")),
    "task.overdue": (_("Tasks"), _("A task is overdue")),
    "task.extension_requested": (_("Tasks"), _("An extension is requested")),
    "task.extension_approved": (_("Tasks"), _("An extension is approved")),
    "task.extension_rejected": (_("Tasks"), _("An extension is refused")),
    "inspection.started": (_("Inspections"), _("An inspection of my office starts")),
    "finding.raised": (_("Inspections"), _("A finding is raised against my office")),
    "finding.reopened": (_("Inspections"), _("A remediation is not accepted")),
    "finding.remediation_submitted": (_("Inspections"), _("A remediation awaits verification")),
    "finding.closed": (_("Inspections"), _("A finding is closed")),
    "finding.overdue": (_("Inspections"), _("A finding's remediation is overdue")),
    "finding.remediation_ready": (_("Inspections"), _("A finding's remediation task is done")),
    "score.changed": (_("PAR score"), _("The leadership score changes")),
    "dossier.ready": (_("PAR score"), _("The evidence dossier I asked for is ready")),
    "dossier.failed": (_("PAR score"), _("The evidence dossier I asked for could not be built")),
}


class PreferencesForm(PageForm):
    """One checkbox per event type that can notify; ticked = I want to hear about it."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {p["event_type"]: p["enabled"] for p in preferences}
        for event_type in notified_event_types():
            _group, label = EVENT_TYPE_LABELS.get(event_type, ("", event_type))
            self.fields[event_type] = forms.BooleanField(label=label, required=False,
                                                         initial=chosen.get(event_type, True))
        style_fields(self)  # the fields above came after PageForm styled the (empty) form

    def groups(self):
        """(group label, [bound fields]) in the order of the page."""
        grouped = {}
        for name in self.fields:
            group = EVENT_TYPE_LABELS.get(name, (_("Other"), ""))[0]
            grouped.setdefault(str(group), []).append(self[name])
        return list(grouped.items())

    def changes(self) -> dict:
        return {name: bool(self.cleaned_data.get(name)) for name in self.fields}
