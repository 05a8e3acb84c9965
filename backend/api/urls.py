from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from backend.accounts.api import AgencyViewSet, MeView, OfficeViewSet, TokenView, UserViewSet
from backend.criteria.api import CriterionViewSet, MethodologyViewSet
from backend.plans.api import PlanViewSet, TaskViewSet
from workflows.api import EventViewSet

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("offices", OfficeViewSet, basename="office")
router.register("users", UserViewSet, basename="user")
router.register("methodologies", MethodologyViewSet, basename="methodology")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include(router.urls)),
]
