"""Verify stored EDS signatures again, as anyone holding the NCA's chain could."""

from django.core.management.base import BaseCommand, CommandError

from accounts.eds import EDSError, verify_detached
from accounts.eds.storage import open_bytes, open_text
from petitions.models import Signature


class Command(BaseCommand):
    help = (
        "Re-verify the CMS stored with EDS signatures against the configured trusted roots and "
        "CRLs, each at the moment it was made. Exits with status 1 if any fails."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every EDS signature")
        which.add_argument("--sample", type=int, metavar="N", help="N signatures at random")
        parser.add_argument("--petition", metavar="UID", help="only this petition's signatures")

    def handle(self, *args, sample=None, petition=None, **options):
        signatures = Signature.objects.filter(eds_cms__isnull=False).select_related("citizen")
        if petition:
            signatures = signatures.filter(petition__uid=petition)
        if sample is not None:
            if sample < 1:
                raise CommandError("--sample needs a positive number.")
            signatures = signatures.order_by("?")[:sample]
        checked = failed = 0
        for signature in signatures.iterator(chunk_size=500):
            checked += 1
            try:
                verify_detached(
                    open_text(signature.eds_statement).encode(),
                    open_bytes(signature.eds_cms),
                    expected_iin=signature.citizen.iin,
                    moment=signature.created_at,
                )
            except EDSError as error:
                failed += 1
                self.stdout.write(f"signature {signature.pk}: {error.code}: {error}")
        self.stdout.write(
            f"Checked {checked} EDS signatures: {checked - failed} valid, {failed} not."
        )
        if failed:
            raise SystemExit(1)
