import os
import sys

from django.apps import AppConfig
from django.conf import settings


def _in_a_management_command() -> bool:
    """``manage.py migrate``, ``seed_demo``…: one-off processes, no periodic jobs in them
    (``runserver`` serves, so it gets them)."""
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    return program in ("manage.py", "django-admin") and sys.argv[1:2] != ["runserver"]


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Quy trình và sự kiện"

    def ready(self):
        # The embedded default's periodic jobs, in the serving process (Daphne); at
        # scale Celery beat runs them instead.
        if getattr(settings, "PAR_EMBEDDED_SCHEDULER", False) and not _in_a_management_command():
            from .scheduler import start_embedded_scheduler  # noqa: PLC0415

            start_embedded_scheduler()
