# The agency's configuration of a plan year is reference data: the model moves from
# scoring to criteria. Only Django's state changes; the table keeps its name and rows.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_agency_due_soon_days'),
        ('criteria', '0002_catalogue'),
        ('scoring', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScoringConfig',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('report_schedule', models.JSONField(blank=True, default=list, verbose_name='report schedule')),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scoring_configs', to='accounts.agency')),
                        ('methodology', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='criteria.methodology', verbose_name='methodology')),
                    ],
                    options={
                        'verbose_name': 'scoring configuration',
                        'verbose_name_plural': 'scoring configurations',
                        'db_table': 'scoring_scoringconfig',
                        'constraints': [models.UniqueConstraint(fields=('agency', 'year'), name='scoring_config_once_per_year')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
