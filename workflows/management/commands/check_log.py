"""Check the event log's invariants (workflows.reconcile); exit status 1 on any gap."""
import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from workflows import reconcile

_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def moment(text) -> datetime.datetime:
    """``--since``: a duration back from now (``90m``, ``2h``, ``7d``) or an ISO date / date-time."""
    found = _DURATION.match(text.strip())
    if found:
        return timezone.now() - datetime.timedelta(**{_UNITS[found[2]]: int(found[1])})
    at = parse_datetime(text)
    if at is None:
        day = parse_date(text)
        if day is None:
            raise CommandError(f"--since {text!r}: give a duration (30m, 2h, 7d) or an ISO date / date-time")
        at = datetime.datetime.combine(day, datetime.time())
    return at if timezone.is_aware(at) else timezone.make_aware(at)


class Command(BaseCommand):
    help = ("Check that every event reached every consumer, every notification and history row "
            "matches its event and every state its history; exit status 1 on any gap.")

    def add_arguments(self, parser):
        parser.add_argument("--since", type=moment, default=None,
                            help="only what happened since then: 30m, 2h, 7d or an ISO date / date-time "
                                 "(default: the whole log)")
        parser.add_argument("--settle", type=float, default=60.0,
                            help="seconds an event may take to reach its consumers before a missing "
                                 "receipt counts as a gap (default 60; the sweep runs every 30 s)")

    def handle(self, *args, since, settle, **options):
        results = reconcile.reconcile(since=since, settle=datetime.timedelta(seconds=settle))
        total = 0
        for name, gaps in results.items():
            if not gaps:
                self.stdout.write(f"{name}: ok")
            for gap in gaps:
                total += gap.count
                self.stdout.write(f"GAP {gap}")
        scope = f"since {since.isoformat()}" if since else "whole log"
        if total:
            raise CommandError(f"check_log: {total} gap(s) in the log ({scope})", returncode=1)
        self.stdout.write(f"check_log: no gap ({scope})")
