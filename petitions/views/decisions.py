"""The decision: an official saves the draft, the head publishes it (with the authenticator's
second factor, or signed with an EDS), and anyone downloads the signed statement to check it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.eds.storage import open_bytes
from accounts.mfa import second_factor_url, used_second_factor
from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms import EDSSignatureForm
from petitions.forms.decisions import DecisionDraftForm, DecisionForm
from petitions.models import Decision, Petition, Status
from petitions.services.decisions import DRAFT_FIELDS
from petitions.statement import decision_statement_for, masked_statement
from petitions.views.common import reviewable_or_403
from petitions.views.review import review_page


def _need_second_factor(form) -> None:
    form.add_error(None, _("Confirm it is you with your authenticator app first."))


def _back_to_review(uid):
    return redirect(reverse("petitions:review_detail", args=[uid]) + "#decision")


def _head_or_403(request, uid) -> Petition:
    petition = reviewable_or_403(request, uid)
    if not request.user.has_perm("petitions.decide", petition):
        raise PermissionDenied(_("Only the head of the state body publishes its decision."))
    return petition


@login_required
@require_POST
def draft_save(request, uid):
    """Any official of the addressee saves the draft; it is not public and publishes nothing."""
    petition = reviewable_or_403(request, uid)
    if not request.user.has_perm("petitions.draft_decision", petition):
        raise PermissionDenied(_("The decision can be drafted only while the petition awaits it."))
    form = DecisionDraftForm(request.POST)
    if form.is_valid():
        try:
            services.decision_draft_save(
                petition=petition, official=request.user, **form.cleaned_data
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The draft is saved. It is not public: only the head can publish the decision."),
            )
            return _back_to_review(uid)
    return review_page(request, petition, decision_form=form)


@login_required
@require_POST
def publish(request, uid):
    """The head publishes the decision with the authenticator's second factor."""
    petition = reviewable_or_403(request, uid)
    form = DecisionForm(request.POST)
    if not request.user.has_perm("petitions.decide", petition):
        # Shown back with what was typed, so that nothing is lost: it can be saved as a draft.
        form.is_valid()
        form.add_error(
            None,
            _(
                "Only the head of the state body publishes its decision. Nothing was "
                "published; save your text as a draft for the head."
            ),
        )
        return review_page(request, petition, decision_form=form, status=403)
    if not used_second_factor(request):
        _need_second_factor(form)
    elif form.is_valid():
        draft = selectors.decision_draft_of(petition)
        try:
            services.decision_publish(
                petition=petition,
                head=request.user,
                drafted_by=draft.drafted_by if draft else None,
                **form.cleaned_data,
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision is published on the petition's page."))
            return redirect(petition)
    return review_page(request, petition, decision_form=form)


def _draft_fields(draft) -> dict:
    return {name: getattr(draft, name) for name in DRAFT_FIELDS}


def _sign_page(request, petition, draft, *, eds_form=None, status=200):
    try:
        services.decision_check(petition=petition, head=request.user, **_draft_fields(draft))
    except PetitionError as error:
        problem = str(error)
    else:
        problem = None
    if eds_form is None:
        statement = decision_statement_for(petition, draft, request.user, timezone.now())
        eds_form = EDSSignatureForm(initial={"statement": statement})
    back = reverse("petitions:decision_sign_eds", args=[petition.uid])
    context = {
        "petition": petition,
        "draft": draft,
        "problem": problem,
        "eds_form": eds_form,
        "statement": eds_form["statement"].value(),
        "signing_client_url": settings.EDS_SIGNING_CLIENT_URL,
        "signing_client_return_to": request.build_absolute_uri(back),
        "second_factor_url": None
        if used_second_factor(request)
        else second_factor_url(request, reverse("petitions:decision_sign", args=[petition.uid])),
    }
    return render(request, "petitions/decisions/sign.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, uid):
    """POST: the head's form, checked and kept as the draft; GET: the statement to sign."""
    petition = _head_or_403(request, uid)
    if petition.status != Status.SENT:
        messages.warning(request, _("The decision on this petition is already published."))
        return redirect(petition)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if not used_second_factor(request):
            _need_second_factor(form)
        elif form.is_valid():
            fields = form.cleaned_data
            try:
                services.decision_check(petition=petition, head=request.user, **fields)
                services.decision_draft_save(petition=petition, official=request.user, **fields)
            except PetitionError as error:
                form.add_error(None, str(error))
            else:
                return redirect("petitions:decision_sign", uid=uid)
        return review_page(request, petition, decision_form=form)
    draft = selectors.decision_draft_of(petition)
    if draft is None:
        messages.warning(request, _("Fill in the decision first, then sign it."))
        return _back_to_review(uid)
    return _sign_page(request, petition, draft)


# The signing client posts here from its own origin, so Django's CSRF token cannot come with
# it. None is needed: the CMS over a fresh statement naming this decision and this head can
# only be made with the head's own key (petitions/views/signing.py does the same).
@csrf_exempt
@require_POST
@login_required
def sign_eds(request, uid):
    """The head's EDS over the draft's statement: verified, then the draft is published."""
    petition = _head_or_403(request, uid)
    draft = selectors.decision_draft_of(petition)
    if petition.status != Status.SENT:
        messages.warning(request, _("The decision on this petition is already published."))
        return redirect(petition)
    if draft is None:
        messages.warning(request, _("Fill in the decision first, then sign it."))
        return _back_to_review(uid)
    form = EDSSignatureForm(request.POST, request.FILES)
    if not used_second_factor(request):
        _need_second_factor(form)
    elif form.is_valid():
        try:
            services.decision_publish(
                petition=petition,
                head=request.user,
                drafted_by=draft.drafted_by,
                eds_statement=form.cleaned_data["statement"],
                eds_cms=form.cleaned_data["signature"],
                **_draft_fields(draft),
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The decision is published on the petition's page, signed with your EDS."),
            )
            return redirect(petition)
    return _sign_page(request, petition, draft, eds_form=form, status=400)


def _signed_or_404(uid) -> Decision:
    try:
        return selectors.decision_signed(uid)
    except Decision.DoesNotExist:
        raise Http404 from None


def _may_see_certificate(user, petition) -> bool:
    # The CMS embeds the head's certificate, whose subject holds the head's IIN.
    return user.has_perm("petitions.moderate") or user.has_perm("petitions.review", petition)


def signed_statement(request, uid):
    """The statement the head signed, for anyone to read; byte for byte for staff (an old
    statement's IIN is masked for the public, who cannot check the CMS anyway)."""
    decision = _signed_or_404(uid)
    statement = decision.eds_statement
    if not _may_see_certificate(request.user, decision.petition):
        statement = masked_statement(statement)
    response = HttpResponse(statement, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="decision-{uid}.txt"'
    return response


def signed_cms(request, uid):
    """The head's detached CMS (DER) over that statement: staff only, as it holds the IIN."""
    decision = _signed_or_404(uid)
    if not _may_see_certificate(request.user, decision.petition):
        raise Http404
    response = HttpResponse(
        open_bytes(decision.eds_cms), content_type="application/pkcs7-signature"
    )
    response["Content-Disposition"] = f'attachment; filename="decision-{uid}.p7s"'
    return response
