"""The petition and its lifecycle state; only petitions/services changes `status`."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.kazakh_latin import to_latin
from agencies.models import Agency

UID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_uid() -> str:
    # Unlisted petitions are reachable by link only, so links must not be guessable.
    return "".join(secrets.choice(UID_ALPHABET) for _ in range(10))


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    MODERATION = "moderation", _("in moderation")
    REJECTED = "rejected", _("rejected by moderation")
    OPEN = "open", _("collecting signatures")
    EXPIRED = "expired", _("closed without enough signatures")
    SENT = "sent", _("sent to the state body")
    ACCEPTED = "accepted", _("accepted into work")
    REFUSED = "refused", _("refused")
    IMPLEMENTED = "implemented", _("implemented")


DECIDED_STATES = (Status.ACCEPTED, Status.REFUSED, Status.IMPLEMENTED)
PUBLISHED_STATES = (Status.OPEN, Status.EXPIRED, Status.SENT, *DECIDED_STATES)


class PetitionQuerySet(models.QuerySet):
    def published(self):
        """Everything the public may see by link (listed or not)."""
        return self.filter(status__in=PUBLISHED_STATES)

    def listed(self):
        """What public lists and search show: published and past early support."""
        return self.published().filter(listed_at__isnull=False)

    def for_agency(self, agency):
        return self.filter(agency=agency, status__in=(Status.SENT, *DECIDED_STATES))


class Petition(models.Model):
    uid = models.CharField(_("link code"), max_length=12, unique=True, default=new_uid)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("author"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("addressee")
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), max_length=6000)
    request = models.TextField(_("what you ask the state body to do"), max_length=3000)
    language = models.CharField(_("language"), max_length=2, choices=settings.PETITION_LANGUAGES)
    # Nullable for petitions filed before topics existed; the filing form requires one.
    topic = models.ForeignKey(
        "petitions.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("topic"),
    )
    # Don't modify directly: petitions/services writes it together with a PetitionEvent.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    moderation_due = models.DateField(_("moderation due"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    rejection_reason = models.ForeignKey(
        "petitions.RejectionReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("rejection reason"),
    )
    rejection_note = models.TextField(_("rejection explanation"), blank=True)

    # Copied from the policy when the petition opens, so later policy changes do not move them.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    signature_threshold = models.PositiveIntegerField(
        _("signatures required"), null=True, blank=True
    )
    early_support_signatures = models.PositiveIntegerField(
        _("signatures needed to be listed"), null=True, blank=True
    )
    support_due = models.DateField(_("early support due"), null=True, blank=True)
    closes_at = models.DateTimeField(_("collection closes"), null=True, blank=True)
    eds_required = models.BooleanField(
        _("signatures need an electronic digital signature"),
        default=False,
        help_text=_("Fixed when the petition opens, from the PETITIONS_REQUIRE_EDS setting."),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("working days to answer"), null=True, blank=True
    )

    listed_at = models.DateTimeField(_("listed publicly"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to the state body"), null=True, blank=True)
    # The signed tree head of the signature log when collecting stopped: what the count the
    # petition was sent (or expired) with can be checked against.
    closing_tree_head = models.ForeignKey(
        "petitions.TreeHead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed tree head when collecting stopped"),
    )
    response_due = models.DateField(_("answer due"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue"), null=True, blank=True)
    # Overdue petitions are escalated to the addressee's parent body (or the Government).
    escalated_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_petitions",
        verbose_name=_("escalated to"),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implemented"), null=True, blank=True)

    # The law allows filing in writing: staff enter such a petition on the author's behalf.
    on_paper = models.BooleanField(_("filed on paper"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    internal = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        default_manager_name = "internal"
        indexes = [
            models.Index(fields=["status", "listed_at"], name="petition_status_listed"),
            models.Index(fields=["agency", "status"], name="petition_agency_status"),
        ]
        permissions = [("moderate_petition", _("Can moderate petitions"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=PUBLISHED_STATES)
                | models.Q(
                    published_at__isnull=False,
                    signature_threshold__isnull=False,
                    closes_at__isnull=False,
                    support_due__isnull=False,
                ),
                name="published_petition_has_terms",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=(Status.SENT, *DECIDED_STATES))
                | models.Q(sent_at__isnull=False, response_due__isnull=False),
                name="sent_petition_has_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.REJECTED)
                | models.Q(rejection_reason__isnull=False),
                name="rejected_petition_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("petitions:detail", kwargs={"uid": self.uid})

    # The text as the reader sees it: a Kazakh petition read in kk-latn shows in the Latin
    # script; any other reader, and any other petition, gets the text as written.
    @property
    def in_latin_script(self) -> bool:
        return self.language == "kk" and get_language() == "kk-latn"

    @property
    def shown_language(self) -> str:
        """The petition text's HTML lang, matching what shown_title and the others show."""
        return "kk-Latn" if self.in_latin_script else self.language

    @property
    def shown_title(self) -> str:
        return to_latin(self.title) if self.in_latin_script else self.title

    @property
    def shown_problem(self) -> str:
        return to_latin(self.problem) if self.in_latin_script else self.problem

    @property
    def shown_request(self) -> str:
        return to_latin(self.request) if self.in_latin_script else self.request

    @property
    def is_overdue(self) -> bool:
        return self.overdue_at is not None and self.status == Status.SENT
