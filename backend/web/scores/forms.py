"""The dashboard's inputs: which agency and year, the projection's date, a hand-given score."""
from django import forms
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from backend.accounts.models import Agency

from ..forms import PageForm

class ScoreQueryForm(PageForm):
    agency = forms.ModelChoiceField(label=pgettext_lazy("scores", "Agency"), queryset=Agency.objects.none(),
                                    required=False)
    year = forms.IntegerField(label=pgettext_lazy("scores", "Year"), required=False, min_value=2000,
                              max_value=2100)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")


class ProjectionForm(PageForm):
    by = forms.DateField(
        label=pgettext_lazy("scores", "Finished by"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=pgettext_lazy("scores", "Leave empty: every open task and finding is finished by its own due date."),
    )

    def clean_by(self):
        by = self.cleaned_data.get("by")
        if by is not None and by < timezone.localdate():
            raise forms.ValidationError(pgettext_lazy(
                "scores", "the projection looks forward: give today or a later date"))
        return by


class AssessmentForm(PageForm):
    """One hand-scored component; the service checks who, the component and the maximum."""

    criterion = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.DecimalField(label=pgettext_lazy("scores", "Points given"), min_value=0, max_digits=6,
                                decimal_places=2, localize=True)
    explanation = forms.CharField(label=pgettext_lazy("scores", "Explanation"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=pgettext_lazy("scores", "An explanation, an evidence link, or both."))
    evidence_url = forms.URLField(label=pgettext_lazy("scores", "Evidence link"), required=False, max_length=1000,
                                  assume_scheme="https")
