"""The bell's drop-down, marking read, the full list, and the preferences."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from notifications.selectors import notifications_of

BELL_LATEST = 8


@login_required
def bell_menu(request):
    """The drop-down's content (an htmx fragment): the latest notifications."""
    latest = list(notifications_of(request.user)[:BELL_LATEST])
    return render(request, "web/notifications/_bell_menu.html", {"latest": latest})


@login_required
def preferences(request):
    return render(request, "web/notifications/preferences.html", {})
