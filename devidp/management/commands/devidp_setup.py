"""Prepare the stand-in eGov: database, register, OIDC client, signing key, NCA; safe to repeat."""

import os
from pathlib import Path

from allauth.idp.oidc.models import Client
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from devidp import nca
from devidp.citizens import DEMO_PASSWORD, REGISTRY, Person
from devidp.models import Citizen

# The portal of `make run`, however the browser names it.
DEFAULT_REDIRECT_URIS = [
    "http://127.0.0.1:8000/accounts/egov/login/callback/",
    "http://localhost:8000/accounts/egov/login/callback/",
]
SCOPES = ["openid", "profile", "email"]


class Command(BaseCommand):
    help = (
        "Migrate the stand-in eGov's database, load the demo register (password "
        f"{DEMO_PASSWORD!r}), register the portal as an OIDC client, and create the ID token "
        "key and the demo NCA (one signing certificate per citizen) where they are missing."
    )
    # Its own checks warn of the missing signing key this command is about to create.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--client-id", default="qoldau-demo")
        parser.add_argument("--client-secret", default="qoldau-demo-secret")
        parser.add_argument(
            "--redirect-uri",
            action="append",
            dest="redirect_uris",
            metavar="URI",
            help="An allowed redirect URI; repeat for more (default: the portal on port 8000).",
        )
        parser.add_argument("--client-name", default="Qoldau")

    def handle(self, *args, client_id, client_secret, redirect_uris, client_name, **options):
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        with transaction.atomic():
            for person in REGISTRY:
                register_person(person)
            register_client(
                client_id=client_id,
                client_secret=client_secret,
                name=client_name,
                redirect_uris=redirect_uris or DEFAULT_REDIRECT_URIS,
            )
        if write_signing_key(settings.DEVIDP_SIGNING_KEY):
            self.stdout.write(f"Wrote a new ID token signing key to {settings.DEVIDP_SIGNING_KEY}.")
        issued = ensure_authority(settings.DEVIDP_EDS_DIR, REGISTRY)
        self.stdout.write(
            f"NCA in {settings.DEVIDP_EDS_DIR}: {issued} new certificate(s), CRL refreshed."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(REGISTRY)} citizens (password {DEMO_PASSWORD}); client {client_id!r}."
            )
        )


def register_person(person: Person) -> Citizen:
    """Create or refresh a person's account and record; a password once set is kept."""
    user, created = get_user_model().objects.get_or_create(username=person.iin)
    if created:
        user.set_password(DEMO_PASSWORD)
    user.first_name, user.last_name, user.email = person.given_name, person.surname, person.email
    user.save()
    citizen, _created = Citizen.objects.update_or_create(
        iin=person.iin,
        defaults={
            "user": user,
            "surname": person.surname,
            "given_name": person.given_name,
            "patronymic": person.patronymic,
            "birth_date": person.birth_date,
            "citizenship": person.citizenship,
            "residence_region": person.residence_region,
            "email": person.email,
            "language": person.language,
        },
    )
    return citizen


def register_client(*, client_id: str, client_secret: str, name: str, redirect_uris: list[str]):
    """The portal as a confidential client: code flow only, eGov's scopes, no consent screen."""
    client = Client.objects.filter(id=client_id).first() or Client(id=client_id)
    client.name = name
    client.type = Client.Type.CONFIDENTIAL
    client.set_secret(client_secret)
    client.set_scopes(SCOPES)
    client.set_default_scopes(SCOPES)
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE])
    client.set_response_types([Client.ResponseType.CODE])
    client.set_redirect_uris(redirect_uris)
    client.skip_consent = True
    client.full_clean()
    client.save()
    return client


def write_signing_key(path: Path) -> bool:
    """Write a new RS256 key (PKCS#8 PEM, owner-only) unless one is there; True if it wrote."""
    if path.exists():
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return True


def ensure_authority(path: Path, people) -> int:
    """Create the NCA under path if it has none, certify whoever lacks a certificate, and
    rewrite the directory (which renews the CRL); returns how many certificates it issued."""
    if (path / "root.pem").exists():
        authority, certified = nca.load_directory(path)
    else:
        authority, certified = nca.create_authority(), {}
    issued = 0
    for person in people:
        if person.iin not in certified:
            certified[person.iin] = nca.issue_citizen(
                authority, iin=person.iin, surname=person.surname, given_name=person.given_name
            )
            issued += 1
    nca.write_directory(path, authority, certified)
    return issued
