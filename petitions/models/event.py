"""The petition's timeline: one row per state change, written by the service that made it.

Each row points to its entry in the hash-chained audit trail (accounts.audit), which records
the same step with who, from where and what changed; the timeline is its public face.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import Role


class PetitionEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("Draft created")
        SUBMITTED = "submitted", _("Submitted for moderation")
        REJECTED = "rejected", _("Rejected by moderation")
        PUBLISHED = "published", _("Published: collecting signatures by link")
        LISTED = "listed", _("Gathered early support and listed publicly")
        EXPIRED = "expired", _("Closed without enough signatures")
        SENT = "sent", _("Threshold reached: sent to the state body")
        OVERDUE = "overdue", _("The state body missed its deadline")
        ACCEPTED = "accepted", _("Accepted into work")
        REFUSED = "refused", _("Refused")
        REDIRECTED = "redirected", _("Redirected to the competent state body")
        ESCALATED = "escalated", _("Escalated to the higher state body")
        HEARING = "hearing", _("A public hearing was scheduled")
        MINUTES = "minutes", _("The minutes of the public hearing were published")
        COMMISSION = "commission", _("A commission or working group was named")
        PLAN = "plan", _("The implementation plan was published")
        PROGRESS = "progress", _("Progress was reported")
        MILESTONE = "milestone", _("A milestone of the plan was done")
        IMPLEMENTED = "implemented", _("Implemented: every milestone is done")
        PAPER = "paper", _("Signatures collected on paper were entered")
        INVALIDATED = "invalidated", _("A signature was found invalid and no longer counts")
        EDITED = "edited", _("Corrected by the portal's administration")

    # In what capacity the actor of each kind of step usually acts, as the audit trail records
    # it; event_record(role=...) says otherwise where someone else may take the step.
    ROLES = {
        Kind.CREATED: Role.AUTHOR,
        Kind.SUBMITTED: Role.AUTHOR,
        Kind.REJECTED: Role.MODERATOR,
        Kind.PUBLISHED: Role.MODERATOR,
        Kind.LISTED: Role.SYSTEM,
        Kind.EXPIRED: Role.SYSTEM,
        Kind.SENT: Role.SYSTEM,
        Kind.OVERDUE: Role.SYSTEM,
        Kind.ACCEPTED: Role.HEAD,
        Kind.REFUSED: Role.HEAD,
        Kind.REDIRECTED: Role.MODERATOR,
        Kind.ESCALATED: Role.SYSTEM,
        Kind.HEARING: Role.OFFICIAL,
        Kind.MINUTES: Role.OFFICIAL,
        Kind.COMMISSION: Role.OFFICIAL,
        Kind.PLAN: Role.OFFICIAL,
        Kind.PROGRESS: Role.OFFICIAL,
        Kind.MILESTONE: Role.OFFICIAL,
        Kind.IMPLEMENTED: Role.OFFICIAL,
        Kind.PAPER: Role.MODERATOR,
        Kind.INVALIDATED: Role.MODERATOR,
        Kind.EDITED: Role.ADMINISTRATOR,
    }

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("petition"),
        db_index=False,  # the (petition, created_at) timeline index serves lookups by petition
    )
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    audit_entry = models.OneToOneField(
        "audit.AuditEntry",
        on_delete=models.PROTECT,
        null=True,  # steps taken before the audit trail existed have none
        blank=True,
        related_name="petition_event",
        verbose_name=_("audit trail entry"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        indexes = [models.Index(fields=["petition", "created_at"], name="event_timeline")]

    def __str__(self):
        return f"{self.petition_id}: {self.kind}"
