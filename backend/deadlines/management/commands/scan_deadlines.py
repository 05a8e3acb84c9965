"""One deadline pass by hand: overdue flags and due-soon reminders (idempotent)."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backend.deadlines.scan import scan_deadlines


def parse_moment(text: str) -> datetime.datetime:
    """An ISO date or time; without an offset it is local time (Asia/Ho_Chi_Minh)."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--now: not an ISO date or time: {text!r}") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = ("Flag overdue tasks and findings and send due-soon reminders, each once. "
            "Safe to run any time, on several machines at once.")

    def add_arguments(self, parser):
        parser.add_argument("--now", type=parse_moment, default=None,
                            help="evaluate as of this moment, e.g. 2026-09-03T00:00 (local time "
                                 "unless an offset is given); default: the real time")

    def handle(self, *args, now=None, **options):
        now = now or timezone.now()
        counts = scan_deadlines(now)
        self.stdout.write(
            f"deadline scan as of {timezone.localtime(now).isoformat()}: "
            f"{counts['tasks_overdue']} task(s) and {counts['findings_overdue']} finding(s) newly overdue, "
            f"{counts['tasks_due_soon']} due-soon reminder(s)"
        )
