"""Redirecting a misaddressed petition: one page for moderators and the addressee's officials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from petitions import services
from petitions.errors import PetitionError
from petitions.forms.redirect import RedirectForm
from petitions.models import Petition
from petitions.rules import is_moderator


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def petition_redirect(request, uid):
    """The agency and reason form (GET changes nothing); the redirection itself (POST)."""
    petition = get_object_or_404(Petition.internal.select_related("agency", "author"), uid=uid)
    if not request.user.has_perm("petitions.redirect", petition):
        raise PermissionDenied(_("You cannot redirect this petition."))
    moderating = is_moderator(request.user)
    form = RedirectForm(request.POST or None, petition=petition)
    if request.method == "POST" and form.is_valid():
        try:
            services.petition_redirect(
                petition=petition,
                to_agency=form.cleaned_data["agency"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (PetitionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The petition is redirected to %(agency)s; the author has been told.")
                % {"agency": form.cleaned_data["agency"].name},
            )
            if moderating:
                return redirect("petitions:moderation_detail", uid=petition.uid)
            return redirect("petitions:dashboard")
    back = "petitions:moderation_detail" if moderating else "petitions:review_detail"
    return render(
        request,
        "petitions/redirect.html",
        {"petition": petition, "form": form, "back_url": reverse(back, args=[petition.uid])},
    )
