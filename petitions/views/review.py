"""Officials: the agency's review dashboard and the head's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.mfa import second_factor_url, used_second_factor
from agencies.calendar import working_days_between, working_days_until
from agencies.selectors import official_of
from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms import DecisionForm, ReviewFilterForm
from petitions.models import DECIDED_STATES, Petition, Status


def _official_or_403(request):
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied(_("This page is for officials of state bodies."))
    return official


def _reviewable_or_403(request, uid) -> Petition:
    routed = Petition.internal.filter(status__in=(Status.SENT, *DECIDED_STATES))
    petition = get_object_or_404(routed.select_related("agency", "author"), uid=uid)
    if not request.user.has_perm("petitions.review", petition):
        raise PermissionDenied(_("This petition is addressed to another state body."))
    return petition


@login_required
def dashboard(request):
    official = _official_or_403(request)
    form = ReviewFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    petitions = list(selectors.agency_review_queue(official.agency, status=status))
    days_left = working_days_until(timezone.localdate(), [p.response_due for p in petitions])
    for petition in petitions:
        petition.working_days_left = days_left[petition.response_due]
    return render(
        request,
        "petitions/review/dashboard.html",
        {"official": official, "petitions": petitions, "form": form},
    )


@login_required
def review_detail(request, uid, decision_form=None):
    petition = _reviewable_or_403(request, uid)
    can_decide = (
        request.user.has_perm("petitions.decide", petition) and petition.status == Status.SENT
    )
    return render(
        request,
        "petitions/review/detail.html",
        {
            "petition": petition,
            "count": selectors.signature_count(petition),
            "working_days_left": working_days_between(timezone.localdate(), petition.response_due),
            "can_decide": can_decide,
            "second_factor_url": None
            if used_second_factor(request)
            else second_factor_url(request, reverse("petitions:review_detail", args=[uid])),
            "decision_form": decision_form or DecisionForm(),
        },
    )


@login_required
@require_POST
def decide(request, uid):
    petition = _reviewable_or_403(request, uid)
    if not request.user.has_perm("petitions.decide", petition):
        raise PermissionDenied(_("Only the head of the state body records its decision."))
    form = DecisionForm(request.POST)
    if not used_second_factor(request):
        form.add_error(None, _("Confirm it is you with your authenticator app first."))
    elif form.is_valid():
        try:
            services.decision_publish(petition=petition, head=request.user, **form.cleaned_data)
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision is published on the petition's page."))
            return redirect(petition)
    return review_detail(request, uid, decision_form=form)
