"""Print a demo official's current authenticator code, for trying the portal without a phone."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current TOTP code of a user's authenticator (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("iin", help="the official's IIN")

    def handle(self, *args, iin, **options):
        if not settings.DEBUG:
            raise CommandError("This command is for the demo only: it needs DEBUG on.")
        authenticator = Authenticator.objects.filter(
            user__iin=iin, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"No authenticator is set up for IIN {iin}.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
