from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from backend.api.errors import not_found
from backend.accounts.api import (AgencyViewSet, LogoutAllView, LogoutView, MeView, OfficeViewSet, TokenView,
                                  UserViewSet)
from backend.documents.api import DocumentViewSet
from backend.dossiers.api import DossierViewSet
from backend.evidence.api import EvidenceFileView
from backend.reports.api import PeriodicReportView, PlanProgressReportView, ScoreReportView
from backend.imports.api import (PlanImportConfirmView, PlanImportDetailView, PlanImportListView,
                                 PlanImportTemplateView)
from backend.criteria.api import CriterionViewSet, MethodologyViewSet, ReportScheduleViewSet
from backend.inspections.api import FindingViewSet, InspectionViewSet
from backend.plans.api import PlanViewSet, TaskViewSet
from backend.scoring.api import ScoreViewSet
from backend.workdays.api import CalendarOverrideViewSet, HolidaysView, WorkingDaysView
from notifications.api import NotificationViewSet
from backend.api.transitions import EventViewSet

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("offices", OfficeViewSet, basename="office")
router.register("users", UserViewSet, basename="user")
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("report-schedule", ReportScheduleViewSet, basename="report-schedule")
router.register("documents", DocumentViewSet, basename="document")
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("events", EventViewSet, basename="event")
router.register("scores", ScoreViewSet, basename="score")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("calendar-overrides", CalendarOverrideViewSet, basename="calendar-override")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="auth-logout-all"),
    path("me/", MeView.as_view(), name="me"),
    path("evidence/<int:pk>/file/", EvidenceFileView.as_view(), name="evidence-file"),
    path("working-days/", WorkingDaysView.as_view(), name="working-days"),
    # Before the router: "import-template" is not a plan id.
    path("plans/import-template/", PlanImportTemplateView.as_view(), name="plan-import-template"),
    path("plans/<int:plan_id>/imports/", PlanImportListView.as_view(), name="plan-imports"),
    re_path(r"^plans/(?P<plan_id>[0-9]+)/report\.(?P<ext>pdf|xlsx)$", PlanProgressReportView.as_view(),
            name="plan-progress-report"),
    re_path(r"^scores/report\.(?P<ext>pdf|xlsx)$", ScoreReportView.as_view(), name="score-report"),
    re_path(r"^tasks/(?P<task_id>[0-9]+)/periodic-report\.(?P<ext>pdf|xlsx)$", PeriodicReportView.as_view(),
            name="periodic-report"),
    path("plans/<int:plan_id>/imports/<int:pk>/", PlanImportDetailView.as_view(), name="plan-import"),
    path("plans/<int:plan_id>/imports/<int:pk>/confirm/", PlanImportConfirmView.as_view(),
         name="plan-import-confirm"),
    path("holidays/", HolidaysView.as_view(), name="holidays"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include(router.urls)),
    # Anything else under /api/v1/ is a JSON 404, in DEBUG too (Django's debug 404 is HTML).
    re_path(r"^.*$", not_found),
]
