"""E-mails about petitions, sent by Celery after the change that causes them has committed.

The lifecycle's e-mails are here; each area of the agency's work adds a module beside this one
that builds on `queue`, `email_message`, `send_all` and `mail_followers`.

Followers get what they chose (Follow.emails): EVERY_UPDATE (hearings, the decision,
escalation, the plan, its milestones and progress, implementation), DECISIONS (the decision and
the implementation), or NONE. Signers get the decision unless they follow and chose NONE.
"""

import logging
from collections.abc import Callable

import kombu.exceptions
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from petitions.models import Petition, Signature
from petitions.selectors.follow import DECISIONS, followers_to_mail, signers_to_mail

AUTHOR_SUBJECTS = {
    "published": _("Your petition is published"),
    "rejected": _("Your petition was not published"),
    "sent": _("Your petition reached its threshold and was sent to the state body"),
    "expired": _("Your petition has closed"),
}
AGENCY_SUBJECTS = {"arrived": _("A petition has been sent to your state body")}
DECISION_SUBJECT = _("The state body has answered a petition")
MAIL_BATCH = 500

logger = logging.getLogger(__name__)


def queue(task, petition: Petition, *args) -> None:
    """Send after the current transaction commits, so no mail describes a rolled-back change.

    Should the broker be down, the change stands and the request or job that made it succeeds;
    the notice that could not be queued is logged with its task and arguments.
    """

    def send():
        try:
            task.delay(petition.pk, *args)
        except kombu.exceptions.OperationalError:
            logger.exception(
                "notice %s%r for petition %s not queued: the broker is unavailable",
                task.name,
                args,
                petition.pk,
            )

    transaction.on_commit(send)


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


def mail_in_batches(
    rows: QuerySet, message: Callable[..., EmailMessage], *, batch_size: int = MAIL_BATCH
) -> None:
    """One message per row's citizen, `rows` (ordered by pk) read and sent in batches."""
    last_pk = 0
    while batch := list(rows.filter(pk__gt=last_pk)[:batch_size]):
        send_all([message(row.citizen) for row in batch])
        last_pk = batch[-1].pk


def mail_followers(
    petition: Petition,
    subject,
    template: str,
    *,
    emails: tuple[str, ...],
    except_signers: bool = False,
    batch_size: int = MAIL_BATCH,
    **extra,
) -> None:
    """Mail the followers who chose one of `emails`; `except_signers` leaves out those who
    signed (mailed as signers already)."""
    followers = followers_to_mail(petition, emails=emails)
    if except_signers:
        signers = Signature.objects.filter(petition=petition).values("citizen_id")
        followers = followers.exclude(citizen_id__in=signers)
    mail_in_batches(
        followers,
        lambda citizen: email_message(citizen, subject, template, petition, **extra),
        batch_size=batch_size,
    )


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
    """Tell the author, every signer (but one who follows and chose no e-mails), and the
    followers who chose the decision and have not signed; once each, read in batches by id."""
    petition = Petition.internal.select_related("author", "agency", "decision").get(pk=petition_id)
    template = "petitions/email/decision.txt"
    if petition.author.email:
        send_all([email_message(petition.author, DECISION_SUBJECT, template, petition)])
    mail_in_batches(
        signers_to_mail(petition),
        lambda citizen: email_message(citizen, DECISION_SUBJECT, template, petition),
    )
    mail_followers(petition, DECISION_SUBJECT, template, emails=DECISIONS, except_signers=True)
