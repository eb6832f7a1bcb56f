"""Filing, moderation, listing, sending and expiry of petitions (DESIGN.md's lifecycle)."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.eligibility import ensure_can_participate
from agencies.calendar import add_working_days
from agencies.models import Agency
from agencies.selectors import policy_for
from petitions import notifications
from petitions.errors import PetitionError, ThresholdUnknown
from petitions.models import Petition, PetitionEvent, RejectionReason, Status, Topic
from petitions.rules import can_moderate
from petitions.selectors import signature_count
from petitions.services.log import log_seal
from petitions.services.signing import counter_shards_create
from petitions.services.transitions import event_record, transition

SUBMITTABLE_STATES = (Status.DRAFT,)
MODERATABLE_STATES = (Status.MODERATION,)
SENDABLE_STATES = (Status.OPEN,)
EXPIRABLE_STATES = (Status.OPEN,)
OVERDUE_STATES = (Status.SENT,)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def petition_create(
    *,
    author,
    agency: Agency,
    title: str,
    problem: str,
    request: str,
    language: str,
    topic: Topic | None = None,
) -> Petition:
    ensure_can_participate(author)
    return draft_create(
        author=author,
        agency=agency,
        actor=author,
        title=title,
        problem=problem,
        request=request,
        language=language,
        topic=topic,
    )


def draft_create(
    *, author, agency: Agency, actor, note: str = "", role: str | None = None, **fields
) -> Petition:
    """A new draft by `author` to `agency` (online or entered from paper by `actor`), with its
    first timeline step; the caller checked who may file."""
    if not agency.is_active:
        raise PetitionError(_("This state body does not accept petitions."))
    petition = Petition.internal.create(author=author, agency=agency, **fields)
    event_record(petition, kind=PetitionEvent.Kind.CREATED, actor=actor, note=note, role=role)
    return petition


@transaction.atomic
def petition_submit(*, petition: Petition, author) -> Petition:
    if petition.author_id != author.pk:
        raise PermissionDenied(_("Only the author can submit this petition."))
    ensure_can_participate(author)
    return moderation_start(petition, actor=author)


def moderation_start(
    petition: Petition, *, actor, note: str = "", role: str | None = None
) -> Petition:
    """Submit a draft to moderation, which has its own deadline (the policy's working days);
    the caller checked who may submit it."""
    policy = policy_for(petition.agency)
    return transition(
        petition,
        allowed=SUBMITTABLE_STATES,
        to=Status.MODERATION,
        event=PetitionEvent.Kind.SUBMITTED,
        actor=actor,
        note=note,
        role=role,
        submitted_at=timezone.now(),
        moderation_due=add_working_days(timezone.localdate(), policy.moderation_working_days),
    )


def _ensure_moderator(moderator) -> None:
    if not can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can publish or reject petitions."))


@transaction.atomic
def petition_publish(*, petition: Petition, moderator) -> Petition:
    """Open the petition for signatures (unlisted at first), fixing its terms from the policy."""
    _ensure_moderator(moderator)
    policy = policy_for(petition.agency)
    threshold = policy.threshold_for(petition.agency.served_population)
    if threshold is None:
        raise ThresholdUnknown()
    now = timezone.now()
    petition = transition(
        petition,
        allowed=MODERATABLE_STATES,
        to=Status.OPEN,
        event=PetitionEvent.Kind.PUBLISHED,
        actor=moderator,
        published_at=now,
        signature_threshold=threshold,
        early_support_signatures=policy.early_support_signatures,
        support_due=add_working_days(timezone.localdate(), policy.early_support_working_days),
        closes_at=add_months(now, policy.collection_months),
        response_working_days=policy.response_working_days,
        eds_required=settings.PETITIONS_REQUIRE_EDS,
    )
    counter_shards_create(petition)
    notifications.queue(notifications.notify_author, petition, "published")
    return petition


@transaction.atomic
def petition_reject(
    *, petition: Petition, moderator, reason: RejectionReason, note: str = ""
) -> Petition:
    _ensure_moderator(moderator)
    petition = transition(
        petition,
        allowed=MODERATABLE_STATES,
        to=Status.REJECTED,
        event=PetitionEvent.Kind.REJECTED,
        actor=moderator,
        note=f"{reason.name_en}. {note}".strip(),
        rejected_at=timezone.now(),
        rejection_reason=reason,
        rejection_note=note,
    )
    notifications.queue(notifications.notify_author, petition, "rejected")
    return petition


@transaction.atomic
def petition_list(*, petition: Petition) -> Petition:
    """List an open petition publicly once it has gathered early support."""
    if signature_count(petition) < petition.early_support_signatures:
        raise PetitionError(_("This petition has not yet gathered early support."))
    return transition(
        petition,
        allowed=(Status.OPEN,),
        to=Status.OPEN,
        event=PetitionEvent.Kind.LISTED,
        guard=Q(listed_at__isnull=True),
        listed_at=timezone.now(),
    )


@transaction.atomic
def petition_send_to_agency(*, petition: Petition) -> Petition:
    """Send a petition that reached its threshold to its addressee, starting the answer deadline."""
    if signature_count(petition) < petition.signature_threshold:
        raise PetitionError(_("This petition has not reached its threshold."))
    now = timezone.now()
    petition = transition(
        petition,
        allowed=SENDABLE_STATES,
        to=Status.SENT,
        event=PetitionEvent.Kind.SENT,
        closing_tree_head=log_seal(petition),
        sent_at=now,
        listed_at=petition.listed_at or now,
        response_due=add_working_days(timezone.localdate(), petition.response_working_days),
    )
    notifications.queue(notifications.notify_author, petition, "sent")
    notifications.queue(notifications.notify_agency, petition, "arrived")
    return petition


def _is_expirable(petition: Petition, count: int) -> bool:
    if count >= petition.signature_threshold:
        return False
    if timezone.now() >= petition.closes_at:
        return True
    early_support_missed = count < petition.early_support_signatures
    return (
        petition.listed_at is None
        and early_support_missed
        and timezone.localdate() > petition.support_due
    )


@transaction.atomic
def petition_expire(*, petition: Petition) -> Petition:
    """Close a petition whose early-support or collection window ended below what it needed."""
    if not _is_expirable(petition, signature_count(petition)):
        raise PetitionError(_("This petition's collection window has not ended."))
    petition = transition(
        petition,
        allowed=EXPIRABLE_STATES,
        to=Status.EXPIRED,
        event=PetitionEvent.Kind.EXPIRED,
        closing_tree_head=log_seal(petition),
        expired_at=timezone.now(),
    )
    notifications.queue(notifications.notify_author, petition, "expired")
    return petition


@transaction.atomic
def petition_mark_overdue(*, petition: Petition) -> Petition:
    """Mark publicly that the addressee missed its deadline (the petition stays `sent`)."""
    if petition.response_due is None or timezone.localdate() <= petition.response_due:
        raise PetitionError(_("The answer to this petition is not yet overdue."))
    return transition(
        petition,
        allowed=OVERDUE_STATES,
        to=Status.SENT,
        event=PetitionEvent.Kind.OVERDUE,
        guard=Q(overdue_at__isnull=True),
        overdue_at=timezone.now(),
    )
