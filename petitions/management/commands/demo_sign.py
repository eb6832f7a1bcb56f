"""Add demo signers to a petition, by default as many as it still needs to reach its threshold."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from petitions.demo import add_demo_signers
from petitions.models import Petition, Status
from petitions.selectors import signature_count


class Command(BaseCommand):
    help = "Sign a petition with new demo citizens of the addressee's region."

    def add_arguments(self, parser):
        parser.add_argument("uid", help="the petition's link code, as in /p/<uid>/")
        parser.add_argument("--count", type=int, help="how many (default: up to the threshold)")

    def handle(self, *args, uid, count=None, **options):
        petition = Petition.internal.select_related("agency").filter(uid=uid).first()
        if petition is None or petition.status != Status.OPEN:
            raise CommandError(f"No petition {uid} is collecting signatures.")
        if count is None:
            count = max(0, petition.signature_threshold - signature_count(petition))
        with transaction.atomic():
            added = add_demo_signers(petition, count)
        self.stdout.write(
            f"Added {added} signatures; the count is now {signature_count(petition)} of "
            f"{petition.signature_threshold}. The threshold watcher sends it within a minute."
        )
