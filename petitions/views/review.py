"""Officials: the agency's review dashboard and the review page of a petition."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mfa import second_factor_url, used_second_factor
from agencies.calendar import working_days_between
from agencies.selectors import official_of
from petitions import selectors
from petitions.forms.deadlines import ReviewFilterForm
from petitions.forms.decisions import DecisionDraftForm, draft_initial
from petitions.views.common import reviewable_or_403


def _official_or_403(request):
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied(_("This page is for officials of state bodies."))
    return official


@login_required
def dashboard(request):
    official = _official_or_403(request)
    form = ReviewFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    petitions = list(selectors.agency_review_queue(official.agency, state=state))
    escalated = list(selectors.agency_escalated_petitions(official.agency))
    selectors.with_working_days_left([*petitions, *escalated])
    return render(
        request,
        "petitions/review/dashboard.html",
        {"official": official, "petitions": petitions, "escalated": escalated, "form": form},
    )


@login_required
def review_detail(request, uid):
    return review_page(request, reviewable_or_403(request, uid))


def review_page(request, petition, *, decision_form=None, status=200):
    """The review page of `petition`; the decision views show it again with their bound form."""
    return render(
        request,
        "petitions/review/detail.html",
        {
            "petition": petition,
            "count": selectors.signature_count(petition),
            "working_days_left": working_days_between(timezone.localdate(), petition.response_due),
            **decision_context(request, petition, decision_form),
        },
        status=status,
    )


def eds_available() -> bool:
    """Whether the head can sign a decision with an EDS here: something verifies it."""
    return bool(settings.EDS_TRUST_ROOTS or settings.EDS_GOST_VERIFIER)


def decision_context(request, petition, form=None) -> dict:
    """The decision part of the review page: the draft form, and the head's publish buttons."""
    can_draft = request.user.has_perm("petitions.draft_decision", petition)
    can_decide = can_draft and request.user.has_perm("petitions.decide", petition)
    draft = selectors.decision_draft_of(petition) if can_draft else None
    if form is None and can_draft:
        form = DecisionDraftForm(initial=draft_initial(draft))
    back = reverse("petitions:review_detail", args=[petition.uid]) + "#decision"
    return {
        "can_draft": can_draft,
        "can_decide": can_decide,
        "decision_draft": draft,
        "decision_form": form,
        "second_factor_url": None
        if used_second_factor(request)
        else second_factor_url(request, back),
        "eds_available": eds_available(),
        "decisions_require_eds": settings.DECISIONS_REQUIRE_EDS,
    }
