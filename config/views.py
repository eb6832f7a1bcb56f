"""Error pages in the reader's language: server error, a dependency down, and CSRF failure
(400, 403 and 404 are Django's own handlers with templates/400.html, 403.html and 404.html)."""

import logging
import sys

import django.db
import kombu.exceptions
import redis.exceptions
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# A request that failed on one of these met a dependency that is down or restarting: the
# database, Redis (the cache where its errors are not ignored), or the task broker.
DEPENDENCY_DOWN = (
    django.db.OperationalError,
    django.db.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionInterrupted,
    kombu.exceptions.OperationalError,
)
# What a 503 asks the client to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 30


def server_error(request, template_name="500.html"):
    """The 500 page, or the 503 page when the error was a dependency being down (Django calls
    this handler while the exception is being handled, so sys.exc_info() names it).

    Rendered without the request's context: no database, no session, no user. LocaleMiddleware
    has already chosen the language. Should even that template fail, a bare page in the same
    language still says what happened, rather than a traceback or nothing.
    """
    if isinstance(sys.exc_info()[1], DEPENDENCY_DOWN):
        response = HttpResponse(_error_page("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(_error_page(template_name))


def _error_page(template_name: str) -> str:
    try:
        return loader.get_template(template_name).render({"LANGUAGE_CODE": get_language()})
    except Exception:
        # The error page must not fail in turn; what broke it is logged, not lost.
        logger.exception("The error page %s could not be rendered", template_name)
        return (
            f'<!DOCTYPE html><html lang="{escape(get_language() or "kk")}"><meta charset="utf-8">'
            f"<title>Qoldau</title><h1>{escape(gettext('Something went wrong on our side'))}</h1>"
            f"<p>{escape(gettext('Please try again in a few minutes.'))}</p>"
            f'<p><a href="/">{escape(gettext("Go to the home page"))}</a></p></html>'
        )


def csrf_failure(request, reason=""):
    """A form came back without its security token, or with a stale one (CSRF_FAILURE_VIEW).

    The reason is Django's developer message: logged by Django, never shown to the reader.
    """
    return HttpResponseForbidden(loader.render_to_string("csrf_failure.html", request=request))
