"""Deadline tests run on an injected clock: every pass gets ``now``; nothing sleeps."""
import datetime

from django.utils import timezone

from workflows.models import Event


def at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    """A moment in local time (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


def events(type_=None, subject=None):
    qs = Event.objects.order_by("id")
    if type_:
        qs = qs.filter(type=type_)
    if subject is not None:
        qs = qs.filter(subject_type=subject.subject_type, subject_id=subject.pk)
    return list(qs)
