"""Appending signatures to each petition's public log, in batches, off the sign path."""

import base64
import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from petitions.models import (
    SUBTREE_LEVEL,
    LogHourCount,
    LogLeaf,
    LogSubtree,
    Petition,
    PetitionLog,
    Signature,
    TreeHead,
)
from petitions.transparency import formats
from petitions.transparency.merkle import Frontier, leaf_hash

BATCH = 5000


def _signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        base64.b64decode(settings.SIGNATURE_LOG_SIGNING_KEY)
    )


def public_key_base64() -> str:
    """The tree-head key's public half, raw 32 bytes in base64, as the site publishes it."""
    raw = _signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _unread(petition: Petition, state: PetitionLog, horizon: datetime.datetime):
    rows = Signature.objects.filter(petition=petition, created_at__lte=horizon)
    if state.read_up_to_time is not None:
        rows = rows.filter(
            Q(created_at__gt=state.read_up_to_time)
            | Q(created_at=state.read_up_to_time, id__gt=state.read_up_to_id)
        )
    return rows.order_by("created_at", "id").values_list(
        "id",
        "created_at",
        "region_code",
        "citizen__iin",
        "invalidation__created_at",
        "invalidation__reason",
    )[:BATCH]


def region_count_add(counts: dict, region: str, delta: int) -> None:
    """Move one region's entry of PetitionLog.region_counts by `delta`; regions at zero drop out,
    so the map equals a recount from the leaves."""
    total = counts.get(region, 0) + delta
    if total:
        counts[region] = total
    else:
        counts.pop(region, None)


def signing_hour(moment: datetime.datetime) -> datetime.datetime:
    """The hour (UTC) a signature made at `moment` counts in, for LogHourCount."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def hour_counts_add(petition: Petition, deltas: dict[datetime.datetime, int]) -> None:
    """Move the petition's LogHourCount rows by `deltas` (hour -> change).

    The caller holds the petition's PetitionLog row locked, so no other job moves these rows
    meanwhile: an UPDATE with F() per hour, and an INSERT for an hour not seen before. A batch
    spans few hours, so this is a handful of queries however large it is.
    """
    new = []
    for hour, delta in sorted(deltas.items()):
        if not delta:
            continue
        rows = LogHourCount.objects.filter(petition=petition, hour=hour)
        if not rows.update(signatures=F("signatures") + delta):
            new.append(LogHourCount(petition=petition, hour=hour, signatures=delta))
    LogHourCount.objects.bulk_create(new)


def growing(state: PetitionLog) -> Frontier:
    """The log's frontier, set to note the subtrees that appending completes."""
    return Frontier.from_list(state.size, state.frontier, keep_from_level=SUBTREE_LEVEL)


def subtrees_save(petition: Petition, frontier: Frontier) -> None:
    """Keep the roots of the perfect subtrees appending completed (LogSubtree), for proofs."""
    LogSubtree.objects.bulk_create(
        LogSubtree(petition=petition, level=level, position=position, root=root)
        for level, position, root in frontier.completed
    )
    frontier.completed.clear()


def leaf_add(petition: Petition, frontier: Frontier, kind: str, data: bytes, **fields) -> LogLeaf:
    """The next leaf of the log, `data` being its bytes at index frontier.size; the frontier
    takes its hash and the caller saves it."""
    digest = leaf_hash(data)
    leaf = LogLeaf(
        petition=petition,
        index=frontier.size,
        kind=kind,
        data=data.decode(),
        leaf_hash=digest,
        **fields,
    )
    frontier.append(digest)
    return leaf


def revocation_leaf_add(
    petition: Petition, frontier: Frontier, *, revokes: int, time: datetime.datetime, reason: str
) -> LogLeaf:
    data = formats.revocation_leaf(
        petition=petition.uid, index=frontier.size, time=time, revokes=revokes, reason=reason
    )
    return leaf_add(petition, frontier, LogLeaf.Kind.REVOCATION, data)


