"""Signers: confirm, then sign; a second attempt or an ineligible signer gets a clear message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from petitions import selectors, services
from petitions.errors import AlreadySigned, PetitionError
from petitions.services.signing import ensure_can_sign
from petitions.views.common import published_or_404


def _why_not(petition, user) -> str | None:
    """The reason this user cannot sign now, or None."""
    if selectors.has_signed(petition, user):
        return str(AlreadySigned())
    try:
        ensure_can_sign(petition=petition, citizen=user)
    except (PetitionError, PermissionDenied) as refusal:
        return str(refusal)
    return None


@login_required
def petition_sign(request, uid):
    petition = published_or_404(uid)
    if request.method != "POST":
        problem = _why_not(petition, request.user)
        return render(request, "petitions/sign.html", {"petition": petition, "problem": problem})
    try:
        services.signature_create(petition=petition, citizen=request.user)
    except (PetitionError, PermissionDenied) as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, _("Thank you: your signature is counted."))
    return redirect(petition)
