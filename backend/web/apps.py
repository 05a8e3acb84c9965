from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The pages: a second interface over the same services and selectors as the API."""

    name = "backend.web"
    label = "web"
    verbose_name = _("web pages")
