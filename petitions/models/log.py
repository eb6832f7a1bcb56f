"""The public signature log of each petition: an append-only Merkle tree and its signed heads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogLeaf(models.Model):
    """One entry of a petition's log, in order: a signature, or the revocation of one."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("signature")
        REVOCATION = "revocation", _("revocation")

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="log_leaves",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, index) index serves lookups by petition
    )
    index = models.PositiveBigIntegerField(_("position in the log"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    signature = models.OneToOneField(
        "petitions.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log_leaf",
        verbose_name=_("signature"),
    )
    # The exact bytes the leaf hash commits to (petitions.transparency.formats), as text.
    data = models.TextField(_("leaf"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)
    nullifier = models.CharField(_("nullifier"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("log leaf")
        verbose_name_plural = _("log leaves")
        constraints = [
            models.UniqueConstraint(fields=["petition", "index"], name="one_leaf_per_position"),
        ]

    def __str__(self):
        return f"{self.petition_id}#{self.index} {self.kind}"


class PetitionLog(models.Model):
    """Where a petition's log stands: its size, the O(log n) hashes needed to append to it,
    how far into the signatures the appending job has read, and its counts by region.

    `region_counts` maps the signer's ISO 3166-2:KZ region code ("" for none) to the number of
    valid signatures in the log (signature leaves less their revocations; regions at zero are
    left out). petitions/services/log.py keeps it as it appends leaves, so it describes the log
    of `size` leaves: it lags the live count by up to SIGNATURE_LOG_LAG_SECONDS, and anyone can
    recompute it from the public leaves ("region" of each signature leaf, "revokes" of each
    revocation). It is never computed with COUNT(*) over the signatures.
    """

    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.CASCADE, related_name="log", primary_key=True
    )
    size = models.PositiveBigIntegerField(_("leaves"), default=0)
    frontier = models.JSONField(_("subtree hashes"), default=list)
    # Signatures are appended in (created_at, id) order; this is the last one appended.
    read_up_to_time = models.DateTimeField(null=True, blank=True)
    read_up_to_id = models.PositiveBigIntegerField(default=0)
    region_counts = models.JSONField(_("valid signatures by region"), default=dict)

    class Meta:
        verbose_name = _("petition log")
        verbose_name_plural = _("petition logs")

    def __str__(self):
        return f"{self.petition_id}: {self.size}"


class TreeHead(models.Model):
    """A tree size and root, signed by the portal (Ed25519) at a time."""

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="tree_heads",
        verbose_name=_("petition"),
        db_index=False,  # the (petition, size) index serves lookups by petition
    )
    size = models.PositiveBigIntegerField(_("tree size"))
    root = models.BinaryField(_("root hash"), max_length=32)
    signed_at = models.CharField(_("signed at (UTC)"), max_length=20)
    signature = models.BinaryField(_("Ed25519 signature"), max_length=64)

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        indexes = [models.Index(fields=["petition", "size"], name="tree_head_by_size")]

    def __str__(self):
        return f"{self.petition_id}@{self.size}"


# Subtrees of at least 2**SUBTREE_LEVEL leaves are kept; a proof reads at most two runs of
# fewer leaves than that, and O(log n) kept roots.
SUBTREE_LEVEL = 8


class LogSubtree(models.Model):
    """The root of a perfect subtree of 2**level leaves (at `position` among those of its size),
    written as the log grows, so that proofs need not read every leaf."""

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, level, position) index serves lookups
    )
    level = models.PositiveSmallIntegerField(_("level"))
    position = models.PositiveBigIntegerField(_("position"))
    root = models.BinaryField(_("root hash"), max_length=32)

    class Meta:
        verbose_name = _("log subtree")
        verbose_name_plural = _("log subtrees")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "level", "position"], name="one_subtree_per_place"
            ),
        ]

    def __str__(self):
        return f"{self.petition_id}: 2^{self.level} #{self.position}"


class LogHourCount(models.Model):
    """Valid signatures of a petition's log made in one hour (UTC): signature leaves of that
    hour less their revocations, which count against the hour of the signature they revoke.

    petitions/services/log.py keeps these rows in the transaction that appends the leaves, like
    PetitionLog.region_counts, so they describe the log and anyone can recompute them from
    the public leaves ("time" of each signature leaf, "revokes" of each revocation). They are
    never computed with COUNT(*) over the signatures.
    """

    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("petition"),
        db_index=False,  # the unique (petition, hour) index serves lookups by petition
    )
    hour = models.DateTimeField(_("hour (UTC)"))
    signatures = models.IntegerField(_("valid signatures"), default=0)

    class Meta:
        verbose_name = _("signatures in an hour")
        verbose_name_plural = _("signatures by the hour")
        constraints = [
            models.UniqueConstraint(fields=["petition", "hour"], name="one_count_per_hour"),
            models.CheckConstraint(
                condition=models.Q(signatures__gte=0), name="hour_count_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.petition_id}@{self.hour:%Y-%m-%dT%H}: {self.signatures}"
