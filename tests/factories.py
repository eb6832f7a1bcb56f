"""factory_boy factories for the project's models."""

import datetime
import itertools
import time

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.iin import make_iin
from accounts.models import User
from agencies.models import Agency, Official
from petitions.models import Petition, Topic

_serials = itertools.count(100)


def adult_iin(birth_date=datetime.date(1990, 1, 1), sex="male") -> str:
    """A fresh valid IIN: each call takes a new serial so no two collide."""
    while True:
        iin = make_iin(birth_date, sex, serial=next(_serials))
        if not User.objects.filter(iin=iin).exists():
            return iin


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    iin = factory.LazyFunction(adult_iin)
    last_name = factory.Sequence(lambda n: f"Сейтов{n}")
    first_name = "Ерлан"
    email = factory.Sequence(lambda n: f"citizen{n}@example.kz")
    region_code = "KZ-75"
    preferred_language = "en"  # e-mails in English unless a test chooses another language
    identity_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name="moderators"))


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    user = factory.SubFactory(UserFactory)
    agency = factory.LazyFunction(lambda: Agency.objects.get(code="akimat-kz-75"))
    role = Official.Role.HEAD


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    author = factory.SubFactory(UserFactory)
    agency = factory.LazyFunction(lambda: Agency.objects.get(code="akimat-kz-75"))
    title = factory.Sequence(lambda n: f"Petition number {n}")
    problem = "The bus stops have no shade."
    request = "Install shades at every bus stop."
    language = "en"
    # Seeded by migration 0015.
    topic = factory.LazyFunction(lambda: Topic.objects.get(slug="other"))


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in_with_totp(client, user, *, password: str = "pass-12345"):
    """Sign `user` in as an official does: IIN and password, then a code from their app.

    Goes through allauth's real login and authenticator-code pages; returns the last response.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    client.logout()
    client.post("/accounts/login/", {"login": user.iin, "password": password})
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    return client.post("/accounts/2fa/authenticate/", {"code": code})
