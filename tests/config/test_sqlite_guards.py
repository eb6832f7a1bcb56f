"""`make run`'s SQLite database keeps every append-only guard after all migrations.

Django rebuilds a SQLite table to add a NOT NULL column or a constraint, and a rebuild drops the
table's triggers; the migrations put them back. This migrates a fresh SQLite file and reads
its triggers.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUARDED = [
    "petitions_signature",
    "petitions_logleaf",
    "petitions_treehead",
    "petitions_signatureinvalidation",
    "petitions_logsubtree",
    "petitions_decision",
    "audit_auditentry",
]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{database}")
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return database


@pytest.mark.parametrize("table", GUARDED)
def test_updates_and_deletes_are_refused(migrated, table):
    connection = sqlite3.connect(migrated)
    try:
        events = {
            row[0].split()[0].upper()
            for row in connection.execute(
                "SELECT substr(sql, instr(upper(sql), 'BEFORE ') + 7) FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = ?",
                [table],
            )
        }
        assert events == {"UPDATE", "DELETE"}
    finally:
        connection.close()
