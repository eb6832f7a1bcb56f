"""Signatures, log leaves and signed tree heads are append-only in the database itself.

Even a raw SQL UPDATE or DELETE fails; an invalidated signature gets a revocation leaf of its
own, never an edit. (TRUNCATE, which only an owner of the tables can run, is not covered.)
"""

from django.db import migrations

TABLES = ("petitions_signature", "petitions_logleaf", "petitions_treehead")

# schema_editor.execute() passes parameters, so a literal % is written %%.
POSTGRES_FUNCTION = """
CREATE FUNCTION qoldau_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME; END; $$
"""
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
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(POSTGRES_TRIGGER.format(table=table))
    elif vendor == "sqlite":
        for table in TABLES:
            for trigger in SQLITE_TRIGGERS:
                schema_editor.execute(trigger.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("petitions", "0006_signature_log")]

    operations = [migrations.RunPython(make_append_only, migrations.RunPython.noop)]
