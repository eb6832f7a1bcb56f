"""Invalidating a fraudulent signature: a row beside it, one less on the counter, and a
revocation leaf in the public log. The signature itself is never edited or deleted."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from petitions.errors import AlreadyInvalidated, PetitionError
from petitions.models import (
    LogLeaf,
    PetitionEvent,
    PetitionLog,
    Signature,
    SignatureCounterShard,
    SignatureInvalidation,
)
from petitions.rules import can_moderate
from petitions.services.log import log_revocation_append, signer_nullifier
from petitions.services.transitions import event_record

REASON_MAX_LENGTH = 500


def _counter_decrement(signature: Signature) -> bool:
    """Take one from a shard that has one to give; False if none has (the recount fixes that).

    Each shard keeps eds_count + paper_count <= count (a paper signature has no EDS), so an
    online signature without an EDS is taken only from a shard with more than those. The
    guard is in the UPDATE itself: a shard emptied by a concurrent invalidation is skipped,
    not driven below zero.
    """
    with_eds, on_paper = signature.eds_cms is not None, signature.on_paper
    shards = SignatureCounterShard.objects.filter(petition_id=signature.petition_id, count__gt=0)
    if with_eds:
        shards = shards.filter(eds_count__gt=0)
    elif on_paper:
        shards = shards.filter(paper_count__gt=0)
    else:
        shards = shards.filter(count__gt=F("eds_count") + F("paper_count"))
    for shard_id in shards.order_by("-count").values_list("pk", flat=True):
        if shards.filter(pk=shard_id).update(
            count=F("count") - 1,
            eds_count=F("eds_count") - int(with_eds),
            paper_count=F("paper_count") - int(on_paper),
        ):
            return True
    return False


@transaction.atomic
def signature_invalidate(*, signature: Signature, moderator, reason: str) -> SignatureInvalidation:
    """Invalidate `signature` as `moderator`, for a reason that the public log will show."""
    if not can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can invalidate signatures."))
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise PetitionError(
            _("Give the reason for invalidating the signature, in at most 500 characters.")
        )
    # The log's lock orders this against log_append: either the signature's leaf is already
    # in the log, or log_append will find the invalidation when it appends that leaf.
    state, _created = PetitionLog.objects.select_for_update().get_or_create(
        petition_id=signature.petition_id
    )
    if SignatureInvalidation.objects.filter(signature=signature).exists():
        raise AlreadyInvalidated()
    invalidation = SignatureInvalidation.objects.create(
        signature=signature, reason=reason, invalidated_by=moderator
    )
    _counter_decrement(signature)
    leaf = LogLeaf.objects.filter(signature=signature).only("index").first()
    if leaf is not None:
        log_revocation_append(
            state, revokes=leaf.index, time=invalidation.created_at, reason=reason
        )
    # The nullifier, not the person, tells the public which leaf of the log this was.
    event_record(
        state.petition,
        kind=PetitionEvent.Kind.INVALIDATED,
        actor=moderator,
        note=reason,
        changes={"nullifier": (signer_nullifier(state.petition, signature), None)},
    )
    return invalidation
