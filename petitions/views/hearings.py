"""Officials: schedule, move or cancel the public hearing; its minutes; the commission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms.hearings import CommissionMemberForm, HearingForm, MinutesForm
from petitions.models import CommissionMember, Hearing, Petition
from petitions.views.common import reviewable_or_403


def _in_work_or_403(request, uid) -> Petition:
    petition = reviewable_or_403(request, uid)
    if not request.user.has_perm("petitions.arrange_hearings", petition):
        raise PermissionDenied(
            _(
                "Hearings and the commission can be arranged only while the state body "
                "considers the petition or carries out its acceptance."
            )
        )
    return petition


def _hearing_or_404(petition: Petition, pk: int) -> Hearing:
    try:
        return selectors.hearing_of(petition, pk)
    except Hearing.DoesNotExist:
        raise Http404 from None


def _back(uid):
    return redirect("petitions:review_detail", uid=uid)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, uid):
    petition = _in_work_or_403(request, uid)
    form = HearingForm(request.POST or None)
    if form.is_valid():
        try:
            services.hearing_schedule(petition=petition, official=request.user, **form.cleaned_data)
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The hearing is scheduled and shown on the petition's page.")
            )
            return _back(uid)
    return render(
        request,
        "petitions/hearings/schedule.html",
        {"petition": petition, "form": form, "upcoming": selectors.hearing_upcoming(petition)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request, uid, pk):
    petition = _in_work_or_403(request, uid)
    hearing = _hearing_or_404(petition, pk)
    initial = {
        "starts_at": hearing.starts_at,
        "place": hearing.place,
        "online_url": hearing.online_url,
        "agenda": hearing.agenda,
    }
    form = HearingForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.hearing_reschedule(hearing=hearing, official=request.user, **form.cleaned_data)
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The hearing is moved; the author has been told."))
            return _back(uid)
    return render(
        request,
        "petitions/hearings/reschedule.html",
        {"petition": petition, "hearing": hearing, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, uid, pk):
    petition = reviewable_or_403(request, uid)
    hearing = _hearing_or_404(petition, pk)
    if request.method == "POST":
        try:
            services.hearing_cancel(hearing=hearing, official=request.user)
        except PetitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The hearing is cancelled; the author has been told."))
        return _back(uid)
    return render(
        request, "petitions/hearings/cancel.html", {"petition": petition, "hearing": hearing}
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, uid, pk):
    petition = reviewable_or_403(request, uid)
    hearing = _hearing_or_404(petition, pk)
    form = MinutesForm(request.POST or None)
    if form.is_valid():
        try:
            services.hearing_minutes_attach(
                hearing=hearing, official=request.user, **form.cleaned_data
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The minutes are published on the petition's page."))
            return _back(uid)
    return render(
        request,
        "petitions/hearings/minutes.html",
        {"petition": petition, "hearing": hearing, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commission(request, uid):
    petition = reviewable_or_403(request, uid)
    can_arrange = request.user.has_perm("petitions.arrange_hearings", petition)
    form = CommissionMemberForm(request.POST or None)
    if request.method == "POST":
        if not can_arrange:
            raise PermissionDenied(
                _("The commission can be changed only while the state body works on the petition.")
            )
        if form.is_valid():
            try:
                member = services.commission_member_add(
                    petition=petition, official=request.user, **form.cleaned_data
                )
            except PetitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is added to the commission.") % {"name": member.name},
                )
                return redirect("petitions:commission", uid=uid)
    return render(
        request,
        "petitions/hearings/commission.html",
        {
            "petition": petition,
            "members": selectors.commission_of(petition),
            "form": form,
            "can_arrange": can_arrange,
        },
    )


@login_required
@require_POST
def commission_remove(request, uid, pk):
    petition = _in_work_or_403(request, uid)
    try:
        member = selectors.commission_member_of(petition, pk)
    except CommissionMember.DoesNotExist:
        raise Http404 from None
    try:
        services.commission_member_remove(member=member, official=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s is removed from the commission.") % {"name": member.name}
        )
    return redirect("petitions:commission", uid=uid)
