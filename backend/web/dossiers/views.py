"""The evidence dossier (hồ sơ tài liệu kiểm chứng) of an agency's year: ask for it, watch
it being built, download the zip. The same services as ``/api/v1/dossiers/``; while a
build runs, its row reloads itself every few seconds (htmx) and the bell says when it
is ready."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from backend.dossiers.access import access_dossier, dossiers_visible_to, may_build_dossier, may_build_dossiers
from backend.dossiers.api import zip_response
from backend.dossiers.services import dossier_request
from backend.scoring.selectors import score_agency_for
from backend.web.refusals import found_or_404, refusal_shown

SHOWN = 10


def _agency_and_year(request, data):
    """``agency``/``year`` of the query or form (default: one's own agency, this year);
    an agency one may not see is a 404, one whose dossier one may not build a 403."""
    if not may_build_dossiers(request.user):
        raise PermissionDenied(_("only the department head or an administrator prepares the evidence dossier"))
    try:
        agency_id = int(data.get("agency") or request.user.agency_id or 0)
        year = int(data.get("year") or timezone.localdate().year)
    except (TypeError, ValueError):
        raise Http404 from None
    agency = score_agency_for(request.user, agency_id) if 0 < agency_id < 2**31 and 2000 <= year <= 2100 else None
    if agency is None:
        raise Http404
    if not may_build_dossier(request.user, agency.pk):
        raise PermissionDenied(_("only the department head or an administrator prepares the evidence dossier"))
    return agency, year


def _page(request, agency, year, *, current=None):
    shown = list(dossiers_visible_to(request.user).filter(agency=agency, year=year)[:SHOWN])
    query = {"agency": agency.pk, "year": year, **({"current": current} if current else {})}
    context = {"agency": agency, "year": year, "dossiers": shown, "current": current,
               "building": any(d.in_progress for d in shown), "query": urlencode(query)}
    if request.htmx and request.GET.get("part") == "list":
        return render(request, "web/dossiers/_list.html", context)
    return render(request, "web/dossiers/dossiers.html", context)


@login_required
@require_GET
def dossiers(request):
    agency, year = _agency_and_year(request, request.GET)
    current = request.GET.get("current", "")
    # The row marked stays marked as the list reloads itself (its own query says which).
    return _page(request, agency, year, current=int(current) if current.isdigit() and len(current) < 12 else None)


@login_required
@require_GET
def dossier(request, pk):
    """Where the notification leads: the dossiers of its agency and year, this one marked."""
    found = found_or_404(access_dossier, request.user, pk)
    return _page(request, found.agency, found.year, current=found.pk)


@login_required
@require_POST
def dossier_new(request):
    agency, year = _agency_and_year(request, request.POST)
    made = None
    with refusal_shown(request) as refusal:
        made, created = dossier_request(actor=request.user, agency=agency, year=year)
    if refusal or made is None:
        return redirect(f"{reverse('web:dossiers')}?{urlencode({'agency': agency.pk, 'year': year})}")
    if created:
        messages.success(request, pgettext("dossiers", "The dossier is being prepared. You will be notified when "
                                                       "it is ready; you may leave this page."))
    else:
        messages.info(request, pgettext("dossiers", "This dossier is already being prepared."))
    return redirect("web:dossier", pk=made.pk)


@login_required
@require_GET
def dossier_download(request, pk):
    found = found_or_404(access_dossier, request.user, pk)
    with refusal_shown():  # not ready yet, or its file gone: the site's 404
        return zip_response(found)
    raise Http404
