"""Every query of the sign path and the petition page can be served by an index."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from petitions import services
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
