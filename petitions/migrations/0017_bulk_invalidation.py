"""The signing address on each signature, the moderators' bulk invalidations, and the one
UPDATE the append-only signature table lets through: erasing an address (retention).

Every other change or deletion of a signature is still refused by the database. PostgreSQL
compares the whole row but the address; SQLite lists the columns, so a column added to
petitions_signature later must be added to SQLITE_UNCHANGED too.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# schema_editor.execute() passes parameters, so a literal % is written %%.
POSTGRES_GUARD = """
CREATE FUNCTION qoldau_signature_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.address IS NULL
     AND (to_jsonb(NEW) - 'address') = (to_jsonb(OLD) - 'address') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '%% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME;
END; $$
"""
POSTGRES_FORWARD = (
    POSTGRES_GUARD,
    "DROP TRIGGER petitions_signature_append_only ON petitions_signature",
    "CREATE TRIGGER petitions_signature_append_only BEFORE UPDATE OR DELETE "
    "ON petitions_signature FOR EACH ROW EXECUTE FUNCTION qoldau_signature_guard()",
)
POSTGRES_BACKWARD = (
    "DROP TRIGGER petitions_signature_append_only ON petitions_signature",
    "CREATE TRIGGER petitions_signature_append_only BEFORE UPDATE OR DELETE "
    "ON petitions_signature FOR EACH ROW EXECUTE FUNCTION qoldau_append_only()",
    "DROP FUNCTION qoldau_signature_guard()",
)
SQLITE_UNCHANGED = (
    "id",
    "petition_id",
    "citizen_id",
    "region_code",
    "created_at",
    "eds_statement",
    "eds_cms",
    "on_paper",
)
SQLITE_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in SQLITE_UNCHANGED)
SQLITE_FORWARD = (
    "DROP TRIGGER IF EXISTS petitions_signature_no_update",
    "CREATE TRIGGER petitions_signature_no_update BEFORE UPDATE ON petitions_signature "
    f"WHEN NEW.address IS NOT NULL OR {SQLITE_CHANGED} "
    "BEGIN SELECT RAISE(ABORT, 'petitions_signature is append-only: rows cannot be changed'); END",
    # Adding a column may rebuild the table, which drops its triggers.
    "CREATE TRIGGER IF NOT EXISTS petitions_signature_no_delete BEFORE DELETE ON "
    "petitions_signature "
    "BEGIN SELECT RAISE(ABORT, 'petitions_signature is append-only: rows cannot be deleted'); END",
)
SQLITE_BACKWARD = (
    "DROP TRIGGER IF EXISTS petitions_signature_no_update",
    "CREATE TRIGGER petitions_signature_no_update BEFORE UPDATE ON petitions_signature "
    "BEGIN SELECT RAISE(ABORT, 'petitions_signature is append-only: rows cannot be changed'); END",
)


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0016_hourly_counts_follow_emails'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='signature',
            name='address',
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name='signing address'),
        ),
        migrations.CreateModel(
            name='BulkInvalidation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(max_length=500, verbose_name='reason')),
                ('criteria', models.JSONField(verbose_name='which signatures')),
                ('matched', models.PositiveIntegerField(verbose_name='signatures matched at the request')),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Running'), ('cancelled', 'Cancelled'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('invalidated', models.PositiveIntegerField(default=0, verbose_name='signatures invalidated')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('petition', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bulk_invalidations', to='petitions.petition', verbose_name='petition')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bulk_invalidations', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'bulk invalidation',
                'verbose_name_plural': 'bulk invalidations',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('reason', ''), _negated=True), django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('reason'), 500)), name='bulk_invalidation_has_a_short_reason'), models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'cancelled', 'done', 'failed'])), name='bulk_invalidation_status_known')],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
