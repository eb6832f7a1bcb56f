"""Reads for the officials' pages about a petition's hearings and commission."""

from django.utils import timezone

from petitions.models import CommissionMember, Hearing, Petition


def hearings_of(petition: Petition) -> list[Hearing]:
    """Every hearing of the petition, cancelled ones included, earliest first."""
    return list(Hearing.objects.filter(petition=petition).order_by("starts_at", "pk"))


def hearing_of(petition: Petition, hearing_id: int) -> Hearing:
    """One hearing of the petition; raises Hearing.DoesNotExist for another petition's."""
    hearing = Hearing.objects.get(petition=petition, pk=hearing_id)
    hearing.petition = petition
    return hearing


def hearing_upcoming(petition: Petition) -> Hearing | None:
    return (
        Hearing.objects.filter(
            petition=petition, cancelled_at__isnull=True, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )


def commission_of(petition: Petition) -> list[CommissionMember]:
    return list(CommissionMember.objects.filter(petition=petition).order_by("order", "pk"))


def commission_member_of(petition: Petition, member_id: int) -> CommissionMember:
    """One member of the petition's commission; raises CommissionMember.DoesNotExist otherwise."""
    member = CommissionMember.objects.get(petition=petition, pk=member_id)
    member.petition = petition
    return member
