"""Signing rules: once per citizen (decided by the database), only while open, only if eligible."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from accounts.iin import make_iin
from agencies.models import Agency
from petitions import services
from petitions.errors import AlreadySigned, SigningClosed
from petitions.models import Signature, SignatureCounterShard
from petitions.selectors import signature_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signing_stores_one_signature_and_counts_it(open_petition, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    assert Signature.objects.filter(petition=open_petition, citizen=citizen).count() == 1
    assert signature_count(open_petition) == 1


def test_second_signature_is_refused_and_not_counted(open_petition, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    with pytest.raises(AlreadySigned):
        services.signature_create(petition=open_petition, citizen=citizen)
    assert Signature.objects.filter(petition=open_petition).count() == 1
    assert signature_count(open_petition) == 1


def test_unique_constraint_holds_without_the_service(open_petition, citizen):
    Signature.objects.create(petition=open_petition, citizen=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=open_petition, citizen=citizen)


def test_count_is_spread_over_shards_and_sums_exactly(open_petition):
    for _ in range(40):
        services.signature_create(petition=open_petition, citizen=UserFactory())
    shards = SignatureCounterShard.objects.filter(petition=open_petition)
    assert shards.count() > 1
    assert signature_count(open_petition) == 40 == open_petition.signatures.count()


def test_cannot_sign_before_publication(in_moderation, citizen):
    with pytest.raises(SigningClosed):
        services.signature_create(petition=in_moderation, citizen=citizen)


def test_cannot_sign_after_window(open_petition, citizen):
    with time_machine.travel(open_petition.closes_at), pytest.raises(SigningClosed):
        services.signature_create(petition=open_petition, citizen=citizen)
    assert not Signature.objects.exists()


def test_database_refuses_signature_for_a_petition_that_stopped(sent_petition, citizen):
    stale = type(sent_petition).internal.get(pk=sent_petition.pk)
    stale.status = "open"  # as read by a request just before the petition was sent
    with pytest.raises(SigningClosed):
        services.signature_create(petition=stale, citizen=citizen)
    assert not Signature.objects.exists()


def test_minor_cannot_sign(open_petition):
    minor = UserFactory(iin=make_iin(datetime.date(2010, 6, 1), "female", serial=5))
    with pytest.raises(PermissionDenied, match="18"):
        services.signature_create(petition=open_petition, citizen=minor)


def test_non_citizen_cannot_sign(open_petition):
    foreigner = UserFactory(is_citizen=False)
    with pytest.raises(PermissionDenied):
        services.signature_create(petition=open_petition, citizen=foreigner)


def test_local_petition_only_for_residents(open_petition):
    karaganda = UserFactory(region_code="KZ-35")
    with pytest.raises(PermissionDenied, match="residents"):
        services.signature_create(petition=open_petition, citizen=karaganda)
    assert signature_count(open_petition) == 0


def test_republic_petition_open_to_every_region(author, moderator):
    health = Agency.objects.get(code="ministry-health")
    petition = services.petition_create(
        author=author, agency=health, title="t", problem="p", request="r", language="ru"
    )
    services.petition_submit(petition=petition, author=author)
    services.petition_publish(petition=petition, moderator=moderator)
    services.signature_create(petition=petition, citizen=UserFactory(region_code="KZ-35"))
    assert signature_count(petition) == 1


def test_signature_keeps_signer_region(open_petition, citizen):
    services.signature_create(petition=open_petition, citizen=citizen)
    assert Signature.objects.get().region_code == "KZ-75"
