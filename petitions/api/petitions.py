"""Open-data endpoints for petitions, their counts by region and the published decisions."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from petitions import selectors
from petitions.api.csv_export import region_counts_csv
from petitions.api.pagination import Pages
from petitions.api.schemas import (
    DecisionListOut,
    Error,
    PetitionDetailOut,
    PetitionFilters,
    PetitionOut,
)
from petitions.models import Petition

router = Router(tags=["petitions"])


def petition_or_404(uid: str) -> Petition:
    try:
        return selectors.petition_open_data(uid)
    except Petition.DoesNotExist:
        raise HttpError(404, _("There is no published petition with this link code.")) from None


@router.get("/petitions", response={200: list[PetitionOut], 400: Error})
@paginate(Pages)
def petition_list(request, filters: Query[PetitionFilters]):
    """Publicly listed petitions, newest first; never drafts, ones in moderation, rejected ones
    or ones still reachable by their link only."""
    return selectors.petitions_open_data(
        status=filters.status or "",
        level=filters.level or "",
        region=filters.region or "",
        agency=filters.agency or "",
        query=filters.q or "",
        language=filters.language or "",
        topic=filters.topic or "",
    )


@router.get("/petitions/{uid}", response={200: PetitionDetailOut, 404: Error})
def petition_detail(request, uid: str):
    """One published petition, as its page shows it (by its link code even while unlisted)."""
    return petition_or_404(uid)


@router.get(
    "/petitions/{uid}/regions.csv",
    response={404: Error},
    openapi_extra={
        "responses": {
            200: {
                "description": "region_code, name_kk, name_ru, name_en, signatures; UTF-8 with "
                "a byte order mark.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def petition_regions_csv(request, uid: str):
    """Valid signatures by the signers' region, from the public log, as a CSV file."""
    petition = petition_or_404(uid)
    return region_counts_csv(petition.uid, petition.log_regions["regions"])


@router.get("/decisions", response={200: list[DecisionListOut], 400: Error}, tags=["decisions"])
@paginate(Pages)
def decision_list(request):
    """The state bodies' published decisions on listed petitions, newest first."""
    return selectors.decisions_published()
