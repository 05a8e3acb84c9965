"""The bell's drop-down, marking read, the full list, and the preferences.

Reads through ``notifications.selectors`` (a user only ever sees their own), writes
through ``notifications.services`` (which also tell the user's other open pages the
new unread count over the socket).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import services
from notifications.selectors import bell_of, notifications_of, preferences_of

from .forms import PreferencesForm

BELL_LATEST = 8
PAGE_SIZE = 25


def _bell_menu(request, *, status=200):
    latest = list(notifications_of(request.user)[:BELL_LATEST])
    return render(request, "web/notifications/_bell_menu.html",
                  {"latest": latest, "bell": bell_of(request.user)}, status=status)


@login_required
def bell_menu(request):
    """The drop-down's content (an htmx fragment): the latest notifications."""
    return _bell_menu(request)


def _next(request, default):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one read; from the drop-down, then open what it is about."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.htmx and not request.POST.get("next"):
        return _bell_menu(request)
    return redirect(_next(request, "web:notifications"))


@login_required
@require_POST
def mark_all_read(request):
    marked = services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return _bell_menu(request)
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_next(request, "web:notifications"))


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = notifications_of(request.user, unread=True if unread_only else None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/notifications/list.html", {"page": page, "unread_only": unread_only})


@login_required
def preferences(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           preferences=preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, changes=form.changes())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("web:notification_preferences")
    return render(request, "web/notifications/preferences.html", {"form": form})
