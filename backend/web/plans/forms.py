"""Input of the plan pages: the board's filters, the task form, each transition's small form.

The forms check only the shape of the input (a date is a date, a choice is one of the
agency's offices); what the input must satisfy is the services' and the workflow's to
say, and their refusals appear beside these fields (``backend.web.refusals``).
"""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.accounts.models import OFFICE_ROLES, Office, User
from backend.accounts.selectors import offices_visible_to
from backend.criteria.models import Criterion
from backend.plans.models import TaskState
from backend.web.forms import PageForm
from backend.web.templatetags.web import OUTCOMES as OUTCOME_LABELS

from .board import GROUP_BY, OUTCOMES

MAX_TEXT = 10000


def _date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label, *, required=False, rows=3, max_length=MAX_TEXT):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


def agency_offices(agency_id):
    return Office.objects.filter(agency_id=agency_id).order_by("name")


def agency_staff(agency_id):
    """Who can be given a task: active members of the agency's offices."""
    return User.objects.filter(agency_id=agency_id, is_active=True, role__in=OFFICE_ROLES) \
        .select_related("office").order_by("office__name", "full_name", "username")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.office})" if user.office_id else str(user)


# --- the board's filters --------------------------------------------------------

class BoardFilterForm(PageForm):
    group = forms.ChoiceField(label=pgettext_lazy("plans", "Group by"), required=False, choices=list(GROUP_BY.items()))
    state = forms.ChoiceField(label=pgettext_lazy("plans", "State"), required=False,
                              choices=[("", pgettext_lazy("plans", "all states")), *TaskState.choices])
    office = forms.ModelChoiceField(label=pgettext_lazy("plans", "Lead office"), required=False, queryset=None,
                                    empty_label=pgettext_lazy("plans", "all offices"))
    outcome = forms.ChoiceField(label=pgettext_lazy("plans", "Outcome"), required=False)
    overdue = forms.BooleanField(label=pgettext_lazy("plans", "Overdue only"), required=False)
    due_within = forms.IntegerField(label=pgettext_lazy("plans", "Due within (working days)"), required=False,
                                    min_value=0, max_value=366)
    q = forms.CharField(label=pgettext_lazy("plans", "Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_visible_to(user).order_by("name")
        self.fields["outcome"].choices = [("", pgettext_lazy("plans", "all outcomes"))] + [
            (key, OUTCOME_LABELS[key][0]) for key in OUTCOMES]

    def filters(self) -> dict:
        """The valid filters only: a malformed one is shown as an error and left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "state": data.get("state") or "", "office": data.get("office"),
            "outcome": data.get("outcome") or "", "overdue": bool(data.get("overdue")),
            "due_within": data.get("due_within"), "search": (data.get("q") or "").strip(),
        }

    def group_by(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("group") or "field"


# --- add or edit a task -----------------------------------------------------------

class TaskForm(PageForm):
    code = forms.CharField(label=pgettext_lazy("plans", "Code"), max_length=32)
    title = forms.CharField(label=pgettext_lazy("plans", "Title"), max_length=500)
    field = forms.ModelChoiceField(label=pgettext_lazy("plans", "PAR field"), queryset=None)
    description = _text(pgettext_lazy("plans", "Description"), rows=4)
    expected_output = forms.CharField(label=pgettext_lazy("plans", "Expected output"), required=False, max_length=500)
    lead_office = forms.ModelChoiceField(label=pgettext_lazy("plans", "Lead office"), required=False, queryset=None)
    supporting_offices = forms.ModelMultipleChoiceField(label=pgettext_lazy("plans", "Supporting offices"), required=False,
                                                        queryset=None)
    assignee = StaffChoiceField(label=pgettext_lazy("plans", "Assignee (officer)"), required=False, queryset=None)
    due_date = _date_field(pgettext_lazy("plans", "Due date"))

    # After assignment these move only by a transition (assign, extend).
    DRAFT_ONLY = ("lead_office", "assignee", "due_date")

    def __init__(self, *args, plan, task=None, **kwargs):
        if task is not None:
            kwargs.setdefault("initial", {
                "code": task.code, "title": task.title, "field": task.field_id,
                "description": task.description, "expected_output": task.expected_output,
                "lead_office": task.lead_office_id, "assignee": task.assignee_id,
                "due_date": task.due_date,
                "supporting_offices": [o.pk for o in task.supporting_offices.all()],
            })
        super().__init__(*args, **kwargs)
        agency = plan.agency
        # The PAR fields of the agency's methodology only (top-level entries).
        self.fields["field"].queryset = Criterion.objects.filter(
            methodology_id=agency.methodology_id, parent__isnull=True).order_by("order", "code")
        self.fields["lead_office"].queryset = agency_offices(agency.pk)
        self.fields["supporting_offices"].queryset = agency_offices(agency.pk)
        self.fields["assignee"].queryset = agency_staff(agency.pk)
        if task is not None and task.state != TaskState.DRAFT:
            for name in self.DRAFT_ONLY:
                del self.fields[name]

    def created(self) -> dict:
        """What ``task_create`` receives: the fields given (an empty one takes its default)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}

    def changes(self) -> dict:
        """What ``task_update`` receives: the fields the user changed."""
        changed = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            changed[name] = list(value) if name == "supporting_offices" else value
        return changed


# --- the transitions' small forms ---------------------------------------------------

class NoInputForm(PageForm):
    """start, resume: nothing to say, the button is the whole form."""


class AssignForm(PageForm):
    lead_office = forms.ModelChoiceField(label=pgettext_lazy("plans", "Lead office"), required=False, queryset=None)
    assignee = StaffChoiceField(label=pgettext_lazy("plans", "Assignee (officer)"), required=False, queryset=None)
    due_date = _date_field(pgettext_lazy("plans", "Due date"))

    def __init__(self, *args, task, **kwargs):
        kwargs.setdefault("initial", {"lead_office": task.lead_office_id, "assignee": task.assignee_id,
                                      "due_date": task.due_date})
        super().__init__(*args, **kwargs)
        agency_id = task.plan.agency_id
        self.fields["lead_office"].queryset = agency_offices(agency_id)
        self.fields["assignee"].queryset = agency_staff(agency_id)


class SubmitForm(PageForm):
    result_note = _text(pgettext_lazy("plans", "Result note"), rows=4)


class CommentForm(PageForm):
    comment = _text(pgettext_lazy("plans", "Comment"))


class ReasonForm(PageForm):
    reason = _text(pgettext_lazy("plans", "Reason"))


class DueDateReasonForm(PageForm):
    due_date = _date_field(pgettext_lazy("plans", "New due date"))
    reason = _text(pgettext_lazy("plans", "Reason"))


class RequestExtensionForm(DueDateReasonForm):
    due_date = _date_field(pgettext_lazy("plans", "Proposed due date"))


TRANSITION_FORMS = {
    "assign": AssignForm,
    "start": NoInputForm,
    "submit": SubmitForm,
    "approve": CommentForm,
    "return": ReasonForm,
    "resume": NoInputForm,
    "cancel": ReasonForm,
    "extend": DueDateReasonForm,
    "request_extension": RequestExtensionForm,
    "approve_extension": CommentForm,
    "reject_extension": ReasonForm,
}


def transition_form(name, task, data=None):
    form_class = TRANSITION_FORMS.get(name, NoInputForm)
    kwargs = {"task": task} if form_class is AssignForm else {}
    return form_class(data, **kwargs)


def transition_params(form) -> dict:
    """The transition's keyword arguments: the form's fields, an empty optional text as ""."""
    return {name: ("" if value is None and isinstance(form.fields[name], forms.CharField) else value)
            for name, value in form.cleaned_data.items()}


# --- progress, evidence, comments ---------------------------------------------------

class ProgressForm(PageForm):
    progress = forms.IntegerField(label=pgettext_lazy("plans", "Progress (%)"), min_value=0, max_value=100,
                                  widget=forms.NumberInput(attrs={"step": 5}))


class EvidenceFileForm(PageForm):
    file = forms.FileField(label=pgettext_lazy("plans", "File"), max_length=255)
    note = forms.CharField(label=pgettext_lazy("plans", "Note"), required=False, max_length=5000)


class EvidenceLinkForm(PageForm):
    url = forms.URLField(label=pgettext_lazy("plans", "Link (URL)"), max_length=2000, assume_scheme="https")
    note = forms.CharField(label=pgettext_lazy("plans", "Note"), required=False, max_length=5000)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("only http and https links are accepted"))
        return url


class CommentAddForm(PageForm):
    body = _text(pgettext_lazy("plans", "Your comment"), required=True)
    # Only for a member of a supporting office (the view drops it for anyone else).
    contribution = forms.BooleanField(
        label=pgettext_lazy("plans", "This is my office's contribution report (supporting office)"),
        required=False)

    def __init__(self, *args, may_contribute=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_contribute:
            del self.fields["contribution"]
