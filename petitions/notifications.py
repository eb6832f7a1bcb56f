"""E-mails about petitions, sent by Celery after the change that causes them has committed."""

from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from petitions.models import Petition, Signature

AUTHOR_SUBJECTS = {
    "published": _("Your petition is published"),
    "rejected": _("Your petition was not published"),
    "sent": _("Your petition reached its threshold and was sent to the state body"),
    "expired": _("Your petition has closed"),
}
AGENCY_SUBJECTS = {"arrived": _("A petition has been sent to your state body")}
DECISION_SUBJECT = _("The state body has answered a petition")
MAIL_BATCH = 500


def queue(task, petition: Petition, *args) -> None:
    """Send after the current transaction commits, so no mail describes a rolled-back change."""
    transaction.on_commit(partial(task.delay, petition.pk, *args))


def _message(recipient, subject, template: str, petition: Petition) -> EmailMessage:
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "petition": petition,
            "recipient": recipient,
            "url": settings.SITE_URL + petition.get_absolute_url(),
        }
        return EmailMessage(
            subject=str(subject),
            body=render_to_string(template, context),
            to=[recipient.email],
        )


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_author(petition_id: int, event: str) -> None:
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    if petition.author.email:
        _send(
            [
                _message(
                    petition.author,
                    AUTHOR_SUBJECTS[event],
                    f"petitions/email/author_{event}.txt",
                    petition,
                )
            ]
        )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_agency(petition_id: int, event: str) -> None:
    petition = Petition.internal.select_related("agency").get(pk=petition_id)
    officials = Official.objects.filter(agency=petition.agency).select_related("user")
    _send(
        [
            _message(
                o.user, AGENCY_SUBJECTS[event], f"petitions/email/agency_{event}.txt", petition
            )
            for o in officials
            if o.user.email
        ]
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_decision(petition_id: int) -> None:
    """Tell the author and every signer; signers are read in batches by id."""
    petition = Petition.internal.select_related("author", "agency", "decision").get(pk=petition_id)
    template = "petitions/email/decision.txt"
    if petition.author.email:
        _send([_message(petition.author, DECISION_SUBJECT, template, petition)])
    signatures = (
        Signature.objects.filter(petition=petition)
        .exclude(citizen=petition.author)
        .exclude(citizen__email="")
        .select_related("citizen")
        .order_by("pk")
    )
    last_pk = 0
    while batch := list(signatures.filter(pk__gt=last_pk)[:MAIL_BATCH]):
        _send([_message(s.citizen, DECISION_SUBJECT, template, petition) for s in batch])
        last_pk = batch[-1].pk
