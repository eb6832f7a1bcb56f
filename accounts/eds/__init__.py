"""Electronic digital signatures (EDS): verifying citizens' NCA signatures over statements."""

from accounts.eds.cms import signer_certificate_der
from accounts.eds.signer import CertificateFacts, certificate_facts
from accounts.eds.verify import (
    EDSError,
    ExternalVerifier,
    SignerCertificate,
    parse_cms,
    verify_detached,
)

__all__ = [
    "CertificateFacts",
    "EDSError",
    "ExternalVerifier",
    "SignerCertificate",
    "certificate_facts",
    "parse_cms",
    "signer_certificate_der",
    "verify_detached",
]
