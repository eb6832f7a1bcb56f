"""Encrypt the EDS material already stored (accounts/eds/storage.py): signatures' CMS and
statements, decisions' CMS. New rows are stored encrypted by the services.

Both tables refuse UPDATE by trigger. For this one pass, PostgreSQL disables the triggers and
enables them again (they stay exactly as migrations 0002 and 0017 defined them); SQLite has no
such switch, so its UPDATE triggers are read from sqlite_master, dropped and re-created from
that same SQL. Values already encrypted are left alone, so the migration may run twice.
"""

from django.db import migrations

from accounts.eds.storage import is_sealed, seal_bytes, seal_text

POSTGRES_TRIGGERS = {
    "petitions_signature": "petitions_signature_append_only",
    "petitions_decision": "decision_immutable",
}
SQLITE_TRIGGERS = ("petitions_signature_no_update", "decision_immutable_update")


def _encrypted_rows(cursor, table: str, *, with_statement: bool):
    columns = "id, eds_cms, eds_statement" if with_statement else "id, eds_cms, ''"
    cursor.execute(f"SELECT {columns} FROM {table} WHERE eds_cms IS NOT NULL")  # noqa: S608  # nosec B608
    for pk, cms, statement in cursor.fetchall():
        if is_sealed(bytes(cms)):
            continue
        yield pk, seal_bytes(bytes(cms)), seal_text(statement) if with_statement else ""


def encrypt(apps, schema_editor):
    connection = schema_editor.connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        saved = []
        if vendor == "postgresql":
            for table, trigger in POSTGRES_TRIGGERS.items():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        elif vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(SQLITE_TRIGGERS))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608  # nosec B608
                f"AND name IN ({placeholders})",
                list(SQLITE_TRIGGERS),
            )
            saved = cursor.fetchall()
            for name, _ in saved:
                cursor.execute(f"DROP TRIGGER {name}")
        for pk, cms, statement in list(
            _encrypted_rows(cursor, "petitions_signature", with_statement=True)
        ):
            cursor.execute(
                "UPDATE petitions_signature SET eds_cms = %s, eds_statement = %s WHERE id = %s",
                [cms, statement, pk],
            )
        for pk, cms, _ in list(_encrypted_rows(cursor, "petitions_decision", with_statement=False)):
            cursor.execute("UPDATE petitions_decision SET eds_cms = %s WHERE id = %s", [cms, pk])
        if vendor == "postgresql":
            for table, trigger in POSTGRES_TRIGGERS.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        for _, sql in saved:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0017_bulk_invalidation"),
    ]

    operations = [
        migrations.RunPython(encrypt, migrations.RunPython.noop),
    ]
