"""Open-data endpoints for the state bodies that petitions are addressed to."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from agencies.models import Agency
from petitions.api.schemas import AgencyFilters, AgencyOut, Error

router = Router(tags=["agencies"])


def _agencies():
    return Agency.objects.select_related("parent").order_by("level", "region_id", "code")


@router.get("/agencies", response={200: list[AgencyOut], 400: Error})
def agency_list(request, filters: Query[AgencyFilters]):
    """Every state body, including those that no longer accept petitions."""
    agencies = _agencies()
    if filters.level:
        agencies = agencies.filter(level=filters.level)
    if filters.region:
        agencies = agencies.filter(region_id=filters.region)
    return agencies


@router.get("/agencies/{code}", response={200: AgencyOut, 404: Error})
def agency_detail(request, code: str):
    agency = _agencies().filter(code=code).first()
    if agency is None:
        raise HttpError(404, _("There is no state body with this code."))
    return agency
