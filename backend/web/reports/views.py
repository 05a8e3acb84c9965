"""A plan's progress report as a page (the same HTML the PDF is printed from) and its files."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from backend.plans.access import access_plan
from backend.reports.api import progress_file
from backend.reports.selectors import progress_context
from backend.web.refusals import refusal_shown


def _plan(request, pk):
    plan = None
    with refusal_shown():
        plan = access_plan(request.user, pk)
    if plan is None:
        raise Http404
    return plan


@login_required
@require_GET
def plan_report(request, pk):
    plan = _plan(request, pk)
    return render(request, "reports/progress.html", {
        **progress_context(request.user, plan), "toolbar": True,
        "back_url": reverse("web:plan_board", args=[plan.pk]),
        "pdf_url": reverse("web:plan_report_file", args=[plan.pk, "pdf"]),
        "xlsx_url": reverse("web:plan_report_file", args=[plan.pk, "xlsx"]),
    })


@login_required
@require_GET
def plan_report_file(request, pk, ext):
    return progress_file(request.user, _plan(request, pk), ext)
