"""Authors: file a petition, review the draft, submit it, follow their petitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.eligibility import NotEligible, ensure_can_participate
from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms import PetitionForm
from petitions.models import Petition


@login_required
def petition_new(request):
    try:
        ensure_can_participate(request.user)
    except NotEligible as refusal:
        return render(request, "petitions/new.html", {"problem": str(refusal)}, status=403)
    form = PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_create(author=request.user, **form.cleaned_data)
        except (PetitionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect("petitions:draft", uid=petition.uid)
    return render(
        request,
        "petitions/new.html",
        {"form": form, "prohibited_topics": selectors.prohibited_topics()},
    )


def _own_petition(request, uid) -> Petition:
    try:
        return selectors.petition_for_author(uid=uid, author=request.user)
    except Petition.DoesNotExist:
        raise Http404 from None


@login_required
def petition_draft(request, uid):
    petition = _own_petition(request, uid)
    return render(request, "petitions/draft.html", {"petition": petition})


@login_required
@require_POST
def petition_submit(request, uid):
    petition = _own_petition(request, uid)
    try:
        services.petition_submit(petition=petition, author=request.user)
    except (PetitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your petition has been submitted. Moderators will review it."))
    return redirect("petitions:draft", uid=petition.uid)


@login_required
def my_petitions(request):
    return render(
        request,
        "petitions/mine.html",
        {"petitions": selectors.petitions_of_author(request.user)},
    )
