"""Citizens: follow a petition choosing which e-mails they get, change that choice, or stop
following it (POST forms on its page)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import services
from petitions.errors import PetitionError
from petitions.forms.follow import FollowForm
from petitions.models import Follow
from petitions.views.common import published_or_404


def _signed_in_or_login(request, petition):
    # After signing in the visitor comes back to the petition's page, not to this POST-only URL.
    if not request.user.is_authenticated:
        return redirect_to_login(petition.get_absolute_url())
    return None


def _follow(request, petition, *, success: str):
    # A form without the choice (a page from before the choice existed) means every update.
    data = request.POST if "emails" in request.POST else {"emails": Follow.Emails.EVERY_UPDATE}
    form = FollowForm(data)
    if not form.is_valid():
        messages.error(request, _("Choose which e-mails you want to get."))
        return redirect(petition)
    try:
        follow = services.follow_create(
            petition=petition, citizen=request.user, emails=form.cleaned_data["emails"]
        )
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        if follow.emails == Follow.Emails.NONE:
            success = _("You follow this petition without e-mails: it is in “My petitions”.")
        messages.success(request, success)
    return redirect(petition)


@require_POST
def follow(request, uid):
    petition = published_or_404(uid)
    if login := _signed_in_or_login(request, petition):
        return login
    return _follow(
        request,
        petition,
        success=_("You follow this petition: we will e-mail you about the state body's work."),
    )


@require_POST
def follow_emails(request, uid):
    """Change which e-mails a follower gets (following the petition if they did not yet)."""
    petition = published_or_404(uid)
    if login := _signed_in_or_login(request, petition):
        return login
    return _follow(request, petition, success=_("Your choice of e-mails is saved."))


@require_POST
def unfollow(request, uid):
    petition = published_or_404(uid)
    if login := _signed_in_or_login(request, petition):
        return login
    services.follow_delete(petition=petition, citizen=request.user)
    messages.success(request, _("You no longer follow this petition."))
    return redirect(petition)
