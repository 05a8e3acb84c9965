"""Reports as pages (the same HTML the PDFs are printed from) and their files: a plan's
progress, the leadership criterion's self-assessment."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from backend.plans.access import access_plan, access_task
from backend.reports.api import periodic_file, progress_file, score_file
from backend.reports.selectors import periodic_context, progress_context, score_context
from backend.scoring.selectors import score_agency_for
from backend.web.refusals import found_or_404, refusal_shown


def _plan(request, pk):
    return found_or_404(access_plan, request.user, pk)


def _report_page(request, template, context, *, back_url, file_route, args=(), query=""):
    """A report read on screen: its document with the toolbar (back, PDF, Excel)."""
    return render(request, template, {
        **context, "toolbar": True, "back_url": back_url,
        "pdf_url": reverse(file_route, args=[*args, "pdf"]) + query,
        "xlsx_url": reverse(file_route, args=[*args, "xlsx"]) + query,
    })


@login_required
@require_GET
def plan_report(request, pk):
    plan = _plan(request, pk)
    return _report_page(request, "reports/progress.html", progress_context(request.user, plan),
                        back_url=reverse("web:plan_board", args=[plan.pk]), file_route="web:plan_report_file",
                        args=[plan.pk])


@login_required
@require_GET
def plan_report_file(request, pk, ext):
    return progress_file(request.user, _plan(request, pk), ext)


def _agency_and_year(request):
    """``?agency=&year=`` (default: one's own agency, this year); what one may not see is a 404."""
    try:
        agency_id = int(request.GET.get("agency") or request.user.agency_id or 0)
        year = int(request.GET.get("year") or timezone.localdate().year)
    except (TypeError, ValueError):
        raise Http404 from None
    agency = score_agency_for(request.user, agency_id) if 0 < agency_id < 2**31 and 2000 <= year <= 2100 else None
    if agency is None:
        raise Http404
    return agency, year


@login_required
@require_GET
def score_report_page(request):
    agency, year = _agency_and_year(request)
    context = score_context(agency, year)
    if context is None:
        raise Http404
    query = f"?agency={agency.pk}&year={year}"
    return _report_page(request, "reports/score.html", context, back_url=reverse("web:scores") + query,
                        file_route="web:score_report_file", query=query)


@login_required
@require_GET
def score_report_file(request, ext):
    agency, year = _agency_and_year(request)
    with refusal_shown():
        return score_file(request.user, agency.pk, year, ext)
    raise Http404


def _report_task(request, pk):
    task = found_or_404(access_task, request.user, pk)
    if task.kind != "report":
        raise Http404
    return task


@login_required
@require_GET
def periodic_report_page(request, pk):
    task = _report_task(request, pk)
    return _report_page(request, "reports/periodic.html", periodic_context(request.user, task),
                        back_url=reverse("web:task", args=[task.pk]), file_route="web:periodic_report_file",
                        args=[task.pk])


@login_required
@require_GET
def periodic_report_file(request, pk, ext):
    return periodic_file(request.user, _report_task(request, pk), ext)
