"""Officials: an accepted petition's implementation plan, its progress, and "implemented"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms.plan import MilestonesForm, ProgressUpdateForm
from petitions.models import Milestone, Petition
from petitions.views.common import reviewable_or_403


def _plan_or_403(request, uid) -> Petition:
    petition = reviewable_or_403(request, uid)
    if not request.user.has_perm("petitions.work_on_plan", petition):
        raise PermissionDenied(
            _("The implementation plan can be worked on only while the petition is accepted.")
        )
    return petition


@login_required
@require_http_methods(["GET", "POST"])
def milestones_add(request, uid):
    petition = _plan_or_403(request, uid)
    form = MilestonesForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.milestones_add(
                petition=petition,
                official=request.user,
                milestones=form.cleaned_data["milestones"],
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The milestones are published on the petition's page."))
            return redirect("petitions:review_detail", uid=uid)
    return render(
        request,
        "petitions/plan/milestones.html",
        {"petition": petition, "form": form, "milestones": selectors.plan_milestones(petition)},
    )


@login_required
@require_POST
def milestone_done(request, uid, pk):
    petition = _plan_or_403(request, uid)
    milestone = get_object_or_404(Milestone, pk=pk, petition=petition)
    try:
        services.milestone_mark_done(milestone=milestone, official=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The milestone “%(title)s” is marked as done.") % {"title": milestone.title}
        )
    return redirect("petitions:review_detail", uid=uid)


@login_required
@require_http_methods(["GET", "POST"])
def progress_update(request, uid):
    petition = _plan_or_403(request, uid)
    data = request.POST if request.method == "POST" else None
    form = ProgressUpdateForm(data, petition=petition)
    if form.is_valid():
        try:
            services.progress_update_post(
                petition=petition, official=request.user, **form.cleaned_data
            )
        except PetitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The progress update is published."))
            return redirect("petitions:review_detail", uid=uid)
    return render(request, "petitions/plan/progress.html", {"petition": petition, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mark_implemented(request, uid):
    petition = _plan_or_403(request, uid)
    error = None
    if request.method == "POST":
        try:
            services.petition_mark_implemented(petition=petition, official=request.user)
        except PetitionError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The petition is marked implemented."))
            return redirect("petitions:review_detail", uid=uid)
    milestones = selectors.plan_milestones(petition)
    return render(
        request,
        "petitions/plan/implemented.html",
        {
            "petition": petition,
            "milestones": milestones,
            "remaining": selectors.milestones_remaining(milestones),
            "error": error,
        },
    )
