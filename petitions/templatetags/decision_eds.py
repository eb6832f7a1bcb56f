"""What the public sees of a decision's EDS: the certificate's issuer, validity and fingerprint."""

from django import template

from accounts.eds import CertificateFacts, EDSError, certificate_facts, signer_certificate_der
from accounts.eds.storage import open_bytes

register = template.Library()


@register.simple_tag
def decision_certificate(decision) -> CertificateFacts | None:
    """The head's certificate facts, without its subject (it holds the IIN); None if unreadable."""
    try:
        return certificate_facts(signer_certificate_der(open_bytes(decision.eds_cms)))
    except (EDSError, ValueError):
        return None
