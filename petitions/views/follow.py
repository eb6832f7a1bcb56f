"""Citizens: follow a petition, or stop following it (POST buttons on its page)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import services
from petitions.errors import PetitionError
from petitions.views.common import published_or_404


def _signed_in_or_login(request, petition):
    # After signing in the visitor comes back to the petition's page, not to this POST-only URL.
    if not request.user.is_authenticated:
        return redirect_to_login(petition.get_absolute_url())
    return None


@require_POST
def follow(request, uid):
    petition = published_or_404(uid)
    if login := _signed_in_or_login(request, petition):
        return login
    try:
        services.follow_create(petition=petition, citizen=request.user)
    except PetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("You follow this petition: we will e-mail you about the state body's work.")
        )
    return redirect(petition)


@require_POST
def unfollow(request, uid):
    petition = published_or_404(uid)
    if login := _signed_in_or_login(request, petition):
        return login
    services.follow_delete(petition=petition, citizen=request.user)
    messages.success(request, _("You no longer follow this petition."))
    return redirect(petition)
