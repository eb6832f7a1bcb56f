"""The admin shows every model to an administrator; the demo commands are repeatable."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from conftest import set_count
from petitions.models import Petition, Signature, Status
from petitions.selectors import signature_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "agencies", "petitions")


@pytest.mark.parametrize(
    "model",
    [m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()],
    ids=lambda m: m._meta.label,
)
def test_every_model_has_a_working_admin_list(client, model, open_petition):
    assert admin.site.is_registered(model)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "a"}).status_code == 200


def test_seed_demo_is_repeatable():
    call_command("seed_demo")
    petitions, users = Petition.internal.count(), UserFactory._meta.model.objects.count()
    call_command("seed_demo")
    assert Petition.internal.count() == petitions == 2
    assert UserFactory._meta.model.objects.count() == users
    assert Petition.internal.filter(status=Status.OPEN, listed_at__isnull=False).count() == 1
    assert Petition.internal.filter(status=Status.MODERATION).count() == 1


def test_demo_sign_adds_eligible_signers_through_the_service(open_petition):
    set_count(open_petition, 0)
    call_command("demo_sign", open_petition.uid, "--count", "25")
    assert Signature.objects.filter(petition=open_petition).count() == 25
    assert signature_count(open_petition) == 25
    regions = set(Signature.objects.values_list("region_code", flat=True))
    assert regions == {"KZ-75"}


def test_demo_officials_get_the_published_authenticator_and_its_code_is_printed(settings):
    from io import StringIO

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from petitions.demo import DEMO_TOTP_SECRET

    call_command("seed_demo")
    head = Authenticator.objects.get(user__iin="750308300019")
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_totp_code", "750308300019", stdout=out)

    assert head.type == Authenticator.Type.TOTP
    assert validate_totp_code(DEMO_TOTP_SECRET, out.getvalue().strip())


def test_demo_totp_code_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo only"):
        call_command("demo_totp_code", "750308300019")
