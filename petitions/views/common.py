"""Lookups shared by the views."""

from django.http import Http404

from petitions import selectors
from petitions.models import Petition


def published_or_404(uid: str, select=selectors.published_petition):
    try:
        return select(uid)
    except Petition.DoesNotExist:
        raise Http404 from None
