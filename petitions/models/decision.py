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
    # Required of a refusal by decision_publish (decisions published before the list existed
    # cite their basis in legal_basis only).
    refusal_ground = models.ForeignKey(
        "petitions.RefusalGround",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ground for refusal"),
    )
    announcement = models.TextField(_("the head's public statement"), max_length=5000, blank=True)
    announcement_url = models.URLField(_("link to the announcement in the media"), blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("head of the body")
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    # The head's EDS over the decision's statement (petitions.statement), verified when published.
    eds_statement = models.TextField(_("signed statement"), blank=True, default="", db_default="")
    eds_cms = models.BinaryField(_("EDS signature (CMS)"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=models.Q(eds_cms__isnull=True, eds_statement="")
                | models.Q(eds_cms__isnull=False) & ~models.Q(eds_statement=""),
                name="decision_eds_statement_with_its_cms",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.petition}"


class DecisionDraft(models.Model):
    """The decision as a reviewer prepares it; only the head approves and publishes it."""

    petition = models.OneToOneField(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="decision_draft",
        verbose_name=_("petition"),
    )
    outcome = models.CharField(
        _("decision"), max_length=10, choices=Decision.Outcome.choices, blank=True
    )
    text = models.TextField(_("statement of the head"), max_length=10000, blank=True)
    actions = models.TextField(_("what will be done"), max_length=5000, blank=True)
    implementation_due = models.DateField(_("to be done by"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    refusal_ground = models.ForeignKey(
        "petitions.RefusalGround",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ground for refusal"),
    )
    announcement = models.TextField(_("the head's public statement"), max_length=5000, blank=True)
    announcement_url = models.URLField(_("link to the announcement in the media"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("draft decision")
        verbose_name_plural = _("draft decisions")

    def __str__(self):
        return f"{_('draft')}: {self.petition}"
