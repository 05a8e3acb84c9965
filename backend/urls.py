from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/docs/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/", include("backend.api.urls")),
    # No public /media/: evidence files go out through /api/v1/evidence/{id}/file/,
    # which checks who is asking.
]

handler400 = "backend.api.errors.bad_request"
handler403 = "backend.api.errors.permission_denied"
handler404 = "backend.api.errors.not_found"
handler500 = "backend.api.errors.server_error"
