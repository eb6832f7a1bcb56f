"""Moderators: the queue of submitted petitions; publish, or reject with a listed reason."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms import RejectForm
from petitions.models import Petition

moderator_required = permission_required("petitions.moderate", raise_exception=True)


@moderator_required
def moderation_queue(request):
    return render(
        request, "petitions/moderation/queue.html", {"petitions": selectors.moderation_queue()}
    )


@moderator_required
def moderation_detail(request, uid, reject_form=None):
    petition = get_object_or_404(Petition.internal.select_related("agency", "author"), uid=uid)
    return render(
        request,
        "petitions/moderation/detail.html",
        {"petition": petition, "reject_form": reject_form or RejectForm()},
    )


@moderator_required
@require_POST
def moderation_publish(request, uid):
    petition = get_object_or_404(Petition.internal, uid=uid)
    try:
        services.petition_publish(petition=petition, moderator=request.user)
    except (PetitionError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("petitions:moderation_detail", uid=uid)
    messages.success(request, _("The petition is published."))
    return redirect("petitions:moderation_queue")


@moderator_required
@require_POST
def moderation_reject(request, uid):
    petition = get_object_or_404(Petition.internal, uid=uid)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return moderation_detail(request, uid, reject_form=form)
    try:
        services.petition_reject(
            petition=petition,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except (PetitionError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("petitions:moderation_detail", uid=uid)
    messages.success(request, _("The petition is rejected; the author has been told why."))
    return redirect("petitions:moderation_queue")
