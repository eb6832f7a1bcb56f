"""Signing: one INSERT decided by the unique constraint, and one increment of a counter shard."""

import ipaddress
import random
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from accounts.eds import EDSError, parse_cms, verify_detached
from accounts.eds.storage import seal_bytes, seal_text
from accounts.eligibility import ensure_can_participate, ensure_resident
from petitions.errors import AlreadySigned, EDSRefused, EDSRequired, SigningClosed
from petitions.models import Petition, Signature, SignatureCounterShard, Status
from petitions.models.signature import COUNTER_SHARDS
from petitions.selectors import petition_cache_keys
from petitions.statement import check_statement

SIGNABLE_STATES = (Status.OPEN,)
# The audit trail's action for a corrected counter (see signature_count_repair).
COUNT_REPAIRED = "petition.count_repaired"

_PETITION = Petition._meta.db_table
_SIGNATURE = Signature._meta.db_table
_SHARD = SignatureCounterShard._meta.db_table
# Both statements run unchanged on PostgreSQL and SQLite (3.35+). The EXISTS makes the
# database refuse a signature for a petition that stopped collecting since it was read.
# Only table names from model metadata are interpolated; every value is a parameter (hence
# the noqa S608 / nosec B608 on these two statements).
INSERT_SIGNATURE = (
    f"INSERT INTO {_SIGNATURE} (petition_id, citizen_id, region_code, created_at, "  # noqa: S608  # nosec B608
    "eds_statement, eds_cms, on_paper, address) "
    "SELECT %s, %s, %s, %s, %s, %s, %s, %s WHERE EXISTS "
    f"(SELECT 1 FROM {_PETITION} WHERE id = %s AND status = 'open' AND closes_at > %s) "
    "ON CONFLICT (petition_id, citizen_id) DO NOTHING RETURNING id"
)
INCREMENT_SHARD = (
    f"INSERT INTO {_SHARD} (petition_id, shard, count, eds_count, paper_count) "  # noqa: S608  # nosec B608
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (petition_id, shard) DO UPDATE SET "
    f"count = {_SHARD}.count + excluded.count, "
    f"eds_count = {_SHARD}.eds_count + excluded.eds_count, "
    f"paper_count = {_SHARD}.paper_count + excluded.paper_count"
)


@dataclass(frozen=True)
class EDSProof:
    """A verified EDS over a signing statement, ready to be stored with the signature."""

    statement: str
    cms: bytes


def eds_proof_verify(*, petition: Petition, citizen, statement: str, cms) -> EDSProof:
    """Check that `statement` is this citizen's for this petition now, and that `cms` signs it.

    `cms` is DER, PEM or base64 as the signing client gave it. Raises EDSRefused with the
    reason in the user's language; nothing is stored either way.
    """
    check = partial(check_statement, petition=petition, citizen=citizen)
    return EDSProof(
        statement=statement, cms=eds_verify(statement, cms, signer=citizen, check=check)
    )


def eds_verify(statement: str, cms, *, signer, check) -> bytes:
    """The DER CMS, once `check(statement, now=, max_age_seconds=)` accepts the statement as
    the one to sign now and `cms` signs it with `signer`'s trusted, unrevoked certificate;
    EDSRefused with the reason in the user's language otherwise."""
    try:
        der = parse_cms(cms)
        check(statement, now=timezone.now(), max_age_seconds=settings.EDS_STATEMENT_MAX_AGE_SECONDS)
        verify_detached(statement.encode(), der, expected_iin=signer.iin)
    except EDSError as error:
        raise EDSRefused(str(error)) from error
    return der


def ensure_can_sign(*, petition: Petition, citizen) -> None:
    """Raise a translated error unless `citizen` may sign `petition` now."""
    if petition.status not in SIGNABLE_STATES or timezone.now() >= petition.closes_at:
        raise SigningClosed()
    ensure_can_participate(citizen)
    ensure_resident(citizen, petition.agency.region_id if petition.agency.is_local else None)


@transaction.atomic
def signature_create(
    *, petition: Petition, citizen, eds: EDSProof | None = None, address: str | None = None
) -> int:
    """Sign `petition` as `citizen`; returns the signature's id or raises AlreadySigned.

    `eds` is the verified EDS from eds_proof_verify, required where the petition says so.
    `address` is the client's IP address, kept only for a moderator's bulk invalidation.
    Concurrent signers of one petition touch different counter rows (one of COUNTER_SHARDS
    chosen at random), so no single row is locked by every signer.
    """
    ensure_can_sign(petition=petition, citizen=citizen)
    if petition.eds_required and eds is None:
        raise EDSRequired()
    signature_id = signature_insert(
        petition=petition,
        citizen=citizen,
        region_code=citizen.region_code,
        eds=eds,
        address=address,
    )
    if signature_id is None:
        if Signature.objects.filter(petition=petition, citizen=citizen).exists():
            raise AlreadySigned()
        raise SigningClosed()
    counter_increment(petition=petition, eds=int(eds is not None))
    return signature_id


