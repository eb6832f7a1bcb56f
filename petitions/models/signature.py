"""Signatures and the sharded counter that keeps their number without COUNT(*)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Signers of one petition spread their counter increments over this many rows.
COUNTER_SHARDS = 16


class Signature(models.Model):
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, citizen) index serves lookups by petition
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("citizen"),
    )
    region_code = models.CharField(_("signer's region"), max_length=5, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    # A signature made with an EDS keeps what was signed and the CMS that signed it, so that
    # anyone holding the NCA's certificate chain can verify it again later.
    eds_statement = models.TextField(_("signed statement"), blank=True, default="", db_default="")
    eds_cms = models.BinaryField(_("EDS signature (CMS)"), null=True, blank=True)
    # Entered by staff from a paper signature sheet; the same (petition, citizen) key as online
    # signatures, so a citizen who signed both ways counts once.
    on_paper = models.BooleanField(_("signed on paper"), default=False, db_default=False)
    # The client's address at signing: personal data, shown on no page, API or export; only a
    # moderator's bulk invalidation selects by it. Erased after SIGNATURE_ADDRESS_RETENTION_DAYS
    # (the one UPDATE the database lets through on this table: migration 0017).
    address = models.GenericIPAddressField(_("signing address"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "citizen"], name="one_signature_per_citizen"
            ),
            models.CheckConstraint(
                condition=models.Q(eds_cms__isnull=True, eds_statement="")
                | models.Q(eds_cms__isnull=False) & ~models.Q(eds_statement=""),
                name="eds_statement_with_its_cms",
            ),
        ]
        indexes = [models.Index(fields=["petition", "created_at"], name="signature_recent")]

    def __str__(self):
        return f"{self.citizen_id} → {self.petition_id}"


class SignatureCounterShard(models.Model):
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="counter_shards",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, shard) index serves lookups by petition
    )
    shard = models.PositiveSmallIntegerField(_("shard"))
    count = models.PositiveIntegerField(_("signatures counted"), default=0)
    eds_count = models.PositiveIntegerField(_("of them with an EDS"), default=0, db_default=0)
    paper_count = models.PositiveIntegerField(_("of them on paper"), default=0, db_default=0)

    class Meta:
        verbose_name = _("signature counter shard")
        verbose_name_plural = _("signature counter shards")
        constraints = [
            models.UniqueConstraint(fields=["petition", "shard"], name="one_row_per_shard"),
        ]

    def __str__(self):
        return f"{self.petition_id}#{self.shard}: {self.count}"
