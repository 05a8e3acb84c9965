"""The Celery app: event dispatch and periodic jobs on workers, at scale.

Why Celery: it is the established Django task queue, runs on the Redis we already
need for the channel layer, scales to several workers on several machines, and its
beat scheduler covers the periodic jobs. Exactly one ``celery beat`` may run at a
time (docker-compose runs one); the jobs themselves are idempotent, so a task
delivered twice (``acks_late``, a worker killed mid-task) does no harm.

    celery -A backend worker -l info        # consumers
    celery -A backend beat -l info          # the scheduler (one only)

The embedded default (``PAR_EVENT_DISPATCH=inline``) needs none of this.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("backend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # each installed app's tasks.py
