"""The public discussion a state body holds with the author, and the commission it may name."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Hearing(models.Model):
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="hearings",
        verbose_name=_("petition"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), max_length=3000, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(_("scheduled"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    minutes_url = models.URLField(_("link to the minutes document"), blank=True)
    minutes_at = models.DateTimeField(_("minutes attached"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""),
                name="hearing_has_place_or_link",
            ),
        ]

    def __str__(self):
        return f"{self.petition_id} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class CommissionMember(models.Model):
    """A member of the commission or working group a body formed for a petition."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="commission",
        verbose_name=_("petition"),
    )
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position and organisation"), max_length=300)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
