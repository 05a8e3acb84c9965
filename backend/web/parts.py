"""The parts every work item's page shares (a task, a finding): evidence, comments, history.

A page builds each part's context with ``*_context`` and renders the part's template
(``web/parts/_evidence.html``, ``_comments.html``, ``_history.html``); a POST of the
part's form goes through ``evidence_post`` / ``comment_post``, which call the evidence
and comments services (the API's own) and answer with the refusal, if any, for the page
to show in place. The subject is any object with ``subject_type``, ``evidence`` and
``comments`` (``Task``, ``Finding``).

    context = {**evidence_context(request, finding, post_url=...), ...}
    refusal, forms = evidence_post(request, finding)
"""
import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from backend.comments.access import check_may_comment, may_comment
from backend.comments.services import comment_add
from backend.evidence.access import check_may_attach, may_attach
from backend.evidence.services import evidence_add_file, evidence_add_link
from workflows.models import TransitionRecord

from .forms import PageForm
from .refusals import Refusal, refusal_shown

MAX_TEXT = 10000


class EvidenceFileForm(PageForm):
    file = forms.FileField(label=pgettext_lazy("parts", "File"), max_length=255, allow_empty_file=True)
    note = forms.CharField(label=pgettext_lazy("parts", "Note"), required=False, max_length=5000)


class EvidenceLinkForm(PageForm):
    url = forms.URLField(label=pgettext_lazy("parts", "Link (http or https)"), max_length=2000,
                         assume_scheme="https")
    note = forms.CharField(label=pgettext_lazy("parts", "Note"), required=False, max_length=5000)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("only http and https links are accepted"))
        return url


class CommentForm(PageForm):
    body = forms.CharField(label=pgettext_lazy("parts", "Your comment"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _place(refusal, form):
    """A service's field errors beside the form's fields (the message itself is shown above)."""
    for name, msgs in refusal.field_errors().items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, str(msg))


# --- evidence --------------------------------------------------------------------------

def evidence_context(request, subject, *, post_url, refresh_url, file_form=None, link_form=None,
                     refusal=None, part_id="evidence", refresh_on="", htmx=False) -> dict:
    """The evidence part's context. ``part_id``: its section's id; ``refresh_on``: more
    htmx events that refresh it; ``htmx``: its forms post through htmx and swap the part."""
    return {
        "evidence_part": {"subject": subject, "post_url": post_url, "refresh_url": refresh_url,
                          "id": part_id, "refresh_on": refresh_on, "htmx": htmx,
                          "live": f"{subject.subject_type}:{subject.pk}",
                          "items": list(subject.evidence.select_related("uploaded_by").order_by("id")),
                          "may_add": subject.is_open and may_attach(subject, request.user),
                          "refusal": refusal or Refusal(),
                          "file_form": file_form or EvidenceFileForm(auto_id="evidence-file-%s"),
                          "link_form": link_form or EvidenceLinkForm(auto_id="evidence-link-%s")},
    }


def evidence_post(request, subject):
    """Add the posted file (drop zone or file input) or link; → (refusal, file form, link form)."""
    file_form = link_form = None
    if request.POST.get("kind") == "link":
        form = link_form = EvidenceLinkForm(request.POST, auto_id="evidence-link-%s")
    else:
        form = file_form = EvidenceFileForm(request.POST, request.FILES, auto_id="evidence-file-%s")
    # Who first: someone who may not attach hears that, not a complaint about the file.
    with refusal_shown() as refusal:
        check_may_attach(subject, request.user)
    if refusal:
        return refusal, file_form, link_form
    if not form.is_valid():
        return Refusal(message=pgettext("parts", "check the form below"), code="validation_error"), file_form, link_form
    data = form.cleaned_data
    with refusal_shown() as refusal:
        if link_form is not None:
            evidence_add_link(subject=subject, actor=request.user, url=data["url"], note=data["note"])
        else:
            evidence_add_file(subject=subject, actor=request.user, upload=data["file"], note=data["note"])
    if refusal:
        _place(refusal, form)
    return refusal, file_form, link_form


# --- comments --------------------------------------------------------------------------

def comments_context(request, subject, *, post_url, form=None, refusal=None, part_id="comments",
                     htmx=False) -> dict:
    """The comments part's context (``part_id`` and ``htmx`` as for the evidence part).
    A supporting office's contribution note (a task's) shows its office."""
    return {
        "comments_part": {"subject": subject, "post_url": post_url, "id": part_id, "htmx": htmx,
                          "items": list(subject.comments.select_related("author", "office").order_by("id")),
                          "may_comment": may_comment(subject, request.user),
                          "refusal": refusal or Refusal(),
                          "form": form or CommentForm(auto_id="comment-%s")},
    }


def comment_post(request, subject):
    """Add the posted comment; → (refusal, form)."""
    form = CommentForm(request.POST, auto_id="comment-%s")
    with refusal_shown() as refusal:  # who first, before the body
        check_may_comment(subject, request.user)
    if refusal:
        return refusal, form
    if not form.is_valid():
        return Refusal(message=pgettext("parts", "check the form below"), code="validation_error"), form
    with refusal_shown() as refusal:
        comment_add(subject=subject, actor=request.user, body=form.cleaned_data["body"])
    return refusal, form


# --- history ---------------------------------------------------------------------------

# What a history row says besides the state: the words a transition was given.
HISTORY_DATA = {
    "note": pgettext_lazy("parts", "Note"),
    "comment": pgettext_lazy("parts", "Comment"),
}
CREATED = {"raise": pgettext_lazy("parts", "raised")}


def _dates(change):
    """A due-date change as the history stores it (ISO strings) → dates, for dd/mm/yyyy."""
    if not change:
        return None
    return {side: datetime.date.fromisoformat(value) if isinstance(value, str) else value
            for side, value in change.items()}


def history_context(subject, *, refresh_url) -> dict:
    """The subject's transition records, oldest first, in the reader's words."""
    model = type(subject)
    labels = {**CREATED, **getattr(model, "transition_labels", {})}
    states = dict(model._meta.get_field("state").choices)
    records = TransitionRecord.objects.filter(
        subject_type=subject.subject_type, subject_id=subject.pk).select_related("actor").order_by("at", "id")
    items = []
    for record in records:
        data = record.data or {}
        items.append({
            "record": record,
            "transition": labels.get(record.transition, record.transition),
            "from": states.get(record.from_state, record.from_state),
            "to": states.get(record.to_state, record.to_state),
            "said": [(label, data[key]) for key, label in HISTORY_DATA.items() if data.get(key)],
            "due_date": _dates((data.get("changes") or {}).get("due_date")),
        })
    return {"history_part": {"subject": subject, "items": items, "refresh_url": refresh_url,
                             "live": f"{subject.subject_type}:{subject.pk}"}}
