"""Following a petition: one row per citizen, POST buttons on its page, and who gets mailed."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import set_count
from petitions import services
from petitions.errors import PetitionError
from petitions.models import Follow, PetitionEvent, Status
from petitions.services.transitions import transition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def follow_url(petition):
    return reverse("petitions:follow", args=[petition.uid])


def unfollow_url(petition):
    return reverse("petitions:unfollow", args=[petition.uid])


# --- Services -------------------------------------------------------------------------------


def test_following_twice_keeps_one_row(open_petition, citizen):
    first = services.follow_create(petition=open_petition, citizen=citizen)
    second = services.follow_create(petition=open_petition, citizen=citizen)
    assert first.pk == second.pk
    assert Follow.objects.filter(petition=open_petition, citizen=citizen).count() == 1


def test_stop_following(open_petition, citizen):
    services.follow_create(petition=open_petition, citizen=citizen)
    assert services.follow_delete(petition=open_petition, citizen=citizen) is True
    assert services.follow_delete(petition=open_petition, citizen=citizen) is False
    assert not Follow.objects.exists()


@pytest.mark.parametrize("stage", ["draft", "in_moderation"])
def test_unpublished_petitions_cannot_be_followed(request, stage, citizen):
    with pytest.raises(PetitionError):
        services.follow_create(petition=request.getfixturevalue(stage), citizen=citizen)
    assert not Follow.objects.exists()


def test_anonymous_cannot_follow(open_petition):
    with pytest.raises(PermissionDenied):
        services.follow_create(petition=open_petition, citizen=AnonymousUser())


@pytest.mark.parametrize("stage", ["open_petition", "sent_petition"])
def test_published_petitions_can_be_followed(request, stage, citizen):
    petition = request.getfixturevalue(stage)
    services.follow_create(petition=petition, citizen=citizen)
    assert Follow.objects.filter(petition=petition).count() == 1


# --- Pages ----------------------------------------------------------------------------------


def test_follow_and_unfollow_through_the_page(client, open_petition, citizen):
    client.force_login(citizen)
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert follow_url(open_petition) in page
    assert "Following" not in page

    response = client.post(follow_url(open_petition))
    assert response.status_code == 302
    assert response["Location"] == open_petition.get_absolute_url()
    assert Follow.objects.filter(petition=open_petition, citizen=citizen).exists()
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "Following" in page
    assert unfollow_url(open_petition) in page
    assert follow_url(open_petition) not in page

    assert client.post(unfollow_url(open_petition)).status_code == 302
    assert not Follow.objects.exists()
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert follow_url(open_petition) in page


def test_follow_state_is_per_visitor_on_the_cached_page(client, open_petition, citizen):
    follower = UserFactory()
    services.follow_create(petition=open_petition, citizen=follower)
    client.force_login(citizen)
    assert "Following" not in client.get(open_petition.get_absolute_url()).content.decode()
    client.force_login(follower)  # the page's body is cached by now: the state is not in it
    assert "Following" in client.get(open_petition.get_absolute_url()).content.decode()


def test_anonymous_visitor_sees_a_sign_in_link(client, open_petition):
    page = client.get(open_petition.get_absolute_url()).content.decode()
    assert "Sign in to follow this petition" in page
    assert follow_url(open_petition) not in page


def test_anonymous_post_goes_to_sign_in_and_back_to_the_page(client, open_petition):
    response = client.post(follow_url(open_petition))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [open_petition.get_absolute_url()]
    assert not Follow.objects.exists()


@pytest.mark.parametrize("url", [follow_url, unfollow_url])
def test_get_changes_nothing(client, open_petition, citizen, url):
    client.force_login(citizen)
    assert client.get(url(open_petition)).status_code == 405
    assert not Follow.objects.exists()


def test_post_needs_the_csrf_token(open_petition, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert client.post(follow_url(open_petition)).status_code == 403
    assert not Follow.objects.exists()


@pytest.mark.parametrize("stage", ["draft", "in_moderation"])
def test_unpublished_petition_not_found(client, request, stage, citizen):
    petition = request.getfixturevalue(stage)
    client.force_login(citizen)
    assert client.post(follow_url(petition)).status_code == 404
    assert not Follow.objects.exists()


def test_only_followers_and_the_author_are_mailed(
    open_petition, head, citizen, django_capture_on_commit_callbacks
):
    """Following decides who hears of the plan: not a former follower, not a mere signer."""
    follower, former = UserFactory(), UserFactory()
    services.follow_create(petition=open_petition, citizen=follower)
    services.follow_create(petition=open_petition, citizen=former)
    services.follow_delete(petition=open_petition, citizen=former)
    services.signature_create(petition=open_petition, citizen=citizen)
    set_count(open_petition, open_petition.signature_threshold)
    services.petition_send_to_agency(petition=open_petition)
    transition(
        open_petition,
        allowed=(Status.SENT,),
        to=Status.ACCEPTED,
        event=PetitionEvent.Kind.ACCEPTED,
        actor=head,
        decided_at=timezone.now(),
    )
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.milestones_add(
            petition=open_petition,
            official=head,
            milestones=[("Step", timezone.localdate() + datetime.timedelta(days=10))],
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [open_petition.author.email, follower.email]
    )
