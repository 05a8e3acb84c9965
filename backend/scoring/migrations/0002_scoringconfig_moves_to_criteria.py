# ScoringConfig is now criteria's (reference data); its table stays as it is.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0001_initial'),
        ('criteria', '0003_scoringconfig'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ScoringConfig')],
            database_operations=[],
        ),
    ]
