"""The one way a petition changes state: a guarded UPDATE plus a timeline event."""

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from petitions.errors import IllegalTransition
from petitions.models import Petition, PetitionEvent
from petitions.selectors import petition_cache_keys


def transition(
    petition: Petition,
    *,
    allowed: tuple[str, ...],
    to: str,
    event: str,
    actor=None,
    note: str = "",
    guard=None,
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
    PetitionEvent.objects.create(
        petition=petition, kind=event, actor=actor, note=note, created_at=timezone.now()
    )
    petition.refresh_from_db()
    transaction.on_commit(partial(cache.delete_many, petition_cache_keys(petition.uid)))
    return petition
