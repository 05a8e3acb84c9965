"""The signed document a page's action asks for: pick one already in the register, or record
it there and then (number and symbol, date signed, issuing body, summary, file or link).

    class PlanIssueForm(SignedDocumentForm): ...
    document = form.signed_document(actor)   # the chosen one, or the new one (document_create)

The form checks the shape; the documents service and the transition judge the rest (a
date ahead of today, another agency's document), and their refusals show beside these
fields (``backend.web.refusals``).
"""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.documents.models import Document
from backend.documents.selectors import documents_visible_to
from backend.documents.services import document_create
from backend.web.forms import PageForm, style_fields

# The fields of a new document; ``transition_params`` leaves them out (the transition takes
# the document itself).
NEW_DOCUMENT_FIELDS = ("number", "date", "issuer", "summary", "url", "file")
DOCUMENT_FIELDS = ("document", *NEW_DOCUMENT_FIELDS)
NEW_REQUIRED = ("number", "date", "issuer", "summary")


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, document):
        return f"{document.number}, {document.date:%d/%m/%Y}: {document.summary[:80]}"


class DocumentFieldsMixin:
    """Adds the document fields; ``document_required`` (default True) says whether one must be given."""

    document_kind = Document.Kind.OTHER
    document_required = True

    def __init__(self, *args, user, default_issuer="", **kwargs):
        super().__init__(*args, **kwargs)
        choices = documents_visible_to(user).order_by("-date", "-id")
        self.fields["document"] = DocumentChoiceField(
            label=pgettext_lazy("documents", "Signed document already recorded"), required=False,
            queryset=choices, empty_label=pgettext_lazy("documents", "— record a new one below —"),
            help_text=pgettext_lazy("documents", "Choose it here, or fill in the document below."))
        self.fields["number"] = forms.CharField(
            label=pgettext_lazy("documents", "Number and symbol"), required=False, max_length=100,
            help_text=pgettext_lazy("documents", "As written on the document, e.g. 125/KH-SXD"))
        self.fields["date"] = forms.DateField(
            label=pgettext_lazy("documents", "Date signed"), required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        self.fields["issuer"] = forms.CharField(
            label=pgettext_lazy("documents", "Issuing body"), required=False, max_length=255,
            initial=default_issuer)
        self.fields["summary"] = forms.CharField(
            label=pgettext_lazy("documents", "Summary"), required=False, max_length=10000,
            widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["url"] = forms.URLField(
            label=pgettext_lazy("documents", "Link to the document"), required=False,
            max_length=2000, assume_scheme="https")
        self.fields["file"] = forms.FileField(
            label=pgettext_lazy("documents", "Scan of the signed document"), required=False,
            max_length=255, allow_empty_file=True)
        # Shown as required when a document must be given; a document picked above makes
        # them optional again (full_clean).
        for name in NEW_REQUIRED:
            self.fields[name].required = self.document_required
        style_fields(self)  # the fields added here get the page's classes too

    def full_clean(self):
        if self.is_bound and "document" in self.fields and self.data.get(self.add_prefix("document")):
            for name in NEW_REQUIRED:
                self.fields[name].required = False
        super().full_clean()

    def clean(self):
        data = super().clean()
        if data.get("document") is not None:
            return data
        given = [name for name in NEW_REQUIRED if data.get(name)]
        if not given and not self.document_required:
            return data
        for name in NEW_REQUIRED:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return data

    def signed_document(self, actor):
        """The chosen document, the one recorded now (through the documents service), or None."""
        data = self.cleaned_data
        if data.get("document") is not None:
            return data["document"]
        if not data.get("number"):
            return None
        return document_create(actor=actor, number=data["number"], date=data["date"], issuer=data["issuer"],
                               summary=data["summary"], kind=self.document_kind, url=data.get("url") or "",
                               file=data.get("file"))


class DocumentForm(DocumentFieldsMixin, PageForm):
    """Record a document in the register (the documents page)."""

    kind = forms.ChoiceField(label=pgettext_lazy("documents", "Kind"), choices=Document.Kind.choices,
                             initial=Document.Kind.OTHER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["document"]

    def clean(self):
        data = super().clean()
        self.document_kind = data.get("kind") or Document.Kind.OTHER
        return data


def without_document_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in DOCUMENT_FIELDS}
