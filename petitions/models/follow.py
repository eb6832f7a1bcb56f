"""Citizens who follow a petition, and the deadline reminders already sent to its addressee."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A citizen follows a petition: it shows in their "My petitions", and they get the e-mails
    they chose (petitions/notifications reads `emails` through petition_followers_to_mail)."""

    class Emails(models.TextChoices):
        # Hearings, the decision, escalation, the plan, its milestones and progress, implementation.
        EVERY_UPDATE = "every", _("Every update")
        # Only the state body's decision and the petition's implementation.
        DECISIONS = "decisions", _("The decision and the implementation only")
        NONE = "none", _("No e-mails")

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, citizen) index serves lookups by petition
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("citizen"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    emails = models.CharField(
        _("e-mails"), max_length=10, choices=Emails.choices, default=Emails.EVERY_UPDATE
    )

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["petition", "citizen"], name="follow_once"),
            models.CheckConstraint(
                condition=models.Q(emails__in=["every", "decisions", "none"]),
                name="follow_emails_known",
            ),
        ]

    def __str__(self):
        return f"{self.citizen_id} → {self.petition_id}"


class DeadlineReminder(models.Model):
    """One reminder sent to an agency's officials; the unique key makes the job idempotent."""

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("petition"),
        db_index=False,  # the unique key below serves lookups by petition
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("state body")
    )
    working_days_before = models.PositiveSmallIntegerField(_("working days before the deadline"))
    response_due = models.DateField(_("deadline reminded of"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "agency", "response_due", "working_days_before"],
                name="remind_once",
            ),
        ]

    def __str__(self):
        return f"{self.petition_id}: {self.working_days_before}"
