"""The petition's timeline: one row per state change, written by the service that made it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        indexes = [models.Index(fields=["petition", "created_at"], name="event_timeline")]

    def __str__(self):
        return f"{self.petition_id}: {self.kind}"
