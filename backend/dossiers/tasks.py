"""Celery: dossiers are built on the task queue's workers (``DOSSIER_BUILD=celery``)."""
from celery import shared_task

from . import services


@shared_task(name="dossiers.build", acks_late=True, ignore_result=True)
def build_dossier(dossier_id):
    """Idempotent: only a queued dossier is started, so a second delivery does nothing."""
    services.dossier_build(dossier_id)


def enqueue(dossier_id):
    build_dossier.apply_async((dossier_id,), retry=False)


services.use_queue(enqueue)
