"""Moderators: the queue of submitted petitions; publish, or reject with a listed reason;
invalidate a fraudulent signature of a published petition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agencies.selectors import region_choices
from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms import RejectForm, SignatureInvalidateForm, SignatureLookupForm
from petitions.models import PUBLISHED_STATES, Petition


def moderator_required(view):
    """Signed out: to the sign-in page and back. Signed in without the permission: 403."""
    return login_required(permission_required("petitions.moderate", raise_exception=True)(view))


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
        {
            "petition": petition,
            "reject_form": reject_form or RejectForm(),
            "moderation_deadline": selectors.moderation_deadline(petition),
            "collects_signatures": petition.status in PUBLISHED_STATES,
        },
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


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_invalidate(request, uid):
    """Find a signature by its public log entry (GET, changes nothing); invalidate it (POST)."""
    petition = get_object_or_404(Petition.internal.published(), uid=uid)
    if request.method == "POST":
        lookup = SignatureLookupForm(request.POST, petition=petition)
        form = SignatureInvalidateForm(request.POST)
        if lookup.is_valid() and form.is_valid():
            leaf = lookup.cleaned_data["leaf"]
            try:
                services.signature_invalidate(
                    signature=leaf.signature,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except (PetitionError, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                count = selectors.signature_count(petition)
                messages.success(
                    request,
                    ngettext(
                        "The signature at position %(index)d is invalidated. "
                        "The petition now counts %(count)d signature.",
                        "The signature at position %(index)d is invalidated. "
                        "The petition now counts %(count)d signatures.",
                        count,
                    )
                    % {"index": leaf.index, "count": count},
                )
                url = reverse("petitions:invalidate", args=[petition.uid])
                return redirect(f"{url}?{urlencode({'reference': leaf.index})}")
    else:
        lookup = SignatureLookupForm(
            request.GET if "reference" in request.GET else None, petition=petition
        )
        form = SignatureInvalidateForm()
    leaf = lookup.cleaned_data["leaf"] if lookup.is_valid() else None
    return render(
        request,
        "petitions/moderation/invalidate.html",
        {
            "petition": petition,
            "lookup_form": lookup,
            "form": form,
            "leaf": leaf,
            "invalidation": getattr(leaf.signature, "invalidation", None) if leaf else None,
            "region_name": dict(region_choices()).get(leaf.signature.region_code) if leaf else "",
        },
    )
