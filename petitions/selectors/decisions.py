"""Reads about decisions: the addressee's draft, the grounds for refusal, a signed decision."""

from django.db.models import QuerySet

from petitions.models import Decision, DecisionDraft, Petition, RefusalGround


def decision_draft_of(petition: Petition) -> DecisionDraft | None:
    """The addressee's draft decision on `petition` (internal), or None."""
    return (
        DecisionDraft.objects.select_related("drafted_by", "refusal_ground")
        .filter(petition=petition)
        .first()
    )


def refusal_grounds_active() -> QuerySet:
    """The grounds a head may cite in a refusal, in the administrators' order."""
    return RefusalGround.objects.filter(is_active=True)


def decision_signed(uid: str) -> Decision:
    """The EDS-signed decision on a published petition; raises Decision.DoesNotExist."""
    return Decision.objects.select_related("petition").get(
        petition__uid=uid,
        petition__in=Petition.internal.published(),
        eds_cms__isnull=False,
    )
