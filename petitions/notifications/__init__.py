"""E-mails about petitions, sent by Celery after the change that causes them has committed.

The lifecycle's e-mails are here; each area of the agency's work adds a module beside this one
that builds on `queue`, `email_message` and `send_all`.
"""

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


def email_message(recipient, subject, template: str, petition: Petition, **extra) -> EmailMessage:
    """An e-mail to one person, written in their language; `extra` goes to the template."""
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "petition": petition,
            "recipient": recipient,
            "url": settings.SITE_URL + petition.get_absolute_url(),
            **extra,
        }
        return EmailMessage(
            subject=str(subject),
            body=render_to_string(template, context),
            to=[recipient.email],
        )


def send_all(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_author(petition_id: int, event: str) -> None:
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    if petition.author.email:
        send_all(
            [
                email_message(
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
    send_all(
        [
            email_message(
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
        send_all([email_message(petition.author, DECISION_SUBJECT, template, petition)])
    signatures = (
        Signature.objects.filter(petition=petition)
        .exclude(citizen=petition.author)
        .exclude(citizen__email="")
        .select_related("citizen")
        .order_by("pk")
    )
    last_pk = 0
    while batch := list(signatures.filter(pk__gt=last_pk)[:MAIL_BATCH]):
        send_all([email_message(s.citizen, DECISION_SUBJECT, template, petition) for s in batch])
        last_pk = batch[-1].pk
