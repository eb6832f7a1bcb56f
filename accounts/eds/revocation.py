"""Whether a citizen's certificate is on its issuing CA's CRLs, looked up in an index of them.

pyhanko-certvalidator reads a CRL entry by entry on every verification, which costs the sign path
tens to hundreds of milliseconds with the NCA's CRL; trust.py keeps one IssuerRevocations per
CRL file version and issuing CA instead, so a verification costs a dictionary lookup.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.x509.oid import ExtensionOID

from accounts.eds.errors import EDSError

# The critical CRL extensions honoured below; RFC 5280 makes a CRL with any other one unusable.
UNDERSTOOD_CRITICAL = {ExtensionOID.ISSUING_DISTRIBUTION_POINT, ExtensionOID.DELTA_CRL_INDICATOR}


@dataclass(frozen=True)
class CompleteCRL:
    """A complete (not delta) CRL: until when it is current and which certificates it lists."""

    next_update: datetime
    # A partitioned CRL lists only the certificates that name one of these distribution points.
    partition: frozenset[x509.GeneralName] | None
    # It announces a delta CRL (Freshest CRL), so without one it is not the latest word.
    needs_delta: bool

    def covers(self, cert: x509.Certificate, *, now: datetime, has_delta: bool) -> bool:
        if self.next_update < now or (self.needs_delta and not has_delta):
            return False
        if self.partition is None:
            return True
        try:
            points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        except x509.ExtensionNotFound:
            return False  # RFC 5280 would then match on the issuer's name; the NCA names its CRL
        return any(self.partition & set(point.full_name or ()) for point in points)


@dataclass(frozen=True)
class IssuerRevocations:
    """What one CA's CRLs, their signatures verified with its key, say about its certificates."""

    issuer: str
    revoked: dict[int, datetime]
    complete: tuple[CompleteCRL, ...]
    has_delta: bool

    def check(self, cert: x509.Certificate, *, moment: datetime, now: datetime) -> None:
        """Raise EDSError unless a current CRL covers cert and cert was not revoked by moment.

        Revocation after moment does not count, as with pyhanko's retroactive_revinfo: a signature
        made before it stays valid, and eds_reverify checks old signatures as of their moment.
        """
        if not any(crl.covers(cert, now=now, has_delta=self.has_delta) for crl in self.complete):
            raise EDSError(
                "crl_unavailable",
                detail=f"no current CRL of {self.issuer} covers serial {cert.serial_number:x}",
            )
        revoked_at = self.revoked.get(cert.serial_number)
        if revoked_at is not None and revoked_at <= moment:
            raise EDSError(
                "revoked",
                detail=f"{self.issuer} revoked serial {cert.serial_number:x} at {revoked_at}",
            )


def index_revocations(crls: Iterable[bytes], issuer: x509.Certificate) -> IssuerRevocations:
    """Index the revoked serials on the CRLs (DER) that name issuer as theirs.

    Every such CRL must be signed by issuer's key: one that is not is forged or left over from
    another key, and the check fails closed (crl_unavailable) rather than use or skip it.
    """
    name = issuer.subject.rfc4514_string()
    revoked: dict[int, datetime] = {}
    complete: list[CompleteCRL] = []
    has_delta = False
    for der in crls:
        try:
            revocation_list = _verified(der, issuer)
            is_delta = _extension(revocation_list, x509.DeltaCRLIndicator) is not None
            _add_entries(revoked, revocation_list, is_delta=is_delta)
            reach = None if is_delta else _reach(revocation_list)
        except ValueError as exc:  # a CRL, entry or extension too irregular to read
            raise EDSError("crl_unavailable", detail=f"cannot read a CRL of {name}: {exc}") from exc
        has_delta = has_delta or is_delta
        if reach is not None:
            complete.append(reach)
    return IssuerRevocations(name, revoked, tuple(complete), has_delta)


def _verified(der: bytes, issuer: x509.Certificate) -> x509.CertificateRevocationList:
    """The CRL in der if issuer's key signed it and may sign CRLs, and it is direct and dated.

    EDSError("crl_unavailable") otherwise; ValueError when the CRL cannot be read.
    """
    name = issuer.subject.rfc4514_string()
    try:
        revocation_list = x509.load_der_x509_crl(der)
        usage = _extension(issuer, x509.KeyUsage)
        signed = (usage is None or usage.crl_sign) and revocation_list.is_signature_valid(
            issuer.public_key()
        )
    except (TypeError, UnsupportedAlgorithm) as exc:  # a key or algorithm cryptography lacks
        raise EDSError("crl_unavailable", detail=f"cannot check a CRL of {name}: {exc}") from exc
    if not signed:
        raise EDSError("crl_unavailable", detail=f"a CRL in the name of {name} is not signed by it")
    critical = {extension.oid for extension in revocation_list.extensions if extension.critical}
    if critical - UNDERSTOOD_CRITICAL:
        raise EDSError("crl_unavailable", detail=f"a CRL of {name} has unknown critical extensions")
    point = _extension(revocation_list, x509.IssuingDistributionPoint)
    if point is not None and point.indirect_crl:  # its entries may be other CAs' certificates
        raise EDSError("crl_unavailable", detail=f"{name} publishes an indirect CRL")
    if revocation_list.next_update_utc is None:
        raise EDSError("crl_unavailable", detail=f"a CRL of {name} has no next update")
    return revocation_list


def _add_entries(
    revoked: dict[int, datetime], revocation_list: x509.CertificateRevocationList, *, is_delta: bool
) -> None:
    for entry in revocation_list:
        # Only a delta CRL may lift a certificate hold (RFC 5280 5.3.1); a hold lifted while it is
        # still on a complete CRL counts as a revocation until the next complete CRL.
        if is_delta and _reason(entry) == x509.ReasonFlags.remove_from_crl:
            continue
        revoked_at = entry.revocation_date_utc
        revoked[entry.serial_number] = min(revoked_at, revoked.get(entry.serial_number, revoked_at))


def _reach(revocation_list: x509.CertificateRevocationList) -> CompleteCRL | None:
    """What a complete CRL vouches for, or None when it does not list citizens' certificates."""
    point = _extension(revocation_list, x509.IssuingDistributionPoint)
    if point is not None and (
        point.only_contains_ca_certs
        or point.only_contains_attribute_certs
        or point.only_some_reasons
    ):
        return None
    named = point is not None and (point.full_name or point.relative_name)
    return CompleteCRL(
        next_update=revocation_list.next_update_utc,
        partition=frozenset(point.full_name or ()) if named else None,  # a relative name: none
        needs_delta=_extension(revocation_list, x509.FreshestCRL) is not None,
    )


def _extension(holder, kind):
    """The value of holder's (a certificate's or CRL's) extension of kind, or None."""
    try:
        return holder.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _reason(entry: x509.RevokedCertificate) -> x509.ReasonFlags | None:
    reason = _extension(entry, x509.CRLReason)
    return None if reason is None else reason.reason
