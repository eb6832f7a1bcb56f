"""Trust in a signer's certificate: the configured NCA roots and CRLs, and the path check."""

import asyncio
import functools
import os
from datetime import datetime
from pathlib import Path

from asn1crypto import crl, pem, x509
from cryptography import x509 as crypto_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

from accounts.eds.errors import EDSError
from accounts.eds.revocation import IssuerRevocations, index_revocations

FileVersion = tuple[str, int, int, int]  # see _cache_key

REVOCATION_POLICY = CertRevTrustPolicy(
    RevocationCheckingPolicy(
        # The citizen's certificate is checked after the path, in an index of its issuer's CRLs
        # (check_certificate): pyhanko would read the whole CRL on every verification.
        ee_certificate_rule=RevocationCheckingRule.NO_CHECK,
        # An issuing CA that names a CRL must be on it; the root's CRL is rarely configured.
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED,
    ),
    # A CRL published after `moment` still says whether the certificate was revoked by then.
    retroactive_revinfo=True,
)


def check_certificate(
    cert: x509.Certificate, other_certs: list[x509.Certificate], *, moment: datetime
) -> None:
    """Raise EDSError unless cert chains to a configured root and is valid and unrevoked then.

    pyhanko checks the path (and the issuing CA against CRLs it names); then the citizen's
    certificate is looked up among what its issuer's CRLs, verified with the key that pyhanko
    found to have issued it, say (accounts.eds.revocation).
    """
    roots, issuing_cas = configured_certificates()
    if not roots:
        raise EDSError("untrusted", detail="EDS_TRUST_ROOTS has no self-signed root")
    crl_files = crl_versions()
    context = ValidationContext(
        trust_roots=roots,
        other_certs=issuing_cas,
        crls=[revocation_list for file in crl_files for revocation_list in _read_crls(*file)],
        allow_fetching=False,
        revinfo_policy=REVOCATION_POLICY,
        moment=moment,
    )
    validator = CertificateValidator(cert, other_certs, validation_context=context)
    try:
        path = asyncio.run(validator.async_validate_path())
    except RevokedError as exc:
        raise EDSError("revoked", detail=str(exc)) from exc
    except ExpiredError as exc:
        raise EDSError("expired", detail=str(exc)) from exc
    except NotYetValidError as exc:
        raise EDSError("not_yet_valid", detail=str(exc)) from exc
    except InsufficientRevinfoError as exc:  # also when the CRL is stale at `moment`
        raise EDSError("crl_unavailable", detail=str(exc)) from exc
    except (PathBuildingError, PathValidationError) as exc:
        raise EDSError("untrusted", detail=str(exc)) from exc
    issuer = path.find_issuing_authority(cert).certificate
    try:
        citizen = crypto_x509.load_der_x509_certificate(cert.dump())
    except ValueError as exc:  # a certificate too irregular for cryptography to read
        raise EDSError("malformed", detail=str(exc)) from exc
    revocations = _issuer_revocations(crl_files, issuer.dump())
    revocations.check(citizen, moment=moment, now=timezone.now())


def configured_certificates() -> tuple[list[x509.Certificate], list[x509.Certificate]]:
    """The self-signed roots in EDS_TRUST_ROOTS, and the other (issuing CA) certificates there.

    Only the roots are trusted. The issuing CAs' certificates merely help to build the path,
    since NCALayer often embeds just the signer's certificate. An unreadable file is a
    configuration error, not the citizen's.
    """
    roots, issuing_cas = [], []
    for path in getattr(settings, "EDS_TRUST_ROOTS", []):
        try:
            certificates = _read_certificates(*_cache_key(path))
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"EDS_TRUST_ROOTS: cannot read {path}: {exc}") from exc
        for certificate in certificates:
            (issuing_cas if certificate.self_signed == "no" else roots).append(certificate)
    return roots, issuing_cas


def crl_versions() -> tuple[FileVersion, ...]:
    """The files in EDS_CRLS, as _cache_key versions; crl_unavailable if one is missing or stale."""
    paths = getattr(settings, "EDS_CRLS", [])
    if not paths:
        raise EDSError("crl_unavailable", detail="EDS_CRLS is empty")
    now = timezone.now()
    versions = []
    for path in paths:
        try:
            version = _cache_key(path)
            lists_in_file = _read_crls(*version)
        except (OSError, ValueError) as exc:
            raise EDSError("crl_unavailable", detail=f"cannot read {path}: {exc}") from exc
        for revocation_list in lists_in_file:
            next_update = revocation_list["tbs_cert_list"]["next_update"].native
            if next_update is None or next_update < now:
                raise EDSError("crl_unavailable", detail=f"{path} is stale since {next_update}")
        versions.append(version)
    return tuple(versions)


# One index per CRL file versions and issuing CA: the key is the issuer's whole certificate, so
# a CRL is only ever trusted as verified with the key that issued the certificate in question.
# Small, since an index of the NCA's CRL is large and an old version is useless once replaced.
@functools.lru_cache(maxsize=4)
def _issuer_revocations(crl_files: tuple[FileVersion, ...], issuer_der: bytes) -> IssuerRevocations:
    issuer = x509.Certificate.load(issuer_der)
    in_its_name = [
        revocation_list.dump()
        for file in crl_files
        for revocation_list in _read_crls(*file)
        if revocation_list.issuer.hashable == issuer.subject.hashable
    ]
    return index_revocations(in_its_name, crypto_x509.load_der_x509_certificate(issuer_der))


def _cache_key(path: str | Path) -> FileVersion:
    """A file's path, inode, modification time and size: a new download gives a new key."""
    stat = os.stat(path)
    return str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size


# Parsed files are cached by _cache_key (a large CRL takes long to parse); only path is read.
@functools.lru_cache(maxsize=32)
def _read_certificates(path: str, *version: int) -> tuple[x509.Certificate, ...]:
    certificates = tuple(x509.Certificate.load(der, strict=True) for der in _der_blocks(Path(path)))
    for certificate in certificates:
        certificate.native  # noqa: B018 (parses it all now, so a broken file fails here)
    return certificates


@functools.lru_cache(maxsize=32)
def _read_crls(path: str, *version: int) -> tuple[crl.CertificateList, ...]:
    lists = tuple(crl.CertificateList.load(der, strict=True) for der in _der_blocks(Path(path)))
    for revocation_list in lists:
        revocation_list["tbs_cert_list"]["issuer"].native  # noqa: B018 (fails on a broken file)
    return lists


def _der_blocks(path: Path) -> list[bytes]:
    """The DER inside a PEM file (one or more blocks), or the file itself when it is DER."""
    data = path.read_bytes()
    if pem.detect(data):
        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]
