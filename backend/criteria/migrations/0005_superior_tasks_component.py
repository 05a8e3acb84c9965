"""Reload the shipped catalogue: the 876-era template's "tasks assigned, completed on
time" now counts only the tasks superiors assigned (its rule's ``"sources"``)."""
import importlib

from django.db import migrations

catalogue = importlib.import_module("backend.criteria.migrations.0002_catalogue")


class Migration(migrations.Migration):

    dependencies = [
        ("criteria", "0004_scoringconfig_plan_issue_deadline"),
    ]

    operations = [
        migrations.RunPython(catalogue.load_catalogue, migrations.RunPython.noop),
    ]
