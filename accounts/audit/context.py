"""Where the current request comes from, for the audit entries written while serving it.

Services take the acting user as an argument; the address is ambient, set by
AuditContextMiddleware and empty in jobs and commands.
"""

from contextvars import ContextVar

from django.conf import settings

request_address: ContextVar[str | None] = ContextVar("request_address", default=None)


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind the reverse proxy the header it sets.

    CLIENT_ADDRESS_HEADER (e.g. HTTP_X_REAL_IP) is trusted only because the proxy overwrites
    it on every request; leave it empty when nothing sits in front of gunicorn.
    """
    header = settings.CLIENT_ADDRESS_HEADER
    address = request.META.get(header) if header else None
    return (address or request.META.get("REMOTE_ADDR") or "").strip() or None
