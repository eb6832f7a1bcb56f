"""E-mails about an accepted petition's implementation: to its author and its followers."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from petitions.models import Milestone, Petition, ProgressUpdate
from petitions.notifications import MAIL_BATCH, email_message, mail_followers, send_all
from petitions.selectors.follow import DECISIONS, EVERY_UPDATE

PLAN_SUBJECTS = {
    "published": _("The state body has published its implementation plan for a petition"),
    "milestone": _("A milestone of a petition's implementation plan is done"),
    "progress": _("The state body reported progress on a petition"),
    "implemented": _("A petition has been implemented"),
}
# Which followers each event reaches (Follow.emails): the implementation is news for those who
# chose only the decision and the implementation, the steps on the way are not.
PLAN_FOLLOWERS = {
    "published": EVERY_UPDATE,
    "milestone": EVERY_UPDATE,
    "progress": EVERY_UPDATE,
    "implemented": DECISIONS,
}


def _extra(petition: Petition, event: str, subject_id: int | None) -> dict:
    if event == "published":
        return {"milestones": list(Milestone.objects.filter(petition=petition))}
    if event == "milestone":
        return {"milestone": Milestone.objects.get(pk=subject_id, petition=petition)}
    if event == "progress":
        update = ProgressUpdate.objects.select_related("milestone")
        return {"update": update.get(pk=subject_id, petition=petition)}
    return {}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_plan(petition_id: int, event: str, subject_id: int | None = None) -> None:
    """Tell the author and the followers who chose this event's e-mails, once each."""
    petition = Petition.internal.select_related("author", "agency").get(pk=petition_id)
    subject, template = PLAN_SUBJECTS[event], f"petitions/email/plan_{event}.txt"
    extra = _extra(petition, event, subject_id)
    if petition.author.email:
        send_all([email_message(petition.author, subject, template, petition, **extra)])
    mail_followers(
        petition, subject, template, emails=PLAN_FOLLOWERS[event], batch_size=MAIL_BATCH, **extra
    )
