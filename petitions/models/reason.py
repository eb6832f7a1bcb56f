"""Reasons a moderator may give for rejecting a petition, the prohibited topics among them."""

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
