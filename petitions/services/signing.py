"""Signing: one INSERT decided by the unique constraint, and one increment of a counter shard."""

import random

from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from accounts.eligibility import ensure_can_participate, ensure_resident
from petitions.errors import AlreadySigned, SigningClosed
from petitions.models import Petition, Signature, SignatureCounterShard, Status
from petitions.models.signature import COUNTER_SHARDS

SIGNABLE_STATES = (Status.OPEN,)

_PETITION = Petition._meta.db_table
_SIGNATURE = Signature._meta.db_table
_SHARD = SignatureCounterShard._meta.db_table
# Both statements run unchanged on PostgreSQL and SQLite (3.35+). The EXISTS makes the
# database refuse a signature for a petition that stopped collecting since it was read.
# Only table names from model metadata are interpolated; every value is a parameter.
INSERT_SIGNATURE = (
    f"INSERT INTO {_SIGNATURE} (petition_id, citizen_id, region_code, created_at) "  # noqa: S608
    "SELECT %s, %s, %s, %s WHERE EXISTS "
    f"(SELECT 1 FROM {_PETITION} WHERE id = %s AND status = 'open' AND closes_at > %s) "
    "ON CONFLICT (petition_id, citizen_id) DO NOTHING RETURNING id"
)
INCREMENT_SHARD = (
    f"INSERT INTO {_SHARD} (petition_id, shard, count) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (petition_id, shard) DO UPDATE SET count = {_SHARD}.count + 1"
)


def ensure_can_sign(*, petition: Petition, citizen) -> None:
    """Raise a translated error unless `citizen` may sign `petition` now."""
    if petition.status not in SIGNABLE_STATES or timezone.now() >= petition.closes_at:
        raise SigningClosed()
    ensure_can_participate(citizen)
    ensure_resident(citizen, petition.agency.region_id if petition.agency.is_local else None)


@transaction.atomic
def signature_create(*, petition: Petition, citizen) -> int:
    """Sign `petition` as `citizen`; returns the signature's id or raises AlreadySigned.

    Concurrent signers of one petition touch different counter rows (one of COUNTER_SHARDS
    chosen at random), so no single row is locked by every signer.
    """
    ensure_can_sign(petition=petition, citizen=citizen)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_SIGNATURE, [petition.pk, citizen.pk, citizen.region_code, now, petition.pk, now]
        )
        row = cursor.fetchone()
        if row is None:
            if Signature.objects.filter(petition=petition, citizen=citizen).exists():
                raise AlreadySigned()
            raise SigningClosed()
        shard = random.randrange(COUNTER_SHARDS)  # noqa: S311 (load spreading, not security)
        cursor.execute(INCREMENT_SHARD, [petition.pk, shard])
    return row[0]


@transaction.atomic
def signature_count_repair(*, petition: Petition) -> int:
    """Set the petition's counter to the number of its signatures; returns the drift corrected.

    The shard rows are locked first: a signer that already incremented one has committed by
    then, and one that has not will increment after this commits, so the recount and the
    counter agree. Run from the nightly job, never from a page.
    """
    shards = SignatureCounterShard.objects.select_for_update().filter(petition=petition)
    counted = sum(shard.count for shard in shards)
    actual = Signature.objects.filter(petition=petition).count()
    if counted != actual:
        shards.update(count=Case(When(shard=0, then=Value(actual)), default=Value(0)))
        if not shards.filter(shard=0).exists():
            SignatureCounterShard.objects.create(petition=petition, shard=0, count=actual)
    return actual - counted


def counter_shards_create(petition: Petition) -> None:
    """Create every counter row of a petition up front, so signers only ever UPDATE them."""
    SignatureCounterShard.objects.bulk_create(
        [SignatureCounterShard(petition=petition, shard=n) for n in range(COUNTER_SHARDS)],
        ignore_conflicts=True,
    )
