"""The inspection pages' forms: plan an inspection, raise a finding, and what each transition asks."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.accounts.models import Office, Role, User
from backend.inspections.models import Severity

from ..forms import PageForm

MAX_TEXT = 10000
def _date(label, **kwargs):
    # PageForm accepts the ISO date of the picker and a typed dd/mm/yyyy.
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           **kwargs)


def _text(label, *, required, rows=3):
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": rows}))


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes whose label (and the error summary's link) points at the first box."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index) if id_ else id_


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.username


class InspectionCreateForm(PageForm):
    """Offices and inspectors of the inspector's own agency only."""

    title = forms.CharField(label=pgettext_lazy("inspections", "Title of the inspection"), max_length=500)
    offices = forms.ModelMultipleChoiceField(label=pgettext_lazy("inspections", "Offices to inspect"), queryset=Office.objects.none(),
                                             widget=CheckboxList)
    inspectors = PersonChoiceField(label=pgettext_lazy("inspections", "Other inspectors on the team"), required=False,
                                   queryset=User.objects.none(), widget=CheckboxList,
                                   help_text=pgettext_lazy("inspections", "You are on the team yourself."))
    start_date = _date(pgettext_lazy("inspections", "Start date"))
    end_date = _date(pgettext_lazy("inspections", "End date"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = Office.objects.filter(agency_id=actor.agency_id).order_by("name")
        self.fields["inspectors"].queryset = (
            User.objects.filter(agency_id=actor.agency_id, role=Role.INSPECTOR, is_active=True)
            .exclude(pk=actor.pk).order_by("full_name", "username"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("the inspection cannot end before it starts"))
        return data


class FindingRaiseForm(PageForm):
    office = forms.ModelChoiceField(label=pgettext_lazy("inspections", "Responsible office"), queryset=Office.objects.none())
    description = _text(pgettext_lazy("inspections", "What was found"), required=True, rows=4)
    severity = forms.ChoiceField(label=pgettext_lazy("inspections", "Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    due_date = _date(pgettext_lazy("inspections", "Remediation due date"))

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        # The prefetched offices of the inspection: the choices cost no extra query per render.
        self.fields["office"].queryset = inspection.offices.all().order_by("name")


# --- what each transition asks ---------------------------------------------------------

class NoInputForm(PageForm):
    pass


class RemediationForm(PageForm):
    note = _text(pgettext_lazy("finding", "What the office did"), required=False)


class CloseFindingForm(PageForm):
    comment = _text(pgettext_lazy("finding", "Verification comment"), required=False)


class ReasonForm(PageForm):
    reason = _text(pgettext_lazy("finding", "Why the remediation is not enough"), required=True)


class ExtendForm(PageForm):
    due_date = _date(pgettext_lazy("finding", "New remediation due date"))
    reason = _text(pgettext_lazy("finding", "Reason for the extension"), required=True, rows=2)


class ReferForm(PageForm):
    authority = forms.CharField(label=pgettext_lazy("finding", "Competent authority"), max_length=255,
                                help_text=pgettext_lazy("finding", "For example: UBND tỉnh, Sở Nội vụ."))
    reason = _text(pgettext_lazy("finding", "Why it is beyond the department and what is recommended"),
                   required=True, rows=2)


FINDING_TRANSITION_FORMS = {
    "refer": ReferForm,
    "extend": ExtendForm,
    "submit_remediation": RemediationForm,
    "close": CloseFindingForm,
    "reopen": ReasonForm,
}


def transition_form(forms_by_name, name, data=None):
    """The form of transition ``name`` (ids ``<name>-<field>``: unique on the page)."""
    return forms_by_name.get(name, NoInputForm)(data, auto_id=f"{name}-%s")
