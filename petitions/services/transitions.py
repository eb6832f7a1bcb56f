"""The one way a petition changes state: a guarded UPDATE plus a timeline event."""

from functools import partial

from django.core.cache import cache
from django.db import transaction

from accounts.audit.services import audit_record, target_of
from petitions.errors import IllegalTransition
from petitions.models import PUBLISHED_STATES, Petition, PetitionEvent
from petitions.selectors import petition_cache_keys
from petitions.services.log import log_head_sign


def event_record(
    petition: Petition,
    *,
    kind: str,
    actor=None,
    note: str = "",
    changes: dict | None = None,
    role: str | None = None,
) -> PetitionEvent:
    """A step on the petition's public timeline, chained into the audit trail."""
    entry = audit_record(
        action=f"petition.{kind}",
        target=target_of(petition),
        role=role or PetitionEvent.ROLES[kind],
        actor=actor,
        changes=changes,
        note=note,
        public=True,
    )
    event = PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        note=note,
        created_at=entry.at,
        audit_entry=entry,
    )
    transaction.on_commit(partial(cache.delete_many, petition_cache_keys(petition.uid)))
    return event


def transition(
    petition: Petition,
    *,
    allowed: tuple[str, ...],
    to: str,
    event: str,
    actor=None,
    note: str = "",
    guard=None,
    role: str | None = None,
    **fields,
) -> Petition:
    """Move `petition` from one of `allowed` to `to`, or raise IllegalTransition.

    The status check is part of the UPDATE's WHERE clause, so two concurrent callers cannot
    both succeed; `guard` adds further conditions (a Q object) to that WHERE clause.
    """
    rows = Petition.internal.filter(pk=petition.pk, status__in=allowed)
    if guard is not None:
        rows = rows.filter(guard)
    if not rows.update(status=to, **fields):
        raise IllegalTransition()
    changes = _changes(petition, to, fields)
    # Every change of a published petition dates its signature log with a signed head, and the
    # audit trail records which.
    head = fields.get("closing_tree_head")
    if head is None and to in PUBLISHED_STATES:
        head = log_head_sign(petition)
    if head is not None:
        changes["tree_head"] = (None, f"{head.size}:{bytes(head.root).hex()}")
    event_record(petition, kind=event, actor=actor, note=note, changes=changes, role=role)
    petition.refresh_from_db()
    return petition


def _changes(petition: Petition, to: str, fields: dict) -> dict:
    changes = {"status": (petition.status, to)}
    for name, value in fields.items():
        if name == "closing_tree_head":
            continue  # recorded as "tree_head"
        if not hasattr(value, "resolve_expression"):  # F() and the like: see the row itself
            before = getattr(petition, name, None)
            changes[name] = (getattr(before, "pk", before), getattr(value, "pk", value))
    return changes
