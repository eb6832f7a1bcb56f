"""The language switch: Django's set_language, remembered on the account of a signed-in user."""

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.services import is_interface_language, user_language_set


@csrf_exempt
@require_POST
def language_set(request):
    """Set the language cookie (Django's view) and, when signed in, the account's choice too.

    An anonymous visitor switches without a CSRF token, so that public pages carry none, set no
    cookie and can be cached publicly; the switch then changes only that browser's cookie.
    A signed-in user's choice is saved on the account, so it needs the token.
    """
    if request.user.is_authenticated:
        return _language_set_signed_in(request)
    return _language_set(request)


def _language_set(request):
    response = set_language(request)
    language = request.POST.get("language")
    if not is_interface_language(language):
        # Django's view takes any language it has a catalogue for; the portal offers four.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    elif request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    return response


_language_set_signed_in = csrf_protect(_language_set)


def language_sync_on_sign_in(request, response, user) -> None:
    """At sign-in the choice on this device and the account's agree: a choice made before
    signing in is kept on the account, else the account's choice comes to this device."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if is_interface_language(chosen):
        user_language_set(user=user, language=chosen)
    elif is_interface_language(user.preferred_language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
