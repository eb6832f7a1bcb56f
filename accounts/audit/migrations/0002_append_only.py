"""The audit trail is append-only in the database itself, and its chain starts empty.

Even a raw SQL UPDATE or DELETE of an entry fails. The chain's tip row is updated by every
writer; tampering with it is caught by `manage.py audit_verify` and by anyone who checks the
published entries.
"""

from django.db import migrations

TABLE = "audit_auditentry"

# schema_editor.execute() passes parameters, so a literal % is written %%.
POSTGRES = (
    """
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME; END; $$
""",
    f"""
CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_append_only()
""",
)
SQLITE = (
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: rows cannot be changed'); END",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: rows cannot be deleted'); END",
)


def make_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, ()):
        schema_editor.execute(statement)


def start_chain(apps, schema_editor):
    apps.get_model("audit", "AuditChain").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [
        migrations.RunPython(make_append_only, migrations.RunPython.noop),
        migrations.RunPython(start_chain, migrations.RunPython.noop),
    ]
