"""Open-data endpoints for a petition's public signature log: the same answers as its JSON."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from petitions import selectors
from petitions.api.schemas import (
    ConsistencyOut,
    Error,
    InclusionOut,
    PetitionTreeHeadOut,
    TreeHeadsOut,
)
from petitions.models import Petition

router = Router(tags=["signature log"])

# As the log's JSON views take them: whole numbers of at most 12 digits.
MAX_NUMBER = 10**12 - 1
NUMBER = {"ge": 0, "le": MAX_NUMBER}


def _published(uid: str) -> Petition:
    """The petition as the log's JSON views find it (published, listed or not)."""
    try:
        return selectors.published_petition(uid)
    except Petition.DoesNotExist:
        raise HttpError(404, _("There is no published petition with this link code.")) from None


@router.get("/petitions/{uid}/log/head", response={200: PetitionTreeHeadOut, 404: Error})
def log_head(request, uid: str):
    """The latest signed tree head of the petition's log."""
    petition = _published(uid)
    head = selectors.log_latest_head(petition)
    if head is None:
        raise HttpError(404, _("This petition's log has no signed tree head yet."))
    return {"petition": petition.uid, **head}


@router.get("/petitions/{uid}/log/heads", response={200: TreeHeadsOut, 400: Error, 404: Error})
def log_heads(request, uid: str, after: int = Query(0, **NUMBER)):
    """Up to 1000 signed tree heads larger than `after`, smallest first."""
    petition = _published(uid)
    return {"petition": petition.uid, "tree_heads": selectors.log_heads(petition, after=after)}


@router.get("/petitions/{uid}/log/inclusion", response={200: InclusionOut, 400: Error, 404: Error})
def log_inclusion(
    request, uid: str, index: int = Query(..., **NUMBER), size: int = Query(..., **NUMBER)
):
    """The proof that leaf `index` is in the log of `size` leaves (RFC 6962)."""
    petition = _published(uid)
    try:
        return selectors.log_inclusion(petition, index=index, size=size)
    except ValueError as error:
        raise HttpError(400, str(error)) from None


@router.get(
    "/petitions/{uid}/log/consistency", response={200: ConsistencyOut, 400: Error, 404: Error}
)
def log_consistency(
    request, uid: str, first: int = Query(..., **NUMBER), second: int = Query(..., **NUMBER)
):
    """The proof that the log of `first` leaves is a prefix of the log of `second` (RFC 6962)."""
    petition = _published(uid)
    try:
        return selectors.log_consistency(petition, first=first, second=second)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
