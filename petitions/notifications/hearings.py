"""E-mails to the author about the public hearing on their petition, in the author's language."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from petitions.models import Hearing, Petition
from petitions.notifications import email_message, send_all

INVITATION_SUBJECT = _("You are invited to a public hearing on your petition")
MOVED_SUBJECT = _("The public hearing on your petition has been moved")
CANCELLED_SUBJECT = _("The public hearing on your petition is cancelled")


def _author_mail(petition_id: int, subject, template: str, **extra) -> None:
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    if petition.author.email:  # a petition filed on paper may have none
        send_all([email_message(petition.author, subject, template, petition, **extra)])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_hearing_scheduled(
    petition_id: int, hearing_id: int, replaces_id: int | None = None
) -> None:
    """Invite the author; `replaces_id` names the hearing this one replaces, if rescheduled."""
    hearing = Hearing.objects.get(pk=hearing_id, petition_id=petition_id)
    replaces = Hearing.objects.get(pk=replaces_id) if replaces_id else None
    _author_mail(
        petition_id,
        MOVED_SUBJECT if replaces else INVITATION_SUBJECT,
        "petitions/email/hearing_invitation.txt",
        hearing=hearing,
        replaces=replaces,
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_hearing_cancelled(petition_id: int, hearing_id: int) -> None:
    hearing = Hearing.objects.get(pk=hearing_id, petition_id=petition_id)
    _author_mail(
        petition_id,
        CANCELLED_SUBJECT,
        "petitions/email/hearing_cancelled.txt",
        hearing=hearing,
    )
