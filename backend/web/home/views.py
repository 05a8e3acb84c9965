"""The home page: what this user should look at first, by role (issue 10, "Home per role")."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import home_of

# Which notifications' subjects refresh each home live (bell.js, WEB.md).
LIVE = {
    "officer": "task:* finding:*",
    "head": "task:* plan:* finding:* score:*",
    "office_head": "task:* plan:* finding:* score:*",
    "inspector": "inspection:* finding:*",
    "admin": "score:*",
}


@login_required
def home(request):
    role, panels = home_of(request.user)
    context = {"role": role, "live": LIVE[role], "panel_template": f"web/home/_{role}.html", **panels}
    template = "web/home/_home.html" if request.htmx else "web/home/home.html"
    return render(request, template, context)
