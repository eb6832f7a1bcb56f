"""Response headers for the whole site: the Content-Security-Policy and Cache-Control."""

import re
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

# Pages that are someone's own or part of a signed-in task: never stored by any cache, even
# when they answer an anonymous visitor (a sign-in form, a redirect to it).
PRIVATE_PATHS = re.compile(
    r"^/(?:accounts|admin|moderation|review)/"
    r"|^/petitions/(?:new|mine)/"
    r"|^/petitions/[^/]+/redirect/"
    r"|^/p/[^/]+/(?:sign|follow|follow-emails|unfollow)/"
    r"|^/p/[^/]+/log/receipt\.json$"
    r"|^/i18n/"
)


def off_site_form_origins() -> list[str]:
    """Origins outside the portal that its forms post to: eGov's sign-in (allauth's provider
    form redirects there after the POST, which form-action also governs) and the EDS signing
    client. Read per request, so that the configured services are always the allowed ones."""
    origins = []
    for url in (settings.EGOV_OIDC_ISSUER, settings.EDS_SIGNING_CLIENT_URL):
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; form-action also allows the off-site services' origins."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origins = off_site_form_origins()
        if origins and not report_only:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            parts.update = update
        return parts


class CacheControlMiddleware:
    """Public caching for what anyone may see, no-store for everything else.

    A response may be kept by shared caches only when it answers a GET or HEAD of a visitor
    without a session (so anonymous), succeeded (200), sets no cookie (so embeds no CSRF token)
    and is not under PRIVATE_PATHS; it then varies on the cookies, so that a signed-in visitor
    never gets it. Any other response is `no-store, private`, whatever the view said: this one
    place decides what is public. It sits above SessionMiddleware and CsrfViewMiddleware, to
    see the cookies they set; static files never reach it (WhiteNoise, above, serves them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_public(request, response):
            response["Cache-Control"] = (
                f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE_SECONDS}, "
                f"stale-while-revalidate={settings.PUBLIC_CACHE_STALE_SECONDS}"
            )
            patch_vary_headers(response, ("Cookie",))
        else:
            # Added to what the view said (never_cache's stricter header stays), dropping public.
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def is_public(request, response) -> bool:
        session = getattr(request, "session", None)
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            # A page that embeds a CSRF token also sets (or refreshes) the CSRF cookie.
            and not response.cookies
            # Signing in, and anything kept for the visitor, starts a session.
            and (session is None or session.is_empty())
            and not PRIVATE_PATHS.match(request.path_info)
        )
