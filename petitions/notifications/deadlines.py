"""E-mails about answer deadlines: reminders to the addressee, and news of an escalation."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from petitions.models import DeadlineReminder, Petition
from petitions.notifications import email_message, mail_followers, send_all
from petitions.selectors.follow import EVERY_UPDATE

REMINDER_SUBJECT = _("A petition's answer is due soon")
ESCALATED_AGENCY_SUBJECT = _("An overdue petition has been escalated to your state body")
ESCALATED_AUTHOR_SUBJECT = _("Your petition has been escalated to a higher state body")
ESCALATED_FOLLOWER_SUBJECT = _("A petition you follow has been escalated to a higher state body")


def _officials_of(agency_id: int) -> list:
    officials = Official.objects.filter(agency_id=agency_id).select_related("user")
    return [o.user for o in officials if o.user.email]


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_deadline_reminder(petition_id: int, reminder_id: int, working_days_left: int) -> None:
    """Remind the officials of the body the reminder was for of the deadline it names."""
    reminder = DeadlineReminder.objects.select_related("agency").get(pk=reminder_id)
    petition = Petition.internal.select_related("agency").get(pk=petition_id)
    send_all(
        [
            email_message(
                official,
                REMINDER_SUBJECT,
                "petitions/email/reminder.txt",
                petition,
                agency=reminder.agency,
                response_due=reminder.response_due,
                working_days_left=working_days_left,
            )
            for official in _officials_of(reminder.agency_id)
        ]
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_escalated(petition_id: int) -> None:
    """Tell the officials of the body escalated to, the author, and the followers who chose
    every update."""
    petition = Petition.internal.select_related("agency", "author", "escalated_to").get(
        pk=petition_id
    )
    messages = [
        email_message(
            official, ESCALATED_AGENCY_SUBJECT, "petitions/email/escalated_agency.txt", petition
        )
        for official in _officials_of(petition.escalated_to_id)
    ]
    if petition.author.email:
        messages.append(
            email_message(
                petition.author,
                ESCALATED_AUTHOR_SUBJECT,
                "petitions/email/escalated_author.txt",
                petition,
            )
        )
    send_all(messages)
    mail_followers(
        petition,
        ESCALATED_FOLLOWER_SUBJECT,
        "petitions/email/follow_escalated.txt",
        emails=EVERY_UPDATE,
    )
