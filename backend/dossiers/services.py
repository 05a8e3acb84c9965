"""Asking for a dossier and building it: the state, its history row and its event in one
transaction at each step (``workflows.services.record_change``); the long work between
``start`` and ``finish`` runs outside any transaction and only reports progress.

Where the build runs (setting ``DOSSIER_BUILD``): ``"celery"`` on a worker of the task
queue (``tasks.py`` hands this module its queue), ``"thread"`` in a background thread of
the web process (the embedded default: nothing else to run), ``"inline"`` right after
the request's commit, in its thread (tests, scripts).
"""
import logging
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.accounts.models import Agency
from backend.criteria.selectors import leadership_criteria, methodology_id_for
from workflows.errors import ValidationFailed
from workflows.services import record_change

from .access import check_may_build_dossier
from .builder import write_dossier
from .models import Dossier, dossier_upload_to

log = logging.getLogger(__name__)
State = Dossier.State
PROGRESS_EVERY_SECONDS = 1.0

_queue = None


def use_queue(enqueue):
    """``enqueue(dossier_id)`` runs builds from now on (the task queue's ``tasks.py``)."""
    global _queue
    _queue = enqueue


def _launch(dossier_id):
    mode = settings.DOSSIER_BUILD
    if mode == "celery" and _queue is not None:
        _queue(dossier_id)
    elif mode == "inline":
        dossier_build(dossier_id)
    else:
        threading.Thread(target=_build_in_thread, args=(dossier_id,), name=f"dossier-{dossier_id}",
                         daemon=True).start()


def _build_in_thread(dossier_id, attempts=5):
    try:
        for attempt in range(1, attempts + 1):
            try:
                dossier_build(dossier_id)
                return
            except OperationalError:
                # The database was busy (SQLite's one writer): try again shortly; once
                # out of attempts the dossier stays queued until a new request replaces it.
                log.warning("evidence dossier %s: database busy, attempt %s", dossier_id, attempt, exc_info=True)
                time.sleep(0.2 * attempt)
    finally:
        connections.close_all()  # this thread's own connections


def _fail(dossier, from_state, error):
    """``error`` is for the log and the administrator; people read the notification's words."""
    dossier.state = State.FAILED
    dossier.finished_at = timezone.now()
    dossier.save(update_fields=["state", "finished_at"])
    record_change(dossier, event_type="dossier.failed", transition="fail", from_state=from_state, actor=None,
                  carried={"error": error})


def dossier_request(*, actor, agency: Agency, year: int) -> tuple[Dossier, bool]:
    """Ask for ``agency``'s dossier of ``year``: (the dossier, whether it is new).

    One build per agency and year at a time: while one is queued or building, asking
    again returns it. One that stopped reporting progress (its process died) is marked
    failed and a new one starts.
    """
    check_may_build_dossier(actor, agency.pk)
    # Whether there is a criterion to build it for (the catalogue only; the build scores it).
    if not leadership_criteria(methodology_id_for(agency, year)):
        raise ValidationFailed(details={"year": [_("the agency has no methodology to be scored with in %(year)s")
                                                 % {"year": year}]})
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one request at a time per agency
        running = Dossier.objects.filter(agency=agency, year=year, state__in=[State.QUEUED, State.BUILDING]).first()
        if running is not None and not running.stalled():
            return running, False
        if running is not None:
            _fail(running, running.state, "stalled: no progress reported; replaced by a new request")
        dossier = Dossier.objects.create(agency=agency, year=year, requested_by=actor)
        record_change(dossier, event_type="dossier.requested", transition="request", from_state="", actor=actor)
        transaction.on_commit(lambda: _launch(dossier.pk))
    return dossier, True


def _start(dossier_id) -> Dossier | None:
    with transaction.atomic():
        dossier = (Dossier.objects.select_for_update(of=("self",)).select_related("agency", "requested_by")
                   .filter(pk=dossier_id).first())
        if dossier is None or dossier.state != State.QUEUED:
            return None  # built by another worker already, or given up
        dossier.state = State.BUILDING
        dossier.started_at = dossier.heartbeat_at = timezone.now()
        dossier.save(update_fields=["state", "started_at", "heartbeat_at"])
        record_change(dossier, event_type="dossier.started", transition="start", from_state=State.QUEUED,
                      actor=None)
    return dossier


class _Progress:
    """Writes the progress on the row at most once a second (compare-and-set: only while
    this build still owns the row)."""

    def __init__(self, dossier_id):
        self.dossier_id = dossier_id
        self.last = None

    def __call__(self, done, total, *, force=False):
        now = timezone.now()
        if not force and self.last is not None and (now - self.last).total_seconds() < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        Dossier.objects.filter(pk=self.dossier_id, state=State.BUILDING).update(
            items_done=done, items_total=total, heartbeat_at=now)


def _target(dossier):
    """(the storage name, a local path to write it at or None when the storage is remote)."""
    name = dossier_upload_to(dossier, f"ho-so-{dossier.agency_id}-{dossier.year}-{dossier.pk}.zip")
    try:
        path = Path(dossier.file.storage.path(name))
    except NotImplementedError:
        return name, None
    path.parent.mkdir(parents=True, exist_ok=True)
    return name, path


def dossier_build(dossier_id) -> Dossier | None:
    """Build a queued dossier: queued → building → ready (or failed, and logged)."""
    dossier = _start(dossier_id)
    if dossier is None:
        return None
    name, final = _target(dossier)
    progress = _Progress(dossier.pk)
    with tempfile.TemporaryDirectory(prefix="dossier-", dir=final.parent if final else None) as workdir:
        part = Path(workdir) / "dossier.zip"
        try:
            # Written in the words of who asked for it (Vietnamese unless they chose English).
            with translation.override(dossier.requested_by.language or settings.LANGUAGE_CODE):
                summary = write_dossier(dossier.agency, dossier.year, part, Path(workdir), progress=progress)
            if final is not None:
                part.replace(final)  # the same file system: the finished zip appears at once
                dossier.file.name = name
            else:
                with part.open("rb") as handle:
                    dossier.file.save(name, File(handle), save=False)
        except Exception:
            log.exception("evidence dossier %s could not be built", dossier.pk)
            with transaction.atomic():
                locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
                if locked.state == State.BUILDING:
                    _fail(locked, State.BUILDING, "the build raised an error (see the log)")
            return Dossier.objects.get(pk=dossier.pk)
    size = dossier.file.size
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state != State.BUILDING:  # given up as stalled meanwhile: its zip goes
            dossier.file.delete(save=False)
            return locked
        locked.state = State.READY
        locked.file.name = dossier.file.name
        locked.finished_at = locked.heartbeat_at = timezone.now()
        locked.size, locked.files_count, locked.links_count = size, summary.files, summary.links
        locked.points, locked.max_points = summary.points, summary.max_points
        locked.items_done = locked.items_total
        locked.save()
        record_change(locked, event_type="dossier.ready", transition="finish", from_state=State.BUILDING,
                      actor=None, carried={"files": summary.files, "links": summary.links, "size": size})
        transaction.on_commit(lambda: dossiers_prune(locked.agency_id, locked.year))
    return locked


def dossiers_prune(agency_id, year) -> int:
    """Keep the newest ``DOSSIERS_KEPT`` ready dossiers of an agency's year; older ones
    go with their zip (each can be built again from the data)."""
    ready = Dossier.objects.filter(agency_id=agency_id, year=year, state=State.READY).order_by("-finished_at", "-id")
    old = list(ready[settings.DOSSIERS_KEPT:])
    for dossier in old:
        dossier.file.delete(save=False)
        dossier.delete()
    return len(old)
