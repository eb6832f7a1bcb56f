"""The invalidation of a fraudulent signature: a row beside it, never an edit of it."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureInvalidation(models.Model):
    signature = models.OneToOneField(
        "petitions.Signature",
        on_delete=models.PROTECT,
        related_name="invalidation",
        verbose_name=_("signature"),
    )
    reason = models.TextField(_("reason"), max_length=500)
    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signature_invalidations",
        verbose_name=_("invalidated by"),
    )
    created_at = models.DateTimeField(_("invalidated"), default=timezone.now)

    class Meta:
        verbose_name = _("signature invalidation")
        verbose_name_plural = _("signature invalidations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason="") & LessThanOrEqual(Length("reason"), 500),
                name="invalidation_has_a_short_reason",
            ),
        ]

    def __str__(self):
        return f"{self.signature_id}: {self.reason[:50]}"
