# The Celery app is loaded with Django (Celery's own recipe), so the tasks that
# ``backend.deadlines`` declares with ``shared_task`` belong to it in every process.
from .celery import app as celery_app

__all__ = ["celery_app"]
