"""The state body's published answer; immutable (a database trigger refuses updates)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_REFUSAL_REASONING = 300


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted into work")
        REFUSED = "refused", _("refused")

    petition = models.OneToOneField(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("petition"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    text = models.TextField(_("statement of the head"), max_length=10000)
    actions = models.TextField(_("what will be done"), max_length=5000, blank=True)
    implementation_due = models.DateField(_("to be done by"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("head of the body")
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    outcome="accepted", implementation_due__isnull=False, actions__gt=""
                )
                | models.Q(
                    GreaterThanOrEqual(Length("text"), MIN_REFUSAL_REASONING),
                    outcome="refused",
                    legal_basis__gt="",
                ),
                name="decision_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.petition}"
