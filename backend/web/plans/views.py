"""The plan board and the task page: thin views over the plans' selectors and services.

Every change goes through the services the API uses (``task_create``, ``task_update``,
``task_transition``, ``plan_transition``, ``evidence_add_*``, ``comment_add``); a refusal
is shown in place by ``backend.web.refusals``. Parts of the task page are fragments that
htmx swaps (after an action, or on ``par:refresh`` from the bell): the state part, the
evidence, the comments, the history, a board row.
"""
from django.contrib import messages
from django.db import transaction
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backend.comments.models import Comment
from backend.comments.services import comment_add
from backend.evidence.services import evidence_add_file, evidence_add_link
from backend.dossiers.access import may_build_dossier
from backend.imports.access import may_import
from backend.plans.access import (
    access_plan, access_task, may_create_task, may_manage_task, may_update_progress,
)
from backend.plans.models import TaskState
from backend.plans.selectors import plans_visible_to, tasks_visible_to
from backend.plans.services import plan_transition, task_create, task_transition, task_update
from backend.web.deadlines import with_days_left
from backend.web.parts import comments_context, evidence_context
from backend.web.refusals import Refusal, found_or_404, refusal_shown
from workflows.models import TransitionRecord
from workflows.services import available_transitions, check_transition

from . import actions
from .board import GROUP_BY, board_tasks, grouped, overall
from backend.web.documents.forms import DocumentFieldsMixin

from .forms import (
    TRANSITION_FORMS, BoardFilterForm, CommentAddForm, EvidenceFileForm, EvidenceLinkForm,
    PlanIssueForm, ProgressForm, TaskForm, transition_form, transition_params,
)

# htmx fires this after a change on the task page; the parts that show it listen.
TASK_CHANGED = "task-changed"


# --- the plan board -------------------------------------------------------------

