"""Why a signature was refused: a stable code for programs and a sentence for the citizen."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "malformed": _(
        "The signature could not be read. Please sign the statement again with your EDS key."
    ),
    "unsupported_algorithm": _(
        "This signature uses an algorithm the portal does not accept. Please sign with your "
        "RSA signing key (the file named RSA256_…)."
    ),
    "tampered": _(
        "The signature does not match this statement: a different text was signed, or the text "
        "changed after signing. Please sign this statement again."
    ),
    "untrusted": _(
        "This certificate was not issued by the National Certification Authority of the Republic "
        "of Kazakhstan. Please sign with your NCA certificate."
    ),
    "expired": _(
        "Your EDS certificate has expired. Please get a new certificate from the National "
        "Certification Authority and sign again."
    ),
    "not_yet_valid": _(
        "Your EDS certificate is not valid yet. Please try again once its validity period has "
        "started, or sign with another certificate."
    ),
    "revoked": _(
        "Your EDS certificate has been revoked. Please get a new certificate from the National "
        "Certification Authority and sign again."
    ),
    "key_usage": _(
        "This key is for signing in, not for signing documents. Please sign with your signing "
        "key (the file named RSA256_…, not AUTH_RSA256_…)."
    ),
    "no_iin": _(
        "This certificate does not contain an IIN, so it does not identify a citizen. Please "
        "sign with your personal NCA certificate."
    ),
    "wrong_iin": _(
        "This signature was made with someone else's certificate: its IIN is not the IIN of "
        "your account. Please sign with your own EDS key."
    ),
    "gost_disabled": _(
        "Signatures with GOST keys are not accepted by this server yet; please sign with an RSA "
        "key (the file named RSA256_…)."
    ),
    "crl_unavailable": _(
        "We cannot check right now whether your certificate has been revoked, so we cannot "
        "accept the signature. Please try again later."
    ),
}


class EDSError(Exception):
    """A refused signature.

    code is one of MESSAGES' keys; message is for the citizen (str(error) gives it); detail says
    what exactly failed, for logs and operators, and is never shown to the citizen.
    """

    def __init__(self, code: str, message=None, *, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.message = MESSAGES[code] if message is None else message
        self.detail = detail

    def __str__(self) -> str:
        return str(self.message)
