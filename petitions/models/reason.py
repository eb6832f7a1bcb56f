"""Admin-managed reasons: why moderation rejects a petition, and on what ground a body refuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import TrilingualName


class RejectionReason(TrilingualName):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    is_prohibited_topic = models.BooleanField(
        _("a topic that cannot be petitioned"),
        default=True,
        help_text=_("Shown to authors before they file."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")


class RefusalGround(TrilingualName):
    """The legal basis a state body's refusal cites, beside its reasoning."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    is_active = models.BooleanField(_("offered to heads"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("ground for refusal")
        verbose_name_plural = _("grounds for refusal")