def signature_insert(
    *,
    petition: Petition,
    citizen,
    region_code: str,
    eds: EDSProof | None = None,
    on_paper: bool = False,
    address: str | None = None,
) -> int | None:
    """The one INSERT of a signature, online or from a paper sheet: its id, or None when the
    citizen has already signed (either way) or the petition stopped collecting.

    No eligibility check and no counting here: callers check first and count what was added
    with counter_increment, in the same transaction.
    """
    # Adapted as the ORM would store it: SQLite keeps datetimes as text, and a raw parameter
    # would carry a "+00:00" the ORM's own values lack, breaking comparisons with them.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Encrypted at rest: the CMS carries the signer's certificate, and so the IIN.
    statement, cms = (seal_text(eds.statement), seal_bytes(eds.cms)) if eds else ("", None)
    address = signing_address(address)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_SIGNATURE,
            [
                petition.pk,
                citizen.pk,
                region_code,
                now,
                statement,
                cms,
                on_paper,
                address,
                petition.pk,
                now,
            ],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def signing_address(address: str | None) -> str | None:
    """The client's address as the column keeps it, or None when it is not one IP address (a
    misconfigured proxy header must not make signing fail)."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def counter_increment(*, petition: Petition, count: int = 1, eds: int = 0, paper: int = 0) -> None:
    """Add signatures to one counter shard chosen at random: `count` in all, `eds` of them with
    an EDS and `paper` of them from paper sheets."""
    shard = random.randrange(COUNTER_SHARDS)  # noqa: S311 (load spreading, not security)
    with connection.cursor() as cursor:
        cursor.execute(INCREMENT_SHARD, [petition.pk, shard, count, eds, paper])


@transaction.atomic
def signature_count_repair(*, petition: Petition) -> int:
    """Set the petition's counter to the number of its valid (not invalidated) signatures;
    returns the drift corrected (signatures minus counted; 0 when they agree).

    The shard rows are locked first: a signer that already incremented one has committed by
    then, and one that has not will increment after this commits, so the recount and the
    counter agree. This is the one COUNT over a petition's signatures, and the reason it runs
    from the nightly job, one petition per transaction, never from a page: the three numbers
    come from a single pass over the petition's own rows of the (petition, citizen) index.
    A correction is recorded in the public audit trail with the counts before and after.
    """
    shards = SignatureCounterShard.objects.select_for_update().filter(petition=petition)
    counted = [(shard.count, shard.eds_count, shard.paper_count) for shard in shards]
    actual = Signature.objects.filter(petition=petition, invalidation__isnull=True).aggregate(
        count=Count("pk"),
        eds=Count("pk", filter=Q(eds_cms__isnull=False)),
        paper=Count("pk", filter=Q(on_paper=True)),
    )
    after = (actual["count"], actual["eds"], actual["paper"])
    before = tuple(sum(column) for column in zip(*counted, strict=True)) if counted else (0, 0, 0)
    if before == after:
        return 0
    shards.update(
        count=Case(When(shard=0, then=Value(after[0])), default=Value(0)),
        eds_count=Case(When(shard=0, then=Value(after[1])), default=Value(0)),
        paper_count=Case(When(shard=0, then=Value(after[2])), default=Value(0)),
    )
    if not shards.filter(shard=0).exists():
        SignatureCounterShard.objects.create(
            petition=petition, shard=0, count=after[0], eds_count=after[1], paper_count=after[2]
        )
    audit_record(
        action=COUNT_REPAIRED,
        target=target_of(petition),
        role=Role.SYSTEM,
        changes={
            "signature_count": (before[0], after[0]),
            "eds_count": (before[1], after[1]),
            "paper_count": (before[2], after[2]),
        },
        note="The maintained signature count differed from the signatures; recounted.",
        public=True,
    )
    # The cached page carries the count: show the corrected one at once.
    transaction.on_commit(partial(cache.delete_many, petition_cache_keys(petition.uid)))
    return after[0] - before[0]


def counter_shards_create(petition: Petition) -> None:
    """Create every counter row of a petition up front, so signers only ever UPDATE them."""
    SignatureCounterShard.objects.bulk_create(
        [SignatureCounterShard(petition=petition, shard=n) for n in range(COUNTER_SHARDS)],
        ignore_conflicts=True,
    )
