"""A moderator's bulk invalidation: choose one petition's signatures by signing time, region or
client address range, preview how many match, then invalidate them in a background job.

The job works in batches, one transaction each. Per signature it does what signature_invalidate
does (an invalidation row, one less on the counter, a revocation leaf in the public log), but a
batch signs one tree head and the request and the result go into the audit trail once, instead
of one timeline event per signature.
"""

import datetime
import ipaddress
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from petitions.errors import PetitionError
from petitions.models import (
    PUBLISHED_STATES,
    BulkInvalidation,
    LogLeaf,
    Petition,
    PetitionLog,
    Signature,
    SignatureInvalidation,
)
from petitions.rules import can_moderate
from petitions.services.invalidation import REASON_MAX_LENGTH, _counter_decrement
from petitions.services.log import (
    growing,
    hour_counts_add,
    region_count_add,
    revocation_leaf_add,
    signing_hour,
    subtrees_save,
    tree_head_sign,
)

REQUESTED = "petition.bulk_invalidation_requested"
FINISHED = "petition.bulk_invalidation_finished"
CANCELLED = "petition.bulk_invalidation_cancelled"


@dataclass(frozen=True)
class SignatureSelection:
    """Which signatures of a petition: signed in [signed_from, signed_to), in `region`, from an
    address in `network` (CIDR). Empty parts do not narrow the selection."""

    signed_from: datetime.datetime | None = None
    signed_to: datetime.datetime | None = None
    region: str = ""
    network: str = ""

    def __post_init__(self):
        if self.network:
            # Normalised, and a ValueError for anything that is not a network.
            object.__setattr__(
                self, "network", str(ipaddress.ip_network(self.network, strict=False))
            )

    @property
    def is_empty(self) -> bool:
        return not (self.signed_from or self.signed_to or self.region or self.network)

    def to_json(self) -> dict:
        return {
            "signed_from": self.signed_from.isoformat() if self.signed_from else None,
            "signed_to": self.signed_to.isoformat() if self.signed_to else None,
            "region": self.region,
            "network": self.network,
        }

    @classmethod
    def from_json(cls, data: dict) -> "SignatureSelection":
        def moment(text):
            return datetime.datetime.fromisoformat(text) if text else None

        return cls(
            signed_from=moment(data.get("signed_from")),
            signed_to=moment(data.get("signed_to")),
            region=data.get("region") or "",
            network=data.get("network") or "",
        )


def _matching(petition: Petition, selection: SignatureSelection) -> QuerySet:
    """The petition's signatures that `selection` names and that still count."""
    signatures = Signature.objects.filter(petition=petition, invalidation__isnull=True)
    if selection.signed_from:
        signatures = signatures.filter(created_at__gte=selection.signed_from)
    if selection.signed_to:
        signatures = signatures.filter(created_at__lt=selection.signed_to)
    if selection.region:
        signatures = signatures.filter(region_code=selection.region)
    if selection.network:
        signatures = signatures.filter(address__in_network=selection.network)
    return signatures


def bulk_invalidation_preview(*, petition: Petition, selection: SignatureSelection) -> int:
    """How many counted signatures of `petition` the selection matches.

    A COUNT over one petition's signatures, through the (petition, created_at) index: fine for
    a moderator's occasional preview, never for a public page.
    """
    return _matching(petition, selection).count()


@transaction.atomic
def bulk_invalidation_request(
    *, petition: Petition, moderator, selection: SignatureSelection, reason: str
) -> BulkInvalidation:
    """Record a bulk invalidation; the caller queues its job (tasks.run_bulk_invalidation).

    The selection's end is the request's time at the latest: signatures made after the
    moderator saw the preview are not swept up by it.
    """
    if not can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can invalidate signatures."))
    if petition.status not in PUBLISHED_STATES:
        raise PetitionError(_("Only the signatures of a published petition can be invalidated."))
    if selection.is_empty:
        raise PetitionError(_("Choose the signatures: a time range, a region or an address range."))
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise PetitionError(
            _("Give the reason for invalidating the signatures, in at most 500 characters.")
        )
    now = timezone.now()
    if selection.signed_to is None or selection.signed_to > now:
        selection = replace(selection, signed_to=now)
    job = BulkInvalidation.objects.create(
        petition=petition,
        requested_by=moderator,
        reason=reason,
        criteria=selection.to_json(),
        matched=bulk_invalidation_preview(petition=petition, selection=selection),
        created_at=now,
    )
    # Public, as the revocations are; the address range stays off it (personal data).
    audit_record(
        action=REQUESTED,
        target=target_of(petition),
        role=Role.MODERATOR,
        actor=moderator,
        changes={
            "bulk_invalidation": (None, job.pk),
            "signed_from": (None, selection.signed_from),
            "signed_to": (None, selection.signed_to),
            "region": (None, selection.region),
            "by_address": (None, bool(selection.network)),
            "matched": (None, job.matched),
        },
        note=reason,
        public=True,
    )
    return job


