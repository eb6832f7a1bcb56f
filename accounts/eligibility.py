"""Who may file and sign: adult citizens, and residents of the region for local addressees."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class NotEligible(PermissionDenied):
    """The citizen may not take this action; the message says why, in the user's language."""


def ensure_can_participate(user) -> None:
    """Raise NotEligible unless the user may file or sign petitions at all."""
    if not user.is_authenticated:
        raise NotEligible(_("Please sign in with your IIN first."))
    if not user.identity_verified:
        raise NotEligible(
            _(
                "Please sign in through eGov once, so that we know your age, citizenship "
                "and region from the state's records."
            )
        )
    if not user.is_citizen:
        raise NotEligible(_("Only citizens of Kazakhstan may file and sign petitions."))
    if not user.is_adult():
        raise NotEligible(_("Only citizens aged 18 or over may file and sign petitions."))


def ensure_resident(user, region_code: str | None) -> None:
    """Raise NotEligible unless the user lives in region_code (None means a republic-level body)."""
    if region_code and user.region_code != region_code:
        raise NotEligible(
            _(
                "This petition is addressed to a local body: only residents of its region "
                "may sign it."
            )
        )
