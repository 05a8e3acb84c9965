"""Every page of the web app, under the ``web`` namespace; each area fills its own urls.py."""
from django.urls import include, path

app_name = "web"

urlpatterns = [
    path("", include("backend.web.accounts.urls")),
    path("", include("backend.web.home.urls")),
    path("", include("backend.web.notifications.urls")),
    path("", include("backend.web.plans.urls")),
    path("", include("backend.web.imports.urls")),
    path("", include("backend.web.reports.urls")),
    path("", include("backend.web.inspections.urls")),
    path("", include("backend.web.scores.urls")),
    path("", include("backend.web.dossiers.urls")),
    path("", include("backend.web.documents.urls")),
]
