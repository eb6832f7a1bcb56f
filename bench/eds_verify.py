"""What an EDS costs the sign path: `.venv/bin/python bench/eds_verify.py`.

Verifies detached CMS signatures in one process with accounts.eds, as the sign view does
before its transaction, for RSA 2048 and ECDSA P-256 keys and CRLs of growing size from the
stand-in NCA, and prints milliseconds per verification (median and 95th percentile).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 200
REVOKED = (0, 1_000, 10_000, 100_000)
STATEMENT = b"Qoldau petition signature\npetition: bench\niin: 900514400019\n"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django

    django.setup()


def measure(key_type: str, revoked: int, workdir: Path) -> tuple[float, float]:
    from cryptography.hazmat.primitives.serialization import Encoding
    from django.conf import settings

    from accounts.eds import verify_detached
    from devidp import nca

    authority = nca.create_authority()
    for serial in range(1, revoked + 1):
        authority.revoked[10**30 + serial] = authority.issuing_cert.not_valid_before_utc
    cert, key = nca.issue_citizen(
        authority, iin="900514400019", surname="A", given_name="B", key_type=key_type
    )
    cms = nca.sign_detached(STATEMENT, cert=cert, key=key, chain=[authority.issuing_cert])
    root = workdir / f"root-{key_type}-{revoked}.pem"
    crl = workdir / f"crl-{key_type}-{revoked}.pem"
    root.write_bytes(authority.root_cert.public_bytes(Encoding.PEM))
    crl.write_bytes(nca.crl_pem(authority))
    settings.EDS_TRUST_ROOTS, settings.EDS_CRLS = [str(root)], [str(crl)]
    verify_detached(STATEMENT, cms, expected_iin="900514400019")  # warm the file caches
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        verify_detached(STATEMENT, cms, expected_iin="900514400019")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def main() -> int:
    setup_django()
    print(f"{'key':6} {'revoked in CRL':>15} {'median ms':>10} {'p95 ms':>8}")
    with tempfile.TemporaryDirectory() as workdir:
        for key_type in ("rsa", "ec"):
            for revoked in REVOKED:
                median, p95 = measure(key_type, revoked, Path(workdir))
                print(f"{key_type:6} {revoked:>15,} {median:>10.2f} {p95:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
