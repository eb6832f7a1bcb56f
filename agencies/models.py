"""Regions, state bodies and the officials who answer for them."""

import math

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.kazakh_latin import to_latin


def name_in_language(*, kk: str, ru: str, en: str) -> str:
    """The name in the active language; Kazakh in the Latin script is the Kazakh name
    transliterated, and a missing name falls back to the Kazakh one."""
    language = get_language() or "kk"
    if language == "kk-latn":
        return to_latin(kk)
    return {"ru": ru, "en": en}.get(language[:2], "") or kk


class TrilingualName(models.Model):
    """Names in Kazakh, Russian and English; `name` follows the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return name_in_language(kk=self.name_kk, ru=self.name_ru, en=self.name_en)


class Region(TrilingualName):
    """A first-level unit: one of the 17 regions or 3 cities of republican significance."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    iso_code = models.CharField(_("ISO 3166-2:KZ code"), max_length=5, primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_as_of = models.DateField(_("population as of"), null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Level(models.TextChoices):
    REPUBLIC = "republic", _("republic (central)")
    REGION = "region", _("region or city of republican significance")
    DISTRICT = "district", _("district or town")


class Branch(models.TextChoices):
    EXECUTIVE = "executive", _("executive (Government, ministry, akimat)")
    REPRESENTATIVE = "representative", _("representative (Parliament, maslikhat)")


class Agency(TrilingualName):
    """A state body that petitions are addressed to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    branch = models.CharField(_("kind"), max_length=16, choices=Branch.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent body (for escalation)"),
    )
    # A district's own population; regional bodies use their region's.
    population = models.PositiveIntegerField(_("population served"), null=True, blank=True)
    is_active = models.BooleanField(_("accepts petitions"), default=True)

    class Meta:
        ordering = ["level", "region_id", "branch", "name_en"]
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=Level.REPUBLIC, region__isnull=True)
                | (~models.Q(level=Level.REPUBLIC) & models.Q(region__isnull=False)),
                name="agency_region_matches_level",
            ),
        ]

    @property
    def served_population(self) -> int | None:
        if self.level == Level.DISTRICT:
            return self.population
        if self.level == Level.REGION:
            return self.region.population
        return None

    @property
    def is_local(self) -> bool:
        return self.level != Level.REPUBLIC


class Official(models.Model):
    """A user who works for an agency; only a head records decisions."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("reviewer")
        HEAD = "head", _("head of the body")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="officials", verbose_name=_("state body")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.agency})"


class ThresholdPolicy(models.Model):
    """How many signatures an addressee needs, how long to collect, and how long it has to answer.

    The threshold is `fixed_threshold`, or `percent_of_population` of the population served, or
    (when both are set) the fixed figure above `fixed_above_population` and the share below it.
    """

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    branch = models.CharField(_("kind"), max_length=16, choices=Branch.choices)
    fixed_threshold = models.PositiveIntegerField(_("fixed threshold"), null=True, blank=True)
    percent_of_population = models.DecimalField(
        _("percent of population"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_above_population = models.PositiveIntegerField(
        _("use the fixed threshold above this population"), null=True, blank=True
    )
    collection_months = models.PositiveSmallIntegerField(_("collection window, months"), default=6)
    early_support_signatures = models.PositiveIntegerField(
        _("signatures needed to be listed"), default=50
    )
    early_support_working_days = models.PositiveSmallIntegerField(
        _("working days to gather them"), default=10
    )
    moderation_working_days = models.PositiveSmallIntegerField(
        _("working days for moderation"), default=20
    )
    response_working_days = models.PositiveSmallIntegerField(_("working days to answer"))

    class Meta:
        verbose_name = _("threshold policy")
        verbose_name_plural = _("threshold policies")
        constraints = [
            models.UniqueConstraint(fields=["level", "branch"], name="one_policy_per_addressee"),
            models.CheckConstraint(
                condition=models.Q(fixed_threshold__isnull=False)
                | models.Q(percent_of_population__isnull=False),
                name="policy_has_a_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} / {self.get_branch_display()}"

    def threshold_for(self, population: int | None) -> int | None:
        """The signatures needed, or None when the population it depends on is not known."""
        if self.percent_of_population is None:
            return self.fixed_threshold
        if population is None:
            return None
        if self.fixed_threshold is not None and population > (self.fixed_above_population or 0):
            return self.fixed_threshold
        return max(1, math.ceil(population * self.percent_of_population / 100))


class CalendarDay(models.Model):
    """An exception to the Monday-to-Friday week: a holiday, a transferred day off or work day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        DAY_OFF = "day_off", _("transferred day off")
        WORKING_DAY = "working_day", _("transferred working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")

    def __str__(self):
        return f"{self.date}: {self.get_kind_display()}"
