import os
import sys

from django.apps import AppConfig
from django.conf import settings


def _in_a_management_command() -> bool:
    """``manage.py migrate``, ``seed_demo``…: one-off processes, no periodic jobs in them
    (``runserver`` serves, so it gets them)."""
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    return program in ("manage.py", "django-admin") and sys.argv[1:2] != ["runserver"]


class DeadlinesConfig(AppConfig):
    """The jobs derived from time and the event log: the deadline pass, the event sweep,
    and their runners (embedded thread, Celery tasks, ``manage.py scan_deadlines``)."""

    name = "backend.deadlines"
    verbose_name = "Hạn xử lý"

    def ready(self):
        # Models are ready only now; importing the tasks gives the event dispatch its queue.
        from . import tasks  # noqa: F401, PLC0415

        # The embedded default's periodic jobs, in the serving process (Daphne); at
        # scale Celery beat runs them instead.
        if getattr(settings, "PAR_EMBEDDED_SCHEDULER", False) and not _in_a_management_command():
            from .scheduler import start_embedded_scheduler  # noqa: PLC0415

            start_embedded_scheduler()
