"""Error pages in the reader's language: server error and CSRF failure (400, 403 and 404 are
Django's own handlers with templates/400.html, 403.html and 404.html)."""

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language, gettext

logger = logging.getLogger(__name__)


def server_error(request, template_name="500.html"):
    """The 500 page, rendered without the request's context: no database, no session, no user.

    LocaleMiddleware has already chosen the language. Should even that template fail, a bare
    page in the same language still says what happened, rather than a traceback or nothing.
    """
    try:
        body = loader.get_template(template_name).render({"LANGUAGE_CODE": get_language()})
    except Exception:
        # The error page must not fail in turn; what broke it is logged, not lost.
        logger.exception("The 500 page could not be rendered")
        body = (
            f'<!DOCTYPE html><html lang="{escape(get_language() or "kk")}"><meta charset="utf-8">'
            f"<title>Qoldau</title><h1>{escape(gettext('Something went wrong on our side'))}</h1>"
            f"<p>{escape(gettext('Please try again in a few minutes.'))}</p>"
            f'<p><a href="/">{escape(gettext("Go to the home page"))}</a></p></html>'
        )
    return HttpResponseServerError(body)


def csrf_failure(request, reason=""):
    """A form came back without its security token, or with a stale one (CSRF_FAILURE_VIEW).

    The reason is Django's developer message: logged by Django, never shown to the reader.
    """
    return HttpResponseForbidden(loader.render_to_string("csrf_failure.html", request=request))
