"""The audit trail's rows: entries, append-only and hash-chained, and the chain's tip."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit.chain import GENESIS


class Role(models.TextChoices):
    """In what capacity someone acted; the public part of an entry names this, not the person."""

    SYSTEM = "system", _("the portal")
    CITIZEN = "citizen", _("a citizen")
    AUTHOR = "author", _("the author")
    MODERATOR = "moderator", _("a moderator")
    OFFICIAL = "official", _("an official of the state body")
    HEAD = "head", _("the head of the state body")
    ADMINISTRATOR = "administrator", _("an administrator")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("number"), primary_key=True)
    at = models.DateTimeField(_("when"))
    action = models.CharField(_("what"), max_length=64)
    # "<app_label>.<model>:<public key>", e.g. "petitions.petition:K7Q2MX".
    target = models.CharField(_("on what"), max_length=120, db_index=True)
    role = models.CharField(_("acting as"), max_length=16, choices=Role.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    address = models.GenericIPAddressField(_("from which address"), null=True, blank=True)
    # {field: [before, after]}
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("changes shown to the public"), default=False)
    salt = models.CharField(max_length=32)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.target}"


class AuditChain(models.Model):
    """The chain's tip, one row; each writer locks it, so entries follow one another."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_audit_chain")]

    def __str__(self):
        return f"{self.size}: {self.head_hash}"
