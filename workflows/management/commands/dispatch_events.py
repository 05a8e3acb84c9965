"""Re-dispatch events that some consumer has not processed (after a crash or outage)."""
import datetime
import time

from django.core.management.base import BaseCommand

from workflows import dispatch


class Command(BaseCommand):
    help = "Deliver pending events to their consumers (idempotent; safe to run anywhere, any time)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=0.0,
                            help="only events at least this many seconds old (default 0: all)")
        parser.add_argument("--limit", type=int, default=1000, help="events per consumer per pass")
        parser.add_argument("--loop", type=float, default=0.0,
                            help="keep sweeping every N seconds (embedded default without a scheduler)")
        parser.add_argument("--passes", type=int, default=0,
                            help="with --loop: stop after this many passes (0: run until stopped)")

    def handle(self, *args, older_than, limit, loop, passes, **options):
        n = 0
        while True:
            delivered = dispatch.sweep_pending(older_than=datetime.timedelta(seconds=older_than), limit=limit)
            n += 1
            if any(delivered.values()) or not loop:
                self.stdout.write("; ".join(f"{name}: {count} delivered" for name, count in delivered.items())
                                  or "no consumer registered")
            if not loop or (passes and n >= passes):
                return
            time.sleep(loop)
