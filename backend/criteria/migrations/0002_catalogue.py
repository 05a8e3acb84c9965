"""Load the shipped criteria catalogue (fixtures/criteria.json), so a fresh migrate has it.

Not ``loaddata``: it deserialises with today's models, which break on old migration
states once the models change. This reads the JSON itself, sets only the fields the
historical models have, and matches rows by (methodology code, criterion code) so
running it over an existing catalogue updates it in place.
"""
import json
from pathlib import Path

from django.core.management.color import no_style
from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "criteria.json"


def _fields_of(model, data, skip=()):
    names = {f.name for f in model._meta.concrete_fields} - {"id", *skip}
    return {k: v for k, v in data.items() if k in names}


def load_catalogue(apps, schema_editor):
    Methodology = apps.get_model("criteria", "Methodology")
    Criterion = apps.get_model("criteria", "Criterion")
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))

    methodologies = {}  # fixture pk → row in the database
    for row in rows:
        if row["model"] != "criteria.methodology":
            continue
        fields = _fields_of(Methodology, row["fields"], skip=("code",))
        obj = Methodology.objects.filter(code=row["fields"]["code"]).first()
        if obj is None:
            # Keep the fixture's pk when it is free, so loaddata and this agree.
            pk = row["pk"] if not Methodology.objects.filter(pk=row["pk"]).exists() else None
            obj = Methodology.objects.create(pk=pk, code=row["fields"]["code"], **fields)
        else:
            Methodology.objects.filter(pk=obj.pk).update(**fields)
        methodologies[row["pk"]] = obj

    criteria = {}  # fixture pk → row in the database; parents come before children
    for row in rows:
        if row["model"] != "criteria.criterion":
            continue
        data = row["fields"]
        methodology = methodologies[data["methodology"]]
        fields = _fields_of(Criterion, data, skip=("methodology", "parent", "code"))
        fields["parent"] = criteria[data["parent"]] if data["parent"] is not None else None
        obj = Criterion.objects.filter(methodology=methodology, code=data["code"]).first()
        if obj is None:
            pk = row["pk"] if not Criterion.objects.filter(pk=row["pk"]).exists() else None
            obj = Criterion.objects.create(pk=pk, methodology=methodology, code=data["code"], **fields)
        else:
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.save()
        criteria[row["pk"]] = obj

    # Explicit pks do not move PostgreSQL's sequences; without this the next insert
    # (an admin's new methodology) would collide with pk 1.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Methodology, Criterion]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("criteria", "0001_initial"),
    ]

    operations = [
        # Reversing keeps the rows: agencies may point at them (PROTECT).
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
