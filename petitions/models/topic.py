"""Admin-managed topics that petitions are filed under, for browsing and search filters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import TrilingualName


class Topic(TrilingualName):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("offered to authors"),
        default=True,
        help_text=_("Inactive topics stay on old petitions but are not offered for new ones."),
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
