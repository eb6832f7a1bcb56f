"""Signature invalidations are append-only in the database too, like the signatures they name.

The PostgreSQL function qoldau_append_only comes from 0007; only the triggers are new.
"""

from django.db import migrations

TABLES = ("petitions_signatureinvalidation",)

POSTGRES_TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION qoldau_append_only()
"""
SQLITE_TRIGGERS = (
    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows cannot be changed'); END",
    "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows cannot be deleted'); END",
)


def make_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(POSTGRES_TRIGGER.format(table=table))
    elif vendor == "sqlite":
        for table in TABLES:
            for trigger in SQLITE_TRIGGERS:
                schema_editor.execute(trigger.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("petitions", "0008_signature_invalidation")]

    operations = [migrations.RunPython(make_append_only, migrations.RunPython.noop)]
