"""An accepted petition's implementation plan: milestones, progress updates, and "implemented"."""

import datetime
from collections.abc import Sequence
from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from petitions.errors import PetitionError
from petitions.models import Milestone, Petition, PetitionEvent, ProgressUpdate, Status
from petitions.notifications import plan as plan_notifications
from petitions.notifications import queue
from petitions.rules import is_official_of_addressee
from petitions.selectors import petition_cache_keys
from petitions.services.transitions import event_record, transition

PLAN_STATES = (Status.ACCEPTED,)
IMPLEMENTABLE_STATES = (Status.ACCEPTED,)
TITLE_MAX_LENGTH = Milestone._meta.get_field("title").max_length
UPDATE_MAX_LENGTH = ProgressUpdate._meta.get_field("text").max_length
MAX_MILESTONES = 50


def _ensure_official(official, petition: Petition) -> None:
    if not is_official_of_addressee(official, petition):
        raise PermissionDenied(
            _("Only officials of the state body the petition is addressed to can do this.")
        )


def _lock_accepted(petition: Petition) -> Petition:
    """The petition's row, locked, so plan changes and "implemented" happen one after another."""
    locked = Petition.internal.select_for_update().get(pk=petition.pk)
    if locked.status not in PLAN_STATES:
        raise PetitionError(
            _("The implementation plan can be worked on only while the petition is accepted.")
        )
    return locked


def _clean_milestones(
    milestones: Sequence[tuple[str, datetime.date]],
) -> list[tuple[str, datetime.date]]:
    cleaned = [(title.strip(), due) for title, due in milestones]
    if not cleaned:
        raise PetitionError(_("Add at least one milestone."))
    today = timezone.localdate()
    for title, due in cleaned:
        if not title or len(title) > TITLE_MAX_LENGTH:
            raise PetitionError(
                _("Say what will be done in at most %(n)d characters.") % {"n": TITLE_MAX_LENGTH}
            )
        if due is None or due < today:
            raise PetitionError(_("A milestone's due date cannot be in the past."))
    return cleaned


@transaction.atomic
def milestones_add(
    *, petition: Petition, official, milestones: Sequence[tuple[str, datetime.date]]
) -> list[Milestone]:
    """Add milestones (what will be done, due date) to the plan of an accepted petition.

    The first ones publish the plan (a timeline step; the author and followers are told);
    later additions are recorded in the public audit trail only.
    """
    _ensure_official(official, petition)
    cleaned = _clean_milestones(milestones)
    petition = _lock_accepted(petition)
    existing = petition.milestones.count()
    if existing + len(cleaned) > MAX_MILESTONES:
        raise PetitionError(_("A plan can have at most %(n)d milestones.") % {"n": MAX_MILESTONES})
    added = Milestone.objects.bulk_create(
        [Milestone(petition=petition, title=title, due=due) for title, due in cleaned]
    )
    changes = {f"milestone:{m.pk}": (None, f"{m.due.isoformat()} {m.title}") for m in added}
    if existing == 0:
        event_record(petition, kind=PetitionEvent.Kind.PLAN, actor=official, changes=changes)
        queue(plan_notifications.notify_plan, petition, "published", None)
    else:
        audit_record(
            action="petition.milestones_added",
            target=target_of(petition),
            role=Role.OFFICIAL,
            actor=official,
            changes=changes,
            public=True,
        )
        # Not a timeline step, but the page shows the plan: drop its cached copy all the same.
        transaction.on_commit(partial(cache.delete_many, petition_cache_keys(petition.uid)))
    return added


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, official) -> Milestone:
    petition = milestone.petition
    _ensure_official(official, petition)
    petition = _lock_accepted(petition)
    now = timezone.now()
    undone = Milestone.objects.filter(pk=milestone.pk, petition=petition, done_at__isnull=True)
    if not undone.update(done_at=now):
        raise PetitionError(_("This milestone is already marked as done."))
    milestone.refresh_from_db()
    event_record(
        petition,
        kind=PetitionEvent.Kind.MILESTONE,
        actor=official,
        note=milestone.title,
        changes={f"milestone:{milestone.pk}": (None, now)},
    )
    queue(plan_notifications.notify_plan, petition, "milestone", milestone.pk)
    return milestone


@transaction.atomic
def progress_update_post(
    *, petition: Petition, official, text: str, milestone: Milestone | None = None
) -> ProgressUpdate:
    """A public report of what was done, optionally about one milestone of the plan."""
    _ensure_official(official, petition)
    text = text.strip()
    if not text or len(text) > UPDATE_MAX_LENGTH:
        raise PetitionError(
            _("Say what was done in at most %(n)d characters.") % {"n": UPDATE_MAX_LENGTH}
        )
    if milestone is not None and milestone.petition_id != petition.pk:
        raise PetitionError(_("Choose a milestone of this petition's plan."))
    petition = _lock_accepted(petition)
    update = ProgressUpdate.objects.create(
        petition=petition, milestone=milestone, text=text, author=official
    )
    event_record(
        petition,
        kind=PetitionEvent.Kind.PROGRESS,
        actor=official,
        note=text,
        changes={"milestone": (None, milestone.pk if milestone else None)},
    )
    queue(plan_notifications.notify_plan, petition, "progress", update.pk)
    return update


@transaction.atomic
def petition_mark_implemented(*, petition: Petition, official) -> Petition:
    """Accepted → implemented, only once the plan has milestones and every one is done."""
    _ensure_official(official, petition)
    petition = _lock_accepted(petition)
    total = petition.milestones.count()
    if total == 0:
        raise PetitionError(
            _("The petition has no implementation plan yet: add its milestones first.")
        )
    remaining = petition.milestones.filter(done_at__isnull=True).count()
    if remaining:
        raise PetitionError(
            ngettext(
                "%(n)d milestone of the plan is not done yet.",
                "%(n)d milestones of the plan are not done yet.",
                remaining,
            )
            % {"n": remaining}
        )
    milestones = Milestone.objects.filter(petition=OuterRef("pk"))
    petition = transition(
        petition,
        allowed=IMPLEMENTABLE_STATES,
        to=Status.IMPLEMENTED,
        event=PetitionEvent.Kind.IMPLEMENTED,
        actor=official,
        # The same rule in the UPDATE itself, whatever happened since the counts above.
        guard=Q(Exists(milestones)) & ~Q(Exists(milestones.filter(done_at__isnull=True))),
        implemented_at=timezone.now(),
    )
    queue(plan_notifications.notify_plan, petition, "implemented", None)
    return petition
