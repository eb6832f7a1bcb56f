"""Remembers the client's address while a request is served, for the audit trail."""

from accounts.audit.context import client_address, request_address


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            request_address.reset(token)
