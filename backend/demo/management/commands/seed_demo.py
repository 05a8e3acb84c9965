"""``manage.py seed_demo``: the demo department, its people and plans. Safe to run again."""
from django.core.management.base import BaseCommand, CommandError

from backend.demo.builders import DemoConflict, build_demo


class Command(BaseCommand):
    help = ("Create the demo department (Sở Xây dựng tỉnh Quảng Trị): offices, users "
            "(password 'demo-password'), this year's approved plan with tasks in every state, "
            "and next year's draft plan. Running it again changes nothing.")

    def handle(self, *args, **options):
        try:
            _demo, result = build_demo()
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        if result.changed:
            made = ", ".join(f"{what}: {n}" for what, n in result.created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {made}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        for line in result.lines:
            self.stdout.write(f"  {line}")
