"""Who may do what with a petition: django-rules predicates and the permissions built on them."""

import rules

from agencies.rules import is_head_of_agency, is_official_of_agency

MODERATE_PERMISSION = "petitions.moderate_petition"  # a Django permission, granted via groups


@rules.predicate
def is_moderator(user) -> bool:
    return user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


@rules.predicate
def is_official_of_addressee(user, petition) -> bool:
    return petition is not None and is_official_of_agency(user, petition.agency)


@rules.predicate
def is_head_of_addressee(user, petition) -> bool:
    return petition is not None and is_head_of_agency(user, petition.agency)


@rules.predicate
def is_author(user, petition) -> bool:
    return petition is not None and user.is_authenticated and petition.author_id == user.pk


def can_moderate(user) -> bool:
    return is_moderator(user)


rules.add_perm("petitions.moderate", is_moderator)
rules.add_perm("petitions.review", is_official_of_addressee)
rules.add_perm("petitions.decide", is_head_of_addressee)