@transaction.atomic
def log_append(petition: Petition, *, horizon: datetime.datetime | None = None) -> int:
    """Append up to BATCH signatures the petition's log lacks, in signing order; returns how many.

    An invalidated signature is followed by its revocation leaf (not counted in the return).

    Only signatures older than SIGNATURE_LOG_LAG_SECONDS are taken, so that none that started
    earlier can still commit behind the job's back (`horizon` overrides that, for log_seal).
    A grown log gets a new signed tree head.
    """
    state, _ = PetitionLog.objects.select_for_update().get_or_create(petition=petition)
    if horizon is None:
        lag = datetime.timedelta(seconds=settings.SIGNATURE_LOG_LAG_SECONDS)
        horizon = timezone.now() - lag
    rows = list(_unread(petition, state, horizon))
    if not rows:
        _head_refresh(petition, state)
        return 0
    key = settings.SIGNATURE_LOG_NULLIFIER_KEY.encode()
    frontier = growing(state)
    leaves = []
    hours: dict[datetime.datetime, int] = {}
    for signature_id, signed_at, region, iin, invalidated_at, reason in rows:
        nullifier = formats.nullifier(key, petition.uid, iin)
        data = formats.signature_leaf(
            petition=petition.uid,
            index=frontier.size,
            time=signed_at,
            region=region,
            nullifier=nullifier,
        )
        leaf = leaf_add(
            petition,
            frontier,
            LogLeaf.Kind.SIGNATURE,
            data,
            signature_id=signature_id,
            nullifier=nullifier,
        )
        leaves.append(leaf)
        region_count_add(state.region_counts, region, 1)
        # Invalidated before the job reached it: its revocation follows it at once.
        if invalidated_at is None:
            hour = signing_hour(signed_at)
            hours[hour] = hours.get(hour, 0) + 1
        else:
            region_count_add(state.region_counts, region, -1)
            leaves.append(
                revocation_leaf_add(
                    petition, frontier, revokes=leaf.index, time=invalidated_at, reason=reason
                )
            )
    LogLeaf.objects.bulk_create(leaves)
    subtrees_save(petition, frontier)
    hour_counts_add(petition, hours)
    state.size, state.frontier = frontier.size, frontier.to_list()
    state.read_up_to_id, state.read_up_to_time = rows[-1][0], rows[-1][1]
    state.save()
    tree_head_sign(petition, size=frontier.size, root=frontier.root())
    return len(rows)


def _head_refresh(petition: Petition, state: PetitionLog) -> None:
    """Sign the unchanged log again once its latest head is SIGNATURE_LOG_HEAD_MAX_AGE_SECONDS
    old, so that a verifier can tell a quiet log from one the portal stopped signing."""
    oldest = timezone.now() - datetime.timedelta(
        seconds=settings.SIGNATURE_LOG_HEAD_MAX_AGE_SECONDS
    )
    heads = TreeHead.objects.filter(petition=petition).order_by("-size", "-id")
    latest = heads.values_list("signed_at", flat=True).first()
    if latest is None or latest < formats.utc_text(oldest):  # the text sorts as the time does
        root = Frontier.from_list(state.size, state.frontier).root()
        tree_head_sign(petition, size=state.size, root=root)


def log_revocation_append(
    state: PetitionLog, *, revokes: int, time: datetime.datetime, reason: str
) -> TreeHead:
    """Revoke a signature leaf already in the log, and sign the new head.

    The caller holds `state` locked (select_for_update), as log_append does.
    """
    frontier = growing(state)
    revocation_leaf_add(state.petition, frontier, revokes=revokes, time=time, reason=reason).save()
    subtrees_save(state.petition, frontier)
    revoked = LogLeaf.objects.filter(petition_id=state.petition_id, index=revokes)
    region, signed_at = revoked.values_list("signature__region_code", "signature__created_at").get()
    region_count_add(state.region_counts, region or "", -1)
    # A revocation counts against the hour of the signature it revokes, as the leaves tell.
    hour_counts_add(state.petition, {signing_hour(signed_at): -1})
    state.size, state.frontier = frontier.size, frontier.to_list()
    state.save(update_fields=["size", "frontier", "region_counts"])
    return tree_head_sign(state.petition, size=frontier.size, root=frontier.root())


@transaction.atomic
def log_seal(petition: Petition) -> TreeHead:
    """Append every signature made so far and sign the head: the log as a state change found it.

    Called where the petition stops collecting (it reached its threshold, or expired), so the
    head recorded with that change proves the count it was decided on.
    """
    now = timezone.now()
    while log_append(petition, horizon=now) == BATCH:
        continue
    return log_head_sign(petition)


def log_head_sign(petition: Petition) -> TreeHead:
    """Sign the log as it stands: for a state change, which the head then dates."""
    state, _ = PetitionLog.objects.get_or_create(petition=petition)
    root = Frontier.from_list(state.size, state.frontier).root()
    return tree_head_sign(petition, size=state.size, root=root)


def tree_head_sign(petition: Petition, *, size: int, root: bytes) -> TreeHead:
    signed_at = formats.utc_text(timezone.now())
    message = formats.tree_head_message(petition=petition.uid, size=size, root=root, time=signed_at)
    return TreeHead.objects.create(
        petition=petition,
        size=size,
        root=root,
        signed_at=signed_at,
        signature=_signing_key().sign(message),
    )


def signer_nullifier(petition: Petition, signature: Signature) -> str:
    """The nullifier of `signature`'s leaf, whether or not the log has reached it yet."""
    key = settings.SIGNATURE_LOG_NULLIFIER_KEY.encode()
    return formats.nullifier(key, petition.uid, signature.citizen.iin)
