"""The addressee's public hearing with the author, its minutes, and the commission it names."""

import datetime
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role
from accounts.audit.services import audit_record, target_of
from petitions.errors import PetitionError
from petitions.models import CommissionMember, Hearing, Petition, PetitionEvent, Status
from petitions.notifications import hearings as notifications
from petitions.notifications import queue
from petitions.rules import is_official_of_addressee
from petitions.selectors import petition_cache_keys
from petitions.services.transitions import event_record

# While the body considers the petition, and after accepting it while it does the work.
HEARING_STATES = (Status.SENT, Status.ACCEPTED)
# A date further ahead than this is taken for a typing error.
HEARING_HORIZON = datetime.timedelta(days=365)
COMMISSION_MAX_MEMBERS = 50
# Roles a commission has one of, and what is said when a second one is named.
SINGLE_ROLES = {
    CommissionMember.Role.CHAIR: _(
        "The commission already has a chair. Remove them first to name another."
    ),
    CommissionMember.Role.SECRETARY: _(
        "The commission already has a secretary. Remove them first to name another."
    ),
}


def _ensure_official(user, petition: Petition) -> None:
    if not is_official_of_addressee(user, petition):
        raise PermissionDenied(
            _("Only officials of the state body the petition is addressed to can do this.")
        )


def _lock_in_work(petition: Petition) -> Petition:
    """Lock the petition's row, so concurrent changes of its hearings and commission queue up."""
    locked = Petition.internal.select_for_update().filter(pk=petition.pk).first()
    if locked is None or locked.status not in HEARING_STATES:
        raise PetitionError(
            _(
                "Hearings and the commission can be arranged only while the state body "
                "considers the petition or carries out its acceptance."
            )
        )
    return locked


def _ensure_https(url: str) -> None:
    if url and not url.lower().startswith("https://"):
        raise PetitionError(_("Links must be secure: they start with https://."))


