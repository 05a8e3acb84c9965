from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "backend.dossiers"
    label = "dossiers"
    verbose_name = _("evidence dossiers")

    def ready(self):
        # What this app's events carry, checked whenever one is written.
        from .events import register_event_schemas  # noqa: PLC0415  (needs the models)

        register_event_schemas()
        if settings.DOSSIER_BUILD == "celery":
            # Hands the builds to the task queue (tasks.py sets the service's queue).
            from . import tasks  # noqa: F401, PLC0415
