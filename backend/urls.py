from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/docs/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/", include("backend.api.urls")),
    # Evidence files. Behind a proxy in production the proxy serves them.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler400 = "backend.api.errors.bad_request"
handler403 = "backend.api.errors.permission_denied"
handler404 = "backend.api.errors.not_found"
handler500 = "backend.api.errors.server_error"