def _full_clean(instance, *, exclude=()) -> None:
    """Field limits (lengths, URL shape) as the model states them, as a PetitionError."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        raise PetitionError(" ".join(error.messages)) from error
    # full_clean leaves a TextField's max_length to the form; a service is called without one.
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            raise PetitionError(
                _("%(field)s: at most %(n)d characters, please.")
                % {"field": field.verbose_name.capitalize(), "n": field.max_length}
            )


def _local_text(moment: datetime.datetime) -> str:
    # The timeline note is one text for every language: an ISO-like date in the portal's zone.
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M} ({settings.TIME_ZONE})"


def _page_changed(petition: Petition) -> None:
    """Changes recorded without a timeline step still show on the cached petition page."""
    transaction.on_commit(partial(cache.delete_many, petition_cache_keys(petition.uid)))


def _create_hearing(
    petition: Petition, official, starts_at, place: str, online_url: str, agenda: str
) -> Hearing:
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    now = timezone.now()
    if starts_at <= now:
        raise PetitionError(_("The hearing must be scheduled for a time in the future."))
    if starts_at > now + HEARING_HORIZON:
        raise PetitionError(_("The hearing cannot be scheduled more than a year ahead."))
    place, online_url, agenda = place.strip(), online_url.strip(), agenda.strip()
    if not place and not online_url:
        raise PetitionError(_("Give the place of the hearing, a link to join it online, or both."))
    _ensure_https(online_url)
    upcoming = Hearing.objects.filter(
        petition=petition, cancelled_at__isnull=True, starts_at__gt=now
    )
    if upcoming.exists():
        raise PetitionError(
            _("A hearing is already scheduled. Reschedule or cancel it instead of adding another.")
        )
    hearing = Hearing(
        petition=petition,
        starts_at=starts_at,
        place=place,
        online_url=online_url,
        agenda=agenda,
        scheduled_by=official,
    )
    _full_clean(hearing, exclude=["petition", "scheduled_by"])
    hearing.save()
    note = "; ".join(part for part in (_local_text(starts_at), place, online_url) if part)
    event_record(
        petition,
        kind=PetitionEvent.Kind.HEARING,
        actor=official,
        note=note,
        changes={"hearing": (None, hearing.pk), "starts_at": (None, starts_at)},
    )
    return hearing


def _cancel_hearing(hearing: Hearing, official, *, note: str) -> Hearing:
    now = timezone.now()
    rows = Hearing.objects.filter(pk=hearing.pk, cancelled_at__isnull=True, minutes_at__isnull=True)
    if not rows.update(cancelled_at=now):
        raise PetitionError(
            _("This hearing can no longer be cancelled: it is cancelled or its minutes are out.")
        )
    hearing.cancelled_at = now
    event_record(
        hearing.petition,
        kind=PetitionEvent.Kind.HEARING,
        actor=official,
        note=note,
        changes={"hearing": (hearing.pk, hearing.pk), "cancelled_at": (None, now)},
    )
    return hearing


@transaction.atomic
def hearing_schedule(
    *,
    petition: Petition,
    official,
    starts_at: datetime.datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Hearing:
    """Schedule the public discussion with the author, who is invited by e-mail."""
    _ensure_official(official, petition)
    _lock_in_work(petition)
    hearing = _create_hearing(petition, official, starts_at, place, online_url, agenda)
    queue(notifications.notify_hearing_scheduled, petition, hearing.pk)
    return hearing


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, official) -> Hearing:
    """Call a hearing off (before its minutes are out); the author is told."""
    petition = hearing.petition
    _ensure_official(official, petition)
    hearing = _cancel_hearing(
        hearing, official, note=f"cancelled: {_local_text(hearing.starts_at)}"
    )
    queue(notifications.notify_hearing_cancelled, petition, hearing.pk)
    return hearing


@transaction.atomic
def hearing_reschedule(
    *,
    hearing: Hearing,
    official,
    starts_at: datetime.datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Hearing:
    """Cancel the hearing and schedule its replacement; the author gets one e-mail about both."""
    petition = hearing.petition
    _ensure_official(official, petition)
    _lock_in_work(petition)
    _cancel_hearing(hearing, official, note=f"rescheduled from: {_local_text(hearing.starts_at)}")
    replacement = _create_hearing(petition, official, starts_at, place, online_url, agenda)
    queue(notifications.notify_hearing_scheduled, petition, replacement.pk, hearing.pk)
    return replacement


@transaction.atomic
def hearing_minutes_attach(
    *, hearing: Hearing, official, minutes: str = "", minutes_url: str = ""
) -> Hearing:
    """Publish what was said at the hearing, once it has taken place."""
    petition = hearing.petition
    _ensure_official(official, petition)
    minutes, minutes_url = minutes.strip(), minutes_url.strip()
    if not minutes and not minutes_url:
        raise PetitionError(_("Write the minutes, give a link to the minutes document, or both."))
    _ensure_https(minutes_url)
    hearing.minutes, hearing.minutes_url = minutes, minutes_url
    _full_clean(hearing, exclude=["petition", "scheduled_by"])
    now = timezone.now()
    rows = Hearing.objects.filter(
        pk=hearing.pk, cancelled_at__isnull=True, minutes_at__isnull=True, starts_at__lte=now
    )
    if not rows.update(minutes=minutes, minutes_url=minutes_url, minutes_at=now):
        hearing.refresh_from_db()
        if hearing.cancelled_at is not None:
            raise PetitionError(_("This hearing was cancelled: it has no minutes."))
        if hearing.minutes_at is not None:
            raise PetitionError(_("The minutes of this hearing are already published."))
        raise PetitionError(_("The minutes can be attached only after the hearing has started."))
    hearing.minutes_at = now
    event_record(
        petition,
        kind=PetitionEvent.Kind.MINUTES,
        actor=official,
        note="; ".join(part for part in (_local_text(hearing.starts_at), minutes_url) if part),
        changes={"hearing": (hearing.pk, hearing.pk), "minutes_at": (None, now)},
    )
    return hearing


def _member_text(member: CommissionMember) -> str:
    return f"{member.name}, {member.position} ({member.role})"


@transaction.atomic
def commission_member_add(
    *, petition: Petition, official, name: str, position: str, role: str
) -> CommissionMember:
    """Name a member of the commission or working group; the first one is a timeline step."""
    _ensure_official(official, petition)
    _lock_in_work(petition)
    name, position = " ".join(name.split()), " ".join(position.split())
    if not name or not position:
        raise PetitionError(_("Give the member's full name and their position and organisation."))
    members = CommissionMember.objects.filter(petition=petition)
    if members.count() >= COMMISSION_MAX_MEMBERS:
        raise PetitionError(
            _("A commission can have at most %(n)d members.") % {"n": COMMISSION_MAX_MEMBERS}
        )
    if role in SINGLE_ROLES and members.filter(role=role).exists():
        raise PetitionError(SINGLE_ROLES[role])
    last = members.aggregate(last=Max("order"))["last"]
    member = CommissionMember(
        petition=petition,
        name=name,
        position=position,
        role=role,
        order=0 if last is None else last + 1,
    )
    _full_clean(member, exclude=["petition"])
    member.save()
    changes = {"commission_member": (None, _member_text(member))}
    named = PetitionEvent.objects.filter(petition=petition, kind=PetitionEvent.Kind.COMMISSION)
    if named.exists():
        _commission_audit(petition, official, changes)
    else:
        event_record(petition, kind=PetitionEvent.Kind.COMMISSION, actor=official, changes=changes)
    return member


@transaction.atomic
def commission_member_remove(*, member: CommissionMember, official) -> None:
    petition = member.petition
    _ensure_official(official, petition)
    _lock_in_work(petition)
    if not CommissionMember.objects.filter(pk=member.pk).delete()[0]:
        raise PetitionError(_("This member has already been removed."))
    _commission_audit(petition, official, {"commission_member": (_member_text(member), None)})


def _commission_audit(petition: Petition, official, changes: dict) -> None:
    # Commission members act in public, so the change is public in the trail too.
    audit_record(
        action="petition.commission_changed",
        target=target_of(petition),
        role=Role.OFFICIAL,
        actor=official,
        changes=changes,
        public=True,
    )
    _page_changed(petition)
