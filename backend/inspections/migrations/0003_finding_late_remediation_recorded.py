import datetime

from django.db import migrations
from django.utils import timezone


def record_late_remediations(apps, schema_editor):
    """Remediation handed in after its due date before this rule existed gets its lateness
    recorded as the workflow now does (the day after the due date)."""
    Finding = apps.get_model("inspections", "Finding")
    rows = Finding.objects.filter(overdue_since__isnull=True, state="remediation_submitted",
                                  remediation_submitted_at__isnull=False)
    for finding in rows.only("pk", "due_date", "remediation_submitted_at").iterator():
        if timezone.localdate(finding.remediation_submitted_at) > finding.due_date:
            Finding.objects.filter(pk=finding.pk).update(
                overdue_since=finding.due_date + datetime.timedelta(days=1))


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0002_finding_referred"),
    ]

    operations = [
        migrations.RunPython(record_late_remediations, migrations.RunPython.noop),
    ]
