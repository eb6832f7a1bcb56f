"""Lookups shared by the views."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from petitions import selectors
from petitions.models import DECIDED_STATES, Petition, Status


def published_or_404(uid: str, select=selectors.published_petition):
    try:
        return select(uid)
    except Petition.DoesNotExist:
        raise Http404 from None


def reviewable_or_403(request, uid) -> Petition:
    """A petition routed to the signed-in official's body (sent or decided); 404 or 403 else."""
    routed = Petition.internal.filter(status__in=(Status.SENT, *DECIDED_STATES))
    petition = get_object_or_404(routed.select_related("agency", "author"), uid=uid)
    if not request.user.has_perm("petitions.review", petition):
        raise PermissionDenied(_("This petition is addressed to another state body."))
    return petition
