"""The maintained count: created with the petition, exact under signing, repaired nightly."""

import logging

import pytest
from django.db import connection

from petitions import services, tasks
from petitions.models import SignatureCounterShard
from petitions.models.signature import COUNTER_SHARDS
from petitions.selectors import signature_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign(petition, n):
    for _ in range(n):
        services.signature_create(petition=petition, citizen=UserFactory())


def test_publishing_creates_every_counter_row(open_petition):
    shards = SignatureCounterShard.objects.filter(petition=open_petition)
    assert sorted(shards.values_list("shard", flat=True)) == list(range(COUNTER_SHARDS))
    assert signature_count(open_petition) == 0


def test_recount_finds_nothing_to_repair_when_counts_agree(open_petition):
    sign(open_petition, 5)
    assert tasks.recount_signatures() == {"repaired": 0, "drift": 0}
    assert signature_count(open_petition) == 5


def test_recount_repairs_a_corrupted_counter_and_logs_the_drift(open_petition, caplog):
    sign(open_petition, 7)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petitions_signaturecountershard SET count = count + 40 "
            "WHERE petition_id = %s AND shard = 3",
            [open_petition.pk],
        )
    assert signature_count(open_petition) == 47
    with caplog.at_level(logging.WARNING, logger="petitions.tasks"):
        assert tasks.recount_signatures() == {"repaired": 1, "drift": 40}
    assert signature_count(open_petition) == 7
    assert "off by -40" in caplog.text
    sign(open_petition, 2)
    assert signature_count(open_petition) == 9
