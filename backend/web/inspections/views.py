"""Inspections and findings as pages: list, plan, the inspection, raise a finding, the finding.

Thin views over the inspections app: reads through ``access_inspection`` /
``access_finding`` and the ``*_visible_to`` selectors (another agency's inspection is a
404), who may do what from ``backend.inspections.access``, every change through its
services (``inspection_create``, ``finding_raise``, ``inspection_transition``,
``finding_transition``, evidence and comments services). The buttons are the object's
``available_transitions`` for this user; a refusal shows the workflow's own message in
place, with the API's status, and nothing is changed.

A page part that refreshes live is the same page asked for ``?part=<name>`` (htmx).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from backend.inspections.access import (
    access_finding, access_inspection, may_plan_inspection, may_raise_finding,
)
from backend.inspections.machines import ACCEPTS_FINDINGS, open_finding_ids
from backend.inspections.selectors import findings_visible_to, inspections_visible_to
from backend.inspections.services import (
    finding_raise, finding_transition, inspection_create, inspection_transition,
)
from workflows.errors import NotFound
from workflows.services import available_transitions, check_transition

from ..deadlines import with_days_left
from ..parts import comment_post, comments_context, evidence_context, evidence_post, history_context
from ..refusals import Refusal, refusal_shown
from .forms import FINDING_TRANSITION_FORMS, FindingRaiseForm, InspectionCreateForm, transition_form

INSPECTION_BUTTONS = {
    "start": pgettext_lazy("button", "Start the inspection"),
    "report": pgettext_lazy("button", "Report the results"),
    "close": pgettext_lazy("button", "Close the inspection"),
}
INSPECTION_DONE = {
    "start": pgettext_lazy("inspection", "The inspection has started."),
    "report": pgettext_lazy("inspection", "The inspection's results are reported."),
    "close": pgettext_lazy("inspection", "The inspection is closed."),
}
FINDING_BUTTONS = {
    "acknowledge": pgettext_lazy("button", "Acknowledge the finding"),
    "submit_remediation": pgettext_lazy("button", "Submit the remediation"),
    "reopen": pgettext_lazy("button", "Ask for further remediation"),
    "close": pgettext_lazy("button", "Close the finding"),
    "extend": pgettext_lazy("button", "Extend the remediation due date"),
    "refer": pgettext_lazy("button", "Refer to the competent authority"),
}
FINDING_DONE = {
    "acknowledge": pgettext_lazy("finding", "The finding is acknowledged; remediation is under way."),
    "submit_remediation": pgettext_lazy("finding", "The remediation is submitted for verification."),
    "reopen": pgettext_lazy("finding", "The finding is sent back for further remediation."),
    "close": pgettext_lazy("finding", "The finding is closed."),
    "extend": pgettext_lazy("finding", "The remediation due date is extended."),
    "refer": pgettext_lazy("finding", "The finding is referred to the competent authority; it counts as handled."),
}

INSPECTION_PARTS = {
    "summary": "web/inspections/_inspection_summary.html",
    "findings": "web/inspections/_findings_table.html",
    "raise": "web/inspections/_raise_finding.html",
}
FINDING_PARTS = {
    "summary": "web/inspections/_finding_summary.html",
    "evidence": "web/parts/_evidence.html",
    "comments": "web/parts/_comments.html",
    "history": "web/parts/_history.html",
}


def _inspection(request, pk):
    try:
        return access_inspection(request.user, pk)
    except NotFound as exc:  # another agency's, or none: the site's 404 page
        raise Http404 from exc


def _finding(request, pk):
    try:
        return access_finding(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


def _page_or_part(request, template, parts, context, status=200):
    part = request.GET.get("part")
    if part is not None:
        if part not in parts:
            raise Http404
        template = parts[part]
    return render(request, template, context, status=status)


def _buttons(labels, available, forms_by_name=None, *, submitted=None):
    """The transitions this user may run now, in a steady order, each with its form."""
    submitted = submitted or {}
    return [{"name": name, "label": label,
             "form": submitted.get(name) or transition_form(forms_by_name or {}, name)}
            for name, label in labels.items() if name in available]


# --- inspections -------------------------------------------------------------------

@login_required
def inspection_list(request):
    user = request.user
    may_plan = may_plan_inspection(user)
    form = None
    status = 200
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied(_("only an inspector plans inspections"))
        form = InspectionCreateForm(request.POST, actor=user, auto_id="inspection-%s")
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown(form=form) as refusal:
                inspection = inspection_create(
                    actor=user, title=data["title"], offices=list(data["offices"]),
                    inspectors=list(data["inspectors"]), start_date=data["start_date"],
                    end_date=data["end_date"])
            if not refusal:
                messages.success(request, pgettext("inspections", "The inspection is planned."))
                return redirect("web:inspection", pk=inspection.pk)
            status = refusal.status
        else:
            status = 400
    elif may_plan:
        form = InspectionCreateForm(actor=user, auto_id="inspection-%s")
    inspections = list(inspections_visible_to(user))
    return render(request, "web/inspections/list.html",
                  {"inspections": inspections, "form": form, "may_plan": may_plan}, status=status)


def _inspection_context(request, inspection, *, raise_form=None, refusal=None, submitted=None):
    user = request.user
    findings = with_days_left(findings_visible_to(user).filter(inspection=inspection)
                              .order_by("due_date", "id"))
    may_raise = inspection.state in ACCEPTS_FINDINGS and may_raise_finding(user, inspection)
    if may_raise and raise_form is None:
        raise_form = FindingRaiseForm(inspection=inspection, auto_id="finding-%s")
    return {
        "inspection": inspection, "findings": findings,
        "open_findings": open_finding_ids(inspection),
        "buttons": _buttons(INSPECTION_BUTTONS, available_transitions(inspection, user), submitted=submitted),
        "refusal": refusal or Refusal(),
        "may_raise": may_raise, "raise_form": raise_form if may_raise else None,
    }


@login_required
def inspection_page(request, pk):
    inspection = _inspection(request, pk)
    return _page_or_part(request, "web/inspections/inspection.html", INSPECTION_PARTS,
                         _inspection_context(request, inspection))


@login_required
@require_POST
def inspection_transition_view(request, pk, name):
    inspection = _inspection(request, pk)
    with refusal_shown() as refusal:
        check_transition(inspection, name, actor=request.user)
        inspection_transition(inspection, name, actor=request.user)
    if not refusal:
        messages.success(request, INSPECTION_DONE.get(name, pgettext("inspections", "Done.")))
        return redirect("web:inspection", pk=inspection.pk)
    inspection = _inspection(request, pk)  # as it is now: nothing was changed
    return render(request, "web/inspections/inspection.html",
                  _inspection_context(request, inspection, refusal=refusal), status=refusal.status)


@login_required
@require_POST
def finding_raise_view(request, pk):
    inspection = _inspection(request, pk)
    if not may_raise_finding(request.user, inspection):
        raise PermissionDenied(_("only an inspector of this inspection raises findings"))
    form = FindingRaiseForm(request.POST, inspection=inspection, auto_id="finding-%s")
    refusal = Refusal()
    if form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form=form) as refusal:
            finding = finding_raise(actor=request.user, inspection=inspection, office=data["office"],
                                    description=data["description"], severity=data["severity"],
                                    due_date=data["due_date"])
        if not refusal:
            messages.success(request, pgettext("inspections", "The finding is recorded; the office is notified."))
            return redirect("web:finding", pk=finding.pk)
    context = _inspection_context(request, inspection, raise_form=form)
    if refusal and not context["may_raise"]:
        context["refusal"] = refusal  # the inspection no longer takes findings: say so above
    return render(request, "web/inspections/inspection.html", context,
                  status=refusal.status if refusal else 400)


# --- findings ----------------------------------------------------------------------

def _finding_urls(finding):
    page = reverse("web:finding", kwargs={"pk": finding.pk})
    return page, reverse("web:finding_evidence", kwargs={"pk": finding.pk}), \
        reverse("web:finding_comments", kwargs={"pk": finding.pk})


def _finding_context(request, finding, *, refusal=None, submitted=None, evidence=None, comments=None):
    page, evidence_url, comments_url = _finding_urls(finding)
    with_days_left([finding])
    return {
        "finding": finding, "inspection": finding.inspection,
        "buttons": _buttons(FINDING_BUTTONS, available_transitions(finding, request.user),
                            FINDING_TRANSITION_FORMS, submitted=submitted),
        "refusal": refusal or Refusal(),
        **evidence_context(request, finding, post_url=evidence_url, refresh_url=f"{page}?part=evidence",
                           **(evidence or {})),
        **comments_context(request, finding, post_url=comments_url, **(comments or {})),
        **history_context(finding, refresh_url=f"{page}?part=history"),
    }


@login_required
def finding_page(request, pk):
    finding = _finding(request, pk)
    return _page_or_part(request, "web/inspections/finding.html", FINDING_PARTS,
                         _finding_context(request, finding))


@login_required
@require_POST
def finding_transition_view(request, pk, name):
    finding = _finding(request, pk)
    form = transition_form(FINDING_TRANSITION_FORMS, name, request.POST)
    # Who and state first (no body needed to refuse), then the body, then the run.
    with refusal_shown() as refusal:
        check_transition(finding, name, actor=request.user)
    if not refusal:
        if not form.is_valid():
            refusal = Refusal(message=pgettext("inspections", "check the form below"), code="validation_error")
        else:
            with refusal_shown() as refusal:
                finding_transition(finding, name, actor=request.user, **form.cleaned_data)
            if not refusal:
                messages.success(request, FINDING_DONE.get(name, pgettext("inspections", "Done.")))
                return redirect("web:finding", pk=finding.pk)
            for field, msgs in refusal.field_errors().items():
                if field in form.fields:
                    for msg in msgs:
                        form.add_error(field, str(msg))
    finding = _finding(request, pk)  # as it is now: nothing was changed
    context = _finding_context(request, finding, refusal=refusal, submitted={name: form})
    context["refused_transition"] = name
    return render(request, "web/inspections/finding.html", context, status=refusal.status)


@login_required
@require_POST
def finding_evidence(request, pk):
    finding = _finding(request, pk)
    refusal, file_form, link_form = evidence_post(request, finding)
    if not refusal:
        messages.success(request, pgettext("inspections", "The evidence is attached."))
        return redirect(f"{reverse('web:finding', kwargs={'pk': finding.pk})}#evidence")
    context = _finding_context(request, finding, evidence={"refusal": refusal, "file_form": file_form,
                                                           "link_form": link_form})
    return render(request, "web/inspections/finding.html", context, status=refusal.status)


@login_required
@require_POST
def finding_comments(request, pk):
    finding = _finding(request, pk)
    refusal, form = comment_post(request, finding)
    if not refusal:
        return redirect(f"{reverse('web:finding', kwargs={'pk': finding.pk})}#comments")
    context = _finding_context(request, finding, comments={"refusal": refusal, "form": form})
    return render(request, "web/inspections/finding.html", context, status=refusal.status)

