"""Upload a plan workbook, check the preview (every row, every problem by row and column),
confirm: the same services as ``/api/v1/plans/{id}/imports/``."""
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from backend.imports.access import access_plan_import, may_import
from backend.imports.services import import_confirm, import_preview, template_for
from backend.imports.workbook import check_size
from backend.plans.access import access_plan
from backend.web.forms import PageForm
from backend.web.refusals import Refusal, found_or_404, refusal_shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(PageForm):
    file = forms.FileField(
        label=pgettext_lazy("imports", "The plan's workbook (.xlsx)"),
        help_text=pgettext_lazy("imports", "One task per row, under the section of its PAR field, as in the "
                                           "sample workbook. Nothing is added before you confirm the preview."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )


def _plan(request, pk):
    """The plan, if the user may see it (else 404) and import into it (else 403)."""
    plan = found_or_404(access_plan, request.user, pk)
    if not may_import(request.user, plan):
        raise PermissionDenied(_("only the department head imports tasks into the plan"))
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    plan = _plan(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    refusal = Refusal()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refusal_shown(form=form) as refusal:
            check_size(upload.size)
            record = import_preview(actor=request.user, plan=plan, file_name=upload.name, data=upload.read())
        if not refusal:
            return redirect("web:plan_import_preview", pk=plan.pk, import_id=record.pk)
    status = refusal.status if refusal else (400 if form.errors else 200)
    return render(request, "web/imports/upload.html", {"plan": plan, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview_page(request, pk, import_id):
    plan = _plan(request, pk)
    record = found_or_404(access_plan_import, request.user, plan, import_id)
    refusal = Refusal()
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            record = import_confirm(actor=request.user, plan=plan, import_id=record.pk)
        if not refusal:
            messages.success(request, pgettext("imports", "%(n)s tasks were added to the plan.")
                             % {"n": record.tasks.count()})
            return redirect("web:plan_board", pk=plan.pk)
        record = access_plan_import(request.user, plan, import_id)
    problems_by_row, warnings_by_row = {}, {}
    for note in record.problems:
        problems_by_row.setdefault(note["row"], []).append(note)
    for note in record.warnings:
        warnings_by_row.setdefault(note["row"], []).append(note)
    rows = [{**row, "due": datetime.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
             "problems": problems_by_row.get(row["row"], []), "warnings": warnings_by_row.get(row["row"], [])}
            for row in record.rows]
    return render(request, "web/imports/preview.html", {
        "plan": plan, "record": record, "rows": rows,
        "file_problems": [p for p in record.problems if p["row"] is None or p["row"] not in
                          {row["row"] for row in record.rows}],
        "file_warnings": [w for w in record.warnings if w["row"] is None or w["row"] not in
                          {row["row"] for row in record.rows}],
    }, status=refusal.status if refusal else 200)


@login_required
@require_GET
def import_template(request):
    response = HttpResponse(template_for(request.user.agency), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-cchc.xlsx"'
    return response
