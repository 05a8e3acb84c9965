"""The template's "no findings → full points" holds only when an inspection was carried
out in the year (issue 13): the rule's data says so (``if_none`` with ``requires``).

Updates the shipped template's findings component in place, unless an administrator
has already given it an ``if_none`` of their own.
"""
from django.db import migrations

IF_NONE = {"points": "max", "requires": "inspection_carried_out", "otherwise": 0}


def require_an_inspection(apps, schema_editor):
    Criterion = apps.get_model("criteria", "Criterion")
    for criterion in Criterion.objects.filter(rule__measure="findings_remedied_rate"):
        if "if_none" not in criterion.rule:
            criterion.rule = {**criterion.rule, "if_none": IF_NONE}
            criterion.save(update_fields=["rule"])


class Migration(migrations.Migration):

    dependencies = [
        ("criteria", "0003_scoringconfig"),
    ]

    operations = [
        migrations.RunPython(require_an_inspection, migrations.RunPython.noop),
    ]
