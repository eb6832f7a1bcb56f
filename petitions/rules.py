"""Who may do what with a petition: django-rules predicates and the permissions built on them."""

import rules

from agencies.rules import is_head_of_agency, is_official_of_agency
from petitions.models.petition import Status

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


# Redirecting a misaddressed petition (petitions/services/redirect.py): moderators while it is
# in moderation or with the addressee, the addressee's own officials once it has arrived.
@rules.predicate
def is_in_moderation_or_sent(user, petition) -> bool:
    return petition is not None and petition.status in (Status.MODERATION, Status.SENT)


@rules.predicate
def is_sent(user, petition) -> bool:
    return petition is not None and petition.status == Status.SENT


can_redirect = (is_moderator & is_in_moderation_or_sent) | (is_official_of_addressee & is_sent)

rules.add_perm("petitions.redirect", can_redirect)
# The law's authorised body enters petitions and signature sheets received on paper.
rules.add_perm("petitions.enter_paper", is_moderator)


# The implementation plan (petitions/services/plan.py): the addressee's officials, once accepted.
@rules.predicate
def is_accepted(user, petition) -> bool:
    return petition is not None and petition.status == Status.ACCEPTED


rules.add_perm("petitions.work_on_plan", is_official_of_addressee & is_accepted)


# Public hearings and the commission (petitions/services/hearings.py): the addressee's officials,
# while the body considers the petition and while it carries out an acceptance.
@rules.predicate
def is_in_work(user, petition) -> bool:
    return petition is not None and petition.status in (Status.SENT, Status.ACCEPTED)


rules.add_perm("petitions.arrange_hearings", is_official_of_addressee & is_in_work)


# The decision (petitions/services/decisions.py): any official of the addressee drafts it while
# the petition awaits it; only the head publishes it ("petitions.decide" above).
rules.add_perm("petitions.draft_decision", is_official_of_addressee & is_sent)
