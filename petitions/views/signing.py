"""Signers: confirm, then sign; a second attempt or an ineligible signer gets a clear message.

A signature is either sign-in only (eGov vouched for the signer) or carries an electronic
digital signature (EDS) over a statement; a petition can demand the second kind.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.audit.context import client_address
from petitions import limits, proof_of_work, selectors, services
from petitions.errors import AlreadySigned, PetitionError
from petitions.forms import EDSSignatureForm
from petitions.services.signing import ensure_can_sign
from petitions.statement import statement_for
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


def _proof_of_work(request, petition, unproven):
    """The check on the confirmation form, when this address signs like a bot."""
    if not proof_of_work.enabled():
        return None
    if unproven or limits.signing_looks_automated(request):
        return proof_of_work.context(request, purpose=f"sign:{petition.uid}")
    return None


def _page(request, petition, *, eds_form=None, unproven=None, status=200):
    if eds_form is None:
        statement = statement_for(petition, request.user, timezone.now())
        eds_form = EDSSignatureForm(initial={"statement": statement})
    back = reverse("petitions:sign_eds", args=[petition.uid])
    context = {
        "petition": petition,
        "problem": _why_not(petition, request.user),
        "eds_form": eds_form,
        "statement": eds_form["statement"].value(),
        "signing_client_url": settings.EDS_SIGNING_CLIENT_URL,
        "signing_client_return_to": request.build_absolute_uri(back),
        "proof_of_work": _proof_of_work(request, petition, unproven),
        "unproven": unproven,
    }
    return render(request, "petitions/sign.html", context, status=status)


def _sign(request, petition, eds=None):
    try:
        services.signature_create(
            petition=petition,
            citizen=request.user,
            eds=eds,
            address=client_address(request),
        )
    except (PetitionError, PermissionDenied) as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(
            request,
            _("Thank you: your signature is counted, with your verified EDS.")
            if eds
            else _("Thank you: your signature is counted."),
        )
    return redirect(petition)


@login_required
def petition_sign(request, uid):
    """The confirmation page (GET), and a signature without an EDS (POST)."""
    if request.method != "POST":
        return _page(request, published_or_404(uid))
    limited, automated = limits.signing_attempt(request, uid)
    if limited:
        return _limited(request, uid, limited)
    petition = published_or_404(uid)
    # Signatures with an EDS skip it: they come from the signing client's origin, and only the
    # citizen's own key can make one.
    if (
        automated
        and proof_of_work.enabled()
        and (unproven := proof_of_work.refusal(request, purpose=f"sign:{petition.uid}"))
    ):
        return _page(request, petition, unproven=unproven, status=400)
    return _sign(request, petition)


def _limited(request, uid, limited):
    """429, unless the signer only pressed the button twice: then the usual message."""
    petition = published_or_404(uid)
    if selectors.has_signed(petition, request.user):
        messages.warning(request, str(AlreadySigned()))
        return redirect(petition)
    reason = _(
        "Many signatures have come from your internet connection or your account in a short"
        " time. To stop automated signing, the portal accepts only a few at a time. Your"
        " signature has not been recorded."
    )
    return limits.limited_response(request, limited, reason=reason, back=petition)


# The signing client posts here from its own origin, so Django's CSRF token cannot come with
# it. None is needed: the CMS over a fresh statement naming this petition and this citizen
# can only be made with the citizen's own key, which is a stronger proof of intent.
@csrf_exempt
@require_POST
@login_required
def petition_sign_eds(request, uid):
    """A signature with an EDS: the statement and its CMS, from the signing client or pasted."""
    # Before the costly verification of the EDS.
    if limited := limits.signing_limited(request, uid):
        return _limited(request, uid, limited)
    petition = published_or_404(uid)
    form = EDSSignatureForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, petition, eds_form=form, status=400)
    try:
        eds = services.eds_proof_verify(
            petition=petition,
            citizen=request.user,
            statement=form.cleaned_data["statement"],
            cms=form.cleaned_data["signature"],
        )
    except PetitionError as refusal:
        form.add_error(None, str(refusal))
        return _page(request, petition, eds_form=form, status=400)
    return _sign(request, petition, eds)