@transaction.atomic
def bulk_invalidation_run_batch(*, job_id: int) -> bool:
    """Invalidate the next BULK_INVALIDATION_BATCH_SIZE matching signatures; True while more
    may remain.

    The job's row stays locked for the batch, so two workers given the same job (a redelivered
    task) take turns, and a cancellation waits for the batch and stops the next one. Signatures
    invalidated already, by an earlier batch or by hand, no longer match: a rerun adds nothing.
    """
    job = (
        BulkInvalidation.objects.select_for_update()
        .select_related("petition", "requested_by")
        .get(pk=job_id)
    )
    if not job.is_active:
        return False
    now = timezone.now()
    if job.status == BulkInvalidation.Status.QUEUED:
        job.status, job.started_at = BulkInvalidation.Status.RUNNING, now
    # The log's lock orders this against log_append and signature_invalidate, as there.
    state, _created = PetitionLog.objects.select_for_update().get_or_create(
        petition_id=job.petition_id
    )
    size = settings.BULK_INVALIDATION_BATCH_SIZE
    selection = SignatureSelection.from_json(job.criteria)
    batch = list(
        _matching(job.petition, selection)
        .order_by("pk")
        .only("pk", "petition_id", "region_code", "created_at", "eds_cms", "on_paper")[:size]
    )
    _invalidate(job.petition, state, batch, moderator=job.requested_by, reason=job.reason, now=now)
    job.invalidated += len(batch)
    if len(batch) < size:
        job.status, job.finished_at = BulkInvalidation.Status.DONE, now
        _record_end(job, FINISHED)
    job.save(update_fields=["status", "started_at", "finished_at", "invalidated"])
    return job.is_active


def _invalidate(
    petition: Petition, state: PetitionLog, batch: list, *, moderator, reason: str, now
) -> None:
    """signature_invalidate for each of `batch`, with one tree head for all their revocations."""
    if not batch:
        return
    SignatureInvalidation.objects.bulk_create(
        SignatureInvalidation(
            signature=signature, reason=reason, invalidated_by=moderator, created_at=now
        )
        for signature in batch
    )
    for signature in batch:
        _counter_decrement(signature)
    # Signatures the log has not reached yet get their revocation when log_append reaches them.
    logged = dict(LogLeaf.objects.filter(signature__in=batch).values_list("signature_id", "index"))
    revoked = [signature for signature in batch if signature.pk in logged]
    if not revoked:
        return
    frontier = growing(state)
    hours: dict[datetime.datetime, int] = {}
    leaves = []
    for signature in revoked:
        leaves.append(
            revocation_leaf_add(
                petition, frontier, revokes=logged[signature.pk], time=now, reason=reason
            )
        )
        region_count_add(state.region_counts, signature.region_code or "", -1)
        hour = signing_hour(signature.created_at)
        hours[hour] = hours.get(hour, 0) - 1
    LogLeaf.objects.bulk_create(leaves)
    subtrees_save(petition, frontier)
    hour_counts_add(petition, hours)
    state.size, state.frontier = frontier.size, frontier.to_list()
    state.save(update_fields=["size", "frontier", "region_counts"])
    tree_head_sign(petition, size=frontier.size, root=frontier.root())


def _record_end(job: BulkInvalidation, action: str, *, actor=None) -> None:
    audit_record(
        action=action,
        target=target_of(job.petition),
        role=Role.MODERATOR if actor else Role.SYSTEM,
        actor=actor,
        changes={
            "bulk_invalidation": (None, job.pk),
            "status": (None, job.status),
            "invalidated": (None, job.invalidated),
        },
        public=True,
    )


@transaction.atomic
def bulk_invalidation_cancel(*, job: BulkInvalidation, moderator) -> BulkInvalidation:
    """Stop a queued or running job after its current batch; what it invalidated stays so."""
    if not can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can invalidate signatures."))
    # Waits for a running batch's lock on the row; the next batch then finds it cancelled.
    stopped = BulkInvalidation.objects.filter(
        pk=job.pk, status__in=BulkInvalidation.ACTIVE_STATES
    ).update(status=BulkInvalidation.Status.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    if not stopped:
        raise PetitionError(_("This invalidation has already ended; it cannot be cancelled."))
    _record_end(job, CANCELLED, actor=moderator)
    return job


@transaction.atomic
def bulk_invalidation_fail(*, job_id: int) -> None:
    """Mark a job whose task raised as failed; a new request takes up what it left."""
    job = BulkInvalidation.objects.select_related("petition").get(pk=job_id)
    if BulkInvalidation.objects.filter(pk=job_id, status__in=BulkInvalidation.ACTIVE_STATES).update(
        status=BulkInvalidation.Status.FAILED, finished_at=timezone.now()
    ):
        job.refresh_from_db()
        _record_end(job, FINISHED)


@transaction.atomic
def signing_addresses_erase(*, signed_before: datetime.datetime) -> int:
    """Erase the client address of signatures made before `signed_before`; returns how many.

    The only change the database lets through on a signature (migration 0017).
    """
    return Signature.objects.filter(created_at__lt=signed_before, address__isnull=False).update(
        address=None
    )