@login_required
@require_GET
def plans(request):
    """``/plans/``: the board of this year's plan (``?year=`` another year's)."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    found = list(plans_visible_to(request.user).filter(year=year).order_by("agency__name")[:50])
    if len(found) == 1:
        return _board(request, found[0])
    return render(request, "web/plans/no_plan.html", {
        "year": year, "plans": found, "years": _years(request.user)})


@login_required
@require_GET
def plan_board(request, pk):
    return _board(request, found_or_404(access_plan, request.user, pk))


def _years(user):
    return sorted(set(plans_visible_to(user).values_list("year", flat=True)), reverse=True)


def _board(request, plan, *, status=200):
    form = BoardFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    group_by = form.group_by() if form.is_bound else "field"
    # The board lists supporting offices nowhere: no prefetch for them.
    tasks = board_tasks(tasks_visible_to(request.user).filter(plan=plan).prefetch_related(None), **filters)
    context = {
        "plan": plan, "form": form, "groups": grouped(tasks, group_by), "total": overall(tasks),
        "group_by": group_by, "group_choices": GROUP_BY, "filtered": any(v not in (None, "", False) for v in filters.values()),
        "plan_state": actions.PLAN_STATES.get(plan.state, plan.state),
        "plan_buttons": actions.plan_buttons(available_transitions(plan, request.user)),
        "may_add_task": _may_add_task(request.user, plan), "years": _years(request.user),
        "may_import": plan.state != "closed" and may_import(request.user, plan),
        "may_build_dossier": may_build_dossier(request.user, plan.agency_id),
        "query": request.GET.urlencode(),
    }
    if request.htmx and request.htmx.target == "board-groups":
        return render(request, "web/plans/_board_groups.html", context, status=status)
    return render(request, "web/plans/board.html", context, status=status)


def _may_add_task(user, plan):
    # Only to show the link; task_create decides.
    return plan.state != "closed" and may_create_task(user, plan)


@login_required
@require_http_methods(["GET", "POST"])
def plan_transition_view(request, pk, name):
    plan = found_or_404(access_plan, request.user, pk)
    if name == "approve":
        return _plan_issue(request, plan)
    if request.method != "POST":
        raise Http404
    with refusal_shown(request) as refusal:
        plan_transition(plan, name, actor=request.user)
    if not refusal:
        messages.success(request, actions.PLAN_DONE.get(name, pgettext("plans", "Done.")))
    return redirect("web:plan_board", pk=plan.pk)


def _plan_issue(request, plan):
    """Issue (ban hành) the plan: GET asks for its signed plan document, POST records it."""
    with refusal_shown() as refusal:
        check_transition(plan, "approve", actor=request.user)  # who and which state first
    if refusal:
        messages.error(request, refusal.message)
        return redirect("web:plan_board", pk=plan.pk)
    form = PlanIssueForm(request.POST or None, request.FILES or None, user=request.user,
                         default_issuer=plan.agency.name)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form) as refusal, transaction.atomic():
            # The document and the issue together, or neither.
            plan_transition(plan, "approve", actor=request.user, document=form.signed_document(request.user))
        if not refusal:
            messages.success(request, actions.PLAN_DONE["approve"])
            return redirect("web:plan_board", pk=plan.pk)
    status = refusal.status if refusal else (400 if form.errors else 200)
    return render(request, "web/plans/plan_issue.html", {"plan": plan, "form": form, "refusal": refusal},
                  status=status)


# --- add and edit a task ------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def task_new(request):
    plan = found_or_404(access_plan, request.user, request.GET.get("plan", ""))
    if not _may_add_task(request.user, plan):
        raise PermissionDenied(_("only a department head or an office head creates tasks"))
    form = TaskForm(request.POST or None, plan=plan, user=request.user)
    refusal = Refusal()
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form) as refusal:
            task = task_create(actor=request.user, plan=plan, **form.created())
        if not refusal:
            messages.success(request, pgettext("plans", "Task %(code)s is added to the plan.") % {"code": task.code})
            _warn(request, task)
            return redirect("web:task", pk=task.pk)
    status = refusal.status if refusal else (400 if form.errors else 200)
    return render(request, "web/plans/task_form.html", {"form": form, "plan": plan, "task": None}, status=status)


def _warn(request, task):
    """Not an error: a due date that is not a working day is saved, and said so."""
    for warning in task.warnings:
        messages.warning(request, warning["message"])


def _may_edit(user, task):
    # Only to offer the page; task_update decides.
    return task.is_open and may_manage_task(user, task)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = _task(request, pk)
    if not _may_edit(request.user, task):
        raise PermissionDenied(_("only the department head or the lead office's head edits the task"))
    form = TaskForm(request.POST or None, plan=task.plan, task=task, user=request.user)
    refusal = Refusal()
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form) as refusal:
            task_update(task=task, actor=request.user, data=form.changes())
        if not refusal:
            messages.success(request, pgettext("plans", "The task is saved."))
            _warn(request, _task(request, task.pk))
            return redirect("web:task", pk=task.pk)
    status = refusal.status if refusal else (400 if form.errors else 200)
    return render(request, "web/plans/task_form.html", {"form": form, "plan": task.plan, "task": task},
                  status=status)


# --- the task page and its parts ------------------------------------------------------

def _task(request, pk):
    """The task if the user may see it (the API's rule), else the site's 404."""
    return found_or_404(access_task, request.user, pk)


def _state_context(request, task, *, action=None, form=None, refusal=None, progress_form=None):
    with_days_left([task])
    available = available_transitions(task, request.user)
    may_progress = task.state == TaskState.IN_PROGRESS and may_update_progress(request.user, task)
    return {
        "task": task, "buttons": actions.task_buttons(available), "action": action,
        "action_label": actions.TASK_BUTTONS.get(action, action) if action else "",
        "action_form": form, "refusal": refusal or Refusal(),
        "progress_form": progress_form or (ProgressForm(initial={"progress": task.progress}, auto_id="progress-%s")
                                           if may_progress else None),
        "may_edit": _may_edit(request.user, task),
    }


def _evidence_context(request, task, *, file_form=None, link_form=None, refusal=None):
    """The shared evidence part (``web/parts/_evidence.html``, as on a finding's page), with
    the task's forms, posted through htmx, refreshed when the task changes."""
    return {"task": task, **evidence_context(
        request, task, post_url=reverse("web:task_evidence", kwargs={"pk": task.pk}),
        refresh_url=reverse("web:task_part", kwargs={"pk": task.pk, "part": "evidence"}),
        file_form=file_form or EvidenceFileForm(auto_id="evidence-file-%s"),
        link_form=link_form or EvidenceLinkForm(auto_id="evidence-link-%s"),
        refusal=refusal, part_id="task-evidence", refresh_on=f"{TASK_CHANGED} from:body", htmx=True)}


def _comments_context(request, task, *, comment_form=None, refusal=None):
    """The shared comments part, with the task's form (a supporting office's member may
    mark a note as its contribution), posted through htmx."""
    form = comment_form or CommentAddForm(auto_id="comment-%s", may_contribute=task.may_contribute(request.user))
    return {"task": task, **comments_context(
        request, task, post_url=reverse("web:task_comments", kwargs={"pk": task.pk}), form=form,
        refusal=refusal, part_id="task-comments", htmx=True)}


def _history_context(task):
    records = TransitionRecord.objects.filter(subject_type="task", subject_id=task.pk) \
        .select_related("actor").order_by("id")
    states = dict(TaskState.choices)
    labels = type(task).transition_labels
    history = [{"record": r, "transition": labels.get(r.transition, r.transition),
                "from": states.get(r.from_state, r.from_state), "to": states.get(r.to_state, r.to_state),
                "due_date": _dates((r.data or {}).get("changes", {}).get("due_date"))} for r in records]
    return {"task": task, "history": history}


def _dates(change):
    """A due-date change as the history stores it (ISO strings) → dates, for dd/mm/yyyy."""
    if not change:
        return None
    return {side: parse_date(value) if isinstance(value, str) else value for side, value in change.items()}


def _task_page(request, task, *, status=200, evidence=None, comments=None, **state):
    context = {"plan": task.plan, **_state_context(request, task, **state),
               **(evidence or _evidence_context(request, task)),
               **(comments or _comments_context(request, task)), **_history_context(task)}
    return render(request, "web/plans/task.html", context, status=status)


@login_required
@require_GET
def task_page(request, pk):
    return _task_page(request, _task(request, pk))


@login_required
@require_GET
def task_state(request, pk):
    return render(request, "web/plans/_task_state.html", _state_context(request, _task(request, pk)))


@login_required
@require_GET
def task_row(request, pk):
    task = _task(request, pk)
    with_days_left([task])
    return render(request, "web/plans/_task_row.html", {"task": task})


@login_required
@require_GET
def task_history(request, pk):
    return render(request, "web/plans/_task_history.html", _history_context(_task(request, pk)))


@login_required
@require_GET
def task_part(request, pk, part):
    """The details or the evidence part, refreshed after a change or a notification."""
    task = _task(request, pk)
    if part == "details":
        return render(request, "web/plans/_task_details.html", {"task": task})
    if part == "evidence":
        return render(request, "web/parts/_evidence.html", _evidence_context(request, task))
    raise Http404


def _state_answer(request, task, *, status=200, **state):
    """The state part for htmx; the whole page without JavaScript."""
    if request.htmx:
        return render(request, "web/plans/_task_state.html", _state_context(request, task, **state), status=status)
    return _task_page(request, task, status=status, **state)


def _done(request, task, message):
    """After a change: htmx gets the new state part (and the page's other parts hear of it)."""
    if request.htmx:
        task = _task(request, task.pk)
        response = render(request, "web/plans/_task_state.html", _state_context(request, task))
        response["HX-Trigger"] = TASK_CHANGED
        return response
    messages.success(request, message)
    _warn(request, _task(request, task.pk))
    return redirect("web:task", pk=task.pk)


@login_required
@require_http_methods(["GET", "POST"])
def task_transition_view(request, pk, name):
    """GET: the transition's small form; POST: run it through the plans service."""
    task = _task(request, pk)
    if name not in TRANSITION_FORMS:
        raise Http404
    posted = request.method == "POST"
    form = transition_form(name, task, request.POST if posted else None, request.FILES if posted else None,
                           user=request.user)
    with refusal_shown() as refusal:
        # Who and which state first, as the API does: no form for what the user may not do.
        check_transition(task, name, actor=request.user)
        if posted and form.is_valid():
            params = transition_params(form)
            with transaction.atomic():  # a document recorded here and the transition: both or neither
                if isinstance(form, DocumentFieldsMixin):
                    params["document"] = form.signed_document(request.user)
                task_transition(task, name, actor=request.user, **params)
    if refusal:
        for field, msgs in refusal.field_errors().items():
            if field in form.fields:
                for msg in msgs:
                    form.add_error(field, str(msg))
        return _state_answer(request, task, status=refusal.status, action=name, form=form, refusal=refusal)
    if request.method == "GET" or form.errors:
        return _state_answer(request, task, status=400 if form.errors else 200, action=name, form=form)
    label = actions.TASK_BUTTONS.get(name, name)
    return _done(request, task, pgettext("plans", "Done: %(action)s.") % {"action": label})


@login_required
@require_POST
def task_progress(request, pk):
    task = _task(request, pk)
    form = ProgressForm(request.POST, auto_id="progress-%s")
    with refusal_shown(form=form) as refusal:
        if form.is_valid():
            task_update(task=task, actor=request.user, data={"progress": form.cleaned_data["progress"]})
    if refusal or form.errors:
        task = _task(request, pk)
        return _state_answer(request, task, status=refusal.status if refusal else 400,
                             progress_form=form, refusal=refusal)
    return _done(request, task, pgettext("plans", "Progress is updated."))


@login_required
@require_POST
def task_evidence(request, pk):
    """Add a file (the drop zone or the file input) or a link, through the evidence service."""
    task = _task(request, pk)
    is_link = request.POST.get("kind") == "link"
    file_form = link_form = None
    if is_link:
        form = link_form = EvidenceLinkForm(request.POST, auto_id="evidence-link-%s")
    else:
        form = file_form = EvidenceFileForm(request.POST, request.FILES, auto_id="evidence-file-%s")
    with refusal_shown(form=form) as refusal:
        if form.is_valid():
            data = form.cleaned_data
            if is_link:
                evidence_add_link(subject=task, actor=request.user, url=data["url"], note=data["note"])
            else:
                evidence_add_file(subject=task, actor=request.user, upload=data["file"], note=data["note"])
    failed = bool(refusal or form.errors)
    status = (refusal.status if refusal else 400) if failed else 200
    context = _evidence_context(request, task, refusal=refusal,
                                file_form=file_form if failed else None, link_form=link_form if failed else None)
    if request.htmx:
        return render(request, "web/parts/_evidence.html", context, status=status)
    if failed:
        return _task_page(request, task, status=status, evidence=context)
    messages.success(request, pgettext("plans", "The evidence is added."))
    return redirect(reverse("web:task", kwargs={"pk": task.pk}) + "#task-evidence")


@login_required
@require_http_methods(["GET", "POST"])
def task_comments(request, pk):
    task = _task(request, pk)
    if request.method == "GET":
        return render(request, "web/parts/_comments.html", _comments_context(request, task))
    form = CommentAddForm(request.POST, auto_id="comment-%s", may_contribute=task.may_contribute(request.user))
    with refusal_shown(form=form) as refusal:
        if form.is_valid():
            kind = Comment.Kind.CONTRIBUTION if form.cleaned_data.get("contribution") else Comment.Kind.COMMENT
            comment_add(subject=task, actor=request.user, body=form.cleaned_data["body"], kind=kind)
    failed = bool(refusal or form.errors)
    status = (refusal.status if refusal else 400) if failed else 200
    context = _comments_context(request, task, refusal=refusal, comment_form=form if failed else None)
    if request.htmx:
        return render(request, "web/parts/_comments.html", context, status=status)
    if failed:
        return _task_page(request, task, status=status, comments=context)
    return redirect(reverse("web:task", kwargs={"pk": task.pk}) + "#task-comments")
