"""Citizens follow a published petition to be told of the state body's work on it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from petitions.errors import PetitionError
from petitions.models import PUBLISHED_STATES, Follow, Petition


@transaction.atomic
def follow_create(
    *, petition: Petition, citizen, emails: str = Follow.Emails.EVERY_UPDATE
) -> Follow:
    """Follow `petition` with the e-mails chosen (Follow.Emails); following it again only
    changes that choice (one row per citizen)."""
    if not citizen.is_authenticated:
        raise PermissionDenied(_("Sign in to follow a petition."))
    if petition.status not in PUBLISHED_STATES:
        raise PetitionError(_("Only published petitions can be followed."))
    if emails not in Follow.Emails.values:
        raise PetitionError(_("Choose which e-mails you want to get."))
    # The unique (petition, citizen) key decides, also between two clicks at once.
    Follow.objects.bulk_create(
        [Follow(petition=petition, citizen=citizen, emails=emails)],
        update_conflicts=True,
        unique_fields=["petition", "citizen"],
        update_fields=["emails"],
    )
    return Follow.objects.get(petition=petition, citizen=citizen)


@transaction.atomic
def follow_delete(*, petition: Petition, citizen) -> bool:
    """Stop following `petition`; True if the citizen was following it."""
    if not citizen.is_authenticated:
        raise PermissionDenied(_("Sign in to follow a petition."))
    deleted, _rows = Follow.objects.filter(petition=petition, citizen=citizen).delete()
    return deleted > 0
