"""E-mails about the public hearing on a petition: an invitation to its author, news to the
followers who chose every update; each in the recipient's language."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from petitions.models import Hearing, Petition
from petitions.notifications import email_message, mail_followers, send_all
from petitions.selectors.follow import EVERY_UPDATE

INVITATION_SUBJECT = _("You are invited to a public hearing on your petition")
MOVED_SUBJECT = _("The public hearing on your petition has been moved")
CANCELLED_SUBJECT = _("The public hearing on your petition is cancelled")
FOLLOWER_SUBJECTS = {
    "scheduled": _("A public hearing is scheduled on a petition you follow"),
    "moved": _("The public hearing on a petition you follow has been moved"),
    "cancelled": _("The public hearing on a petition you follow is cancelled"),
}
FOLLOWER_TEMPLATE = "petitions/email/follow_hearing.txt"


def _author_mail(petition_id: int, subject, template: str, **extra) -> Petition:
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    if petition.author.email:  # a petition filed on paper may have none
        send_all([email_message(petition.author, subject, template, petition, **extra)])
    return petition


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_hearing_scheduled(
    petition_id: int, hearing_id: int, replaces_id: int | None = None
) -> None:
    """Invite the author; `replaces_id` names the hearing this one replaces, if rescheduled."""
    hearing = Hearing.objects.get(pk=hearing_id, petition_id=petition_id)
    replaces = Hearing.objects.get(pk=replaces_id) if replaces_id else None
    petition = _author_mail(
        petition_id,
        MOVED_SUBJECT if replaces else INVITATION_SUBJECT,
        "petitions/email/hearing_invitation.txt",
        hearing=hearing,
        replaces=replaces,
    )
    mail_followers(
        petition,
        FOLLOWER_SUBJECTS["moved" if replaces else "scheduled"],
        FOLLOWER_TEMPLATE,
        emails=EVERY_UPDATE,
        hearing=hearing,
        replaces=replaces,
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_hearing_cancelled(petition_id: int, hearing_id: int) -> None:
    hearing = Hearing.objects.get(pk=hearing_id, petition_id=petition_id)
    petition = _author_mail(
        petition_id,
        CANCELLED_SUBJECT,
        "petitions/email/hearing_cancelled.txt",
        hearing=hearing,
    )
    mail_followers(
        petition,
        FOLLOWER_SUBJECTS["cancelled"],
        FOLLOWER_TEMPLATE,
        emails=EVERY_UPDATE,
        hearing=hearing,
        cancelled=True,
    )
