"""Electronic digital signatures (EDS): verifying citizens' NCA signatures over statements."""

from accounts.eds.verify import (
    EDSError,
    ExternalVerifier,
    SignerCertificate,
    parse_cms,
    verify_detached,
)

__all__ = ["EDSError", "ExternalVerifier", "SignerCertificate", "parse_cms", "verify_detached"]
