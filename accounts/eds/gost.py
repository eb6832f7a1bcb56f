"""GOST signatures, which no library here can check, go to an external verifier."""

from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.eds.errors import EDSError
from accounts.eds.signer import SignerCertificate


class ExternalVerifier(Protocol):
    """Checks a signature this server cannot check itself: one made with a GOST key.

    An implementation calls an external signing service (for example NCA's own verification
    service, or NCA's Kalkan library behind a small internal HTTP service) with the exact
    statement bytes and the DER CMS. It must confirm that the signature covers the statement,
    that the certificate chains to NCA's GOST root, is valid at `moment`, is not revoked and is a
    signing (nonRepudiation) certificate. It returns a SignerCertificate with key_algorithm
    "gost" and the IIN from the subject serialNumber, or raises EDSError with the matching code
    (tampered, untrusted, expired, not_yet_valid, revoked, key_usage, no_iin, crl_unavailable,
    or malformed); when the service cannot answer it raises, never returns. The caller checks
    the expected IIN itself. It must not store anything.

    Enable one with EDS_GOST_VERIFIER = "package.module.ClassName"; the class is instantiated
    without arguments for every verification.
    """

    def verify(self, statement: bytes, cms: bytes, *, moment: datetime) -> SignerCertificate: ...


def external_verifier() -> ExternalVerifier:
    """The configured GOST verifier; EDSError("gost_disabled") when EDS_GOST_VERIFIER is empty."""
    dotted_path = getattr(settings, "EDS_GOST_VERIFIER", "")
    if not dotted_path:
        raise EDSError("gost_disabled")
    return import_string(dotted_path)()
