"""Every query of the sign path and the petition page can be served by an index."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from petitions import services
from petitions.management.commands.explain_hot_paths import scans_of_big_tables
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_petition(open_petition):
    for _ in range(3):
        services.signature_create(petition=open_petition, citizen=UserFactory())
    UserFactory()  # someone who has not signed yet
    return open_petition


def test_hot_paths_use_indexes(signed_petition, capsys):
    call_command("explain_hot_paths", "--force-indexes", verbosity=2)
    out = capsys.readouterr().out
    assert "0 scan a big table" in out
    assert "[sign] INSERT INTO" in out and "[page] SELECT" in out


def test_a_missing_index_is_caught(signed_petition):
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX signature_recent")  # rolled back with the test
    with pytest.raises(CommandError, match="scan"):
        call_command("explain_hot_paths", "--force-indexes")


@pytest.mark.parametrize(
    ("plan", "flagged"),
    [
        ("Aggregate\n  ->  Seq Scan on petitions_signaturecountershard  (cost=0.00..3.40)", False),
        ("Limit\n  ->  Seq Scan on petitions_signature  (cost=0.00..90000.00)", True),
        ("Seq Scan on accounts_user u  (cost=0.00..1.00)", True),
        ("Limit\n  ->  Sort  (cost=1..2)\n        ->  Index Scan on petitions_signature", True),
        ("Sort  (cost=11.31..11.31)\n  ->  Bitmap Heap Scan on petitions_petitionevent", False),
    ],
    ids=["counter-table-is-small", "signatures", "users", "sorted-signatures", "sorted-events"],
)
def test_only_big_tables_are_flagged(plan, flagged):
    assert bool(scans_of_big_tables(plan)) is flagged
