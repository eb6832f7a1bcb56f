"""E-mails about a redirected petition: to the officials of the body that now has it, and to
the author."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from petitions.models import Petition, PetitionEvent, Status
from petitions.notifications import email_message, send_all

AGENCY_SUBJECT = _("A petition has been redirected to your state body")
AUTHOR_SUBJECT = _("Your petition has been redirected to another state body")


def _redirection(petition_id: int, event_id: int) -> tuple[Petition, PetitionEvent]:
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    event = PetitionEvent.objects.get(
        pk=event_id, petition=petition, kind=PetitionEvent.Kind.REDIRECTED
    )
    return petition, event


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_redirected_agency(petition_id: int, event_id: int) -> None:
    """Tell the new addressee's officials; only a petition already sent is theirs to answer."""
    petition, event = _redirection(petition_id, event_id)
    if petition.status != Status.SENT:
        return
    officials = Official.objects.filter(agency=petition.agency).select_related("user")
    send_all(
        [
            email_message(
                official.user,
                AGENCY_SUBJECT,
                "petitions/email/redirected_agency.txt",
                petition,
                reason=event.note,
            )
            for official in officials
            if official.user.email
        ]
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_redirected_author(petition_id: int, event_id: int, from_agency_id: int) -> None:
    petition, event = _redirection(petition_id, event_id)
    if not petition.author.email:
        return
    send_all(
        [
            email_message(
                petition.author,
                AUTHOR_SUBJECT,
                "petitions/email/redirected_author.txt",
                petition,
                reason=event.note,
                from_agency=Agency.objects.get(pk=from_agency_id),
            )
        ]
    )
