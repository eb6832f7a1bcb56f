"""Reads about an implementation plan and a petition's followers."""

from django.db.models import QuerySet

from petitions.models import Follow, Milestone, Petition


def is_following(petition: Petition, user) -> bool:
    if not user.is_authenticated:
        return False  # no query: the anonymous page is served from the cache alone
    return Follow.objects.filter(petition=petition, citizen=user).exists()


def petition_followers_to_mail(petition: Petition) -> QuerySet:
    """Followers with an e-mail address, but not the author (who is mailed anyway), by id."""
    return (
        Follow.objects.filter(petition=petition)
        .exclude(citizen_id=petition.author_id)
        .exclude(citizen__email="")
        .select_related("citizen")
        .order_by("pk")
    )


def plan_milestones(petition: Petition) -> list[Milestone]:
    return list(Milestone.objects.filter(petition=petition).order_by("due", "id"))


def milestones_remaining(milestones: list[Milestone]) -> int:
    return sum(1 for milestone in milestones if milestone.done_at is None)
