"""A restore drill: tests/backup_restore.sh dumps a small committed world with pg_dump, restores
it into a fresh database with pg_restore, and the restored database holds every row, counts
its signatures right, and its audit trail and signature logs verify."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from petitions import services
from petitions.models import Decision, Petition, Status
from tests.databases import scratch_database, with_path
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "tests" / "backup_restore.sh"
RESTORED_DATABASE = "qoldau_restore_drill"
SIGNERS = 3

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Run by manage.py in the restored database: each petition's maintained count beside its valid
# signatures, and its signature log checked as a verifier would (every head's Ed25519 signature,
# every head's root recomputed from the leaves, no nullifier twice).
CHECK_PETITIONS = """
import json
from petitions import selectors
from petitions.models import Petition, Signature
from petitions.services.log import public_key_base64
from petitions.verify import check
found = {}
for petition in Petition.internal.order_by("pk"):
    bundle = {
        "petition": petition.uid,
        "public_key": public_key_base64(),
        "tree_heads": selectors.log_heads(petition, after=0),
        "leaves": [
            {"index": index, "data": data}
            for index, data in selectors.log_leaves(petition, start=0, limit=None)
        ],
    }
    latest = selectors.log_latest_head(petition)
    found[petition.uid] = {
        "status": petition.status,
        "counted": selectors.signature_count(petition),
        "signatures": Signature.objects.filter(
            petition=petition, invalidation__isnull=True
        ).count(),
        "latest_root": latest and latest["root"],
        "log": check(bundle) if latest else None,
    }
print(json.dumps(found))
"""


@pytest.fixture
def database_urls():
    """(source, target): pytest's own test database, and an empty one of the same server."""
    with scratch_database(RESTORED_DATABASE, create="TEMPLATE template0 ENCODING 'UTF8'") as target:
        yield with_path(target, f"/{connection.settings_dict['NAME']}"), target


@pytest.fixture
def world(open_petition, head, moderator, settings):
    """A petition signed, logged, sent and decided (each step writing its audit entries),
    beside an open one still collecting: all committed, so pg_dump sees it."""
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    Petition.internal.filter(pk=open_petition.pk).update(signature_threshold=SIGNERS)
    open_petition.refresh_from_db()
    for _ in range(SIGNERS):
        services.signature_create(petition=open_petition, citizen=UserFactory())
    services.log_append(open_petition)
    sent = services.petition_send_to_agency(petition=open_petition)
    services.decision_publish(
        petition=sent,
        head=head,
        outcome=Decision.Outcome.ACCEPTED,
        text="We will install shades this summer.",
        actions="Shades at 40 stops.",
        implementation_due=timezone.localdate() + datetime.timedelta(days=90),
        announcement="The head announced the decision at a briefing.",
    )
    collecting = services.petition_publish(
        petition=services.petition_submit(
            petition=services.petition_create(
                author=sent.author,
                agency=sent.agency,
                title="Benches in the park",
                problem="There is nowhere to sit.",
                request="Put up benches.",
                language="en",
            ),
            author=sent.author,
        ),
        moderator=moderator,
    )
    services.signature_create(petition=collecting, citizen=UserFactory())
    services.log_append(collecting)
    return sent


def row_counts(url: str) -> dict[str, int]:
    """Rows of every table in the public schema (exact counts: the world is small)."""
    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }


def manage(target_url: str, *args: str) -> subprocess.CompletedProcess:
    """manage.py in a subprocess whose DATABASE_URL is the restored database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["DATABASE_URL"] = target_url
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_backup_restores_whole_and_verifies(world, database_urls, tmp_path):
    source_url, target_url = database_urls
    dump = tmp_path / "qoldau.dump"

    drill = subprocess.run(  # noqa: S603 (the project's own script)
        [str(SCRIPT), "drill", source_url, str(dump), target_url],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    before, after = row_counts(source_url), row_counts(target_url)
    assert after == before
    for table in (
        "accounts_user",
        "petitions_petition",
        "petitions_signature",
        "petitions_decision",
        "petitions_logleaf",
        "petitions_treehead",
        "audit_auditentry",
    ):
        assert after[table] > 0, table

    audit = manage(target_url, "audit_verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert f"OK: {after['audit_auditentry']} entries" in audit.stdout

    checked = manage(target_url, "shell", "--no-imports", "-c", CHECK_PETITIONS)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    petitions = json.loads(checked.stdout.strip().splitlines()[-1])
    assert petitions[world.uid]["status"] == Status.ACCEPTED
    assert sum(p["signatures"] for p in petitions.values()) == SIGNERS + 1
    for uid, found in petitions.items():
        assert found["counted"] == found["signatures"], uid
        if found["signatures"]:
            assert found["log"]["valid_signatures"] == found["signatures"], uid
            assert found["log"]["root"] == found["latest_root"], uid


def test_a_restore_into_a_database_in_use_stops_at_the_first_error(world, database_urls, tmp_path):
    """--exit-on-error --single-transaction: a restore never half-happens."""
    source_url, target_url = database_urls
    dump = tmp_path / "qoldau.dump"
    backup = subprocess.run(  # noqa: S603 (the project's own script)
        [str(SCRIPT), "backup", source_url, str(dump)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert backup.returncode == 0, backup.stderr
    with psycopg.connect(target_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts_user (id integer)")  # in the way

    restore = subprocess.run(  # noqa: S603 (the project's own script)
        [str(SCRIPT), "restore", str(dump), target_url],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert restore.returncode != 0
    assert "already exists" in restore.stderr
    assert row_counts(target_url) == {"accounts_user": 0}
