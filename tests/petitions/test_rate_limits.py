"""Anti-automation limits on signing and filing, per address and per citizen (petitions.limits).

Requests come from several loopback addresses (REMOTE_ADDR 127.0.0.2, 127.0.0.3, ...). The
limits are the defaults of config/settings/base.py unless a test changes one; windows are fixed,
so each test starts at a moment aligned to a day and moves the clock itself.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.settings import base
from petitions import limits, services
from petitions.models import Petition, Signature, Topic
from tests.factories import PetitionFactory, UserFactory

FIRST = "127.0.0.2"
SECOND = "127.0.0.3"
THIRD = "127.0.0.4"


@pytest.fixture(autouse=True)
def _default_limits(settings):
    """The defaults the portal ships with, whatever the test settings raise them to."""
    settings.PETITIONS_RATE_LIMITS = dict(base.PETITIONS_RATE_LIMITS)
    settings.CLIENT_ADDRESS_HEADER = ""


def another_open_petition(moderator) -> Petition:
    petition = PetitionFactory()
    services.petition_submit(petition=petition, author=petition.author)
    return services.petition_publish(petition=petition, moderator=moderator)


def sign(client, petition, person, address):
    client.force_login(person)
    return client.post(reverse("petitions:sign", args=[petition.uid]), REMOTE_ADDR=address)


def signed(petition, person) -> bool:
    return Signature.objects.filter(petition=petition, citizen=person).exists()


def test_one_address_waits_a_minute_between_signatures_on_a_petition_others_do_not(
    client, window_clock, open_petition
):
    first, second, third = UserFactory.create_batch(3)

    assert sign(client, open_petition, first, FIRST).status_code == 302
    refused = sign(client, open_petition, second, FIRST)
    other_address = sign(client, open_petition, third, SECOND)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "55"
    page = refused.content.decode()
    assert "Please wait a little" in page
    assert "Your signature has not been recorded." in page
    assert "Please try again in 1 minute." in page
    assert not signed(open_petition, second)
    assert other_address.status_code == 302
    assert signed(open_petition, third)

    window_clock.shift(60)
    assert sign(client, open_petition, second, FIRST).status_code == 302
    assert signed(open_petition, second)


def test_five_signatures_from_one_address_in_five_minutes_then_a_wait(
    client, window_clock, open_petition, settings
):
    settings.PETITIONS_RATE_LIMITS["sign_per_address_per_petition"] = "5/300s"
    people = UserFactory.create_batch(6)

    statuses = [sign(client, open_petition, person, FIRST).status_code for person in people]

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert Signature.objects.filter(petition=open_petition).count() == 5


def test_a_limited_address_can_still_sign_another_petition(
    client, window_clock, open_petition, moderator
):
    other = another_open_petition(moderator)
    first, second = UserFactory.create_batch(2)
    sign(client, open_petition, first, FIRST)

    assert sign(client, open_petition, second, FIRST).status_code == 429
    assert sign(client, other, second, FIRST).status_code == 302
    assert signed(other, second)


def test_a_citizen_is_limited_over_all_petitions(client, window_clock, moderator, settings):
    settings.PETITIONS_RATE_LIMITS["sign_per_citizen"] = "2/h"
    petitions = [another_open_petition(moderator) for _ in range(3)]
    citizen, neighbour = UserFactory.create_batch(2)

    statuses = [
        sign(client, petition, citizen, address).status_code
        for petition, address in zip(petitions, (FIRST, SECOND, THIRD), strict=True)
    ]

    assert statuses == [302, 302, 429]
    assert not signed(petitions[2], citizen)
    # The limit is the citizen's own: someone else signs the same petition.
    assert sign(client, petitions[2], neighbour, "127.0.0.5").status_code == 302


def test_an_address_is_limited_over_all_petitions(client, window_clock, moderator, settings):
    settings.PETITIONS_RATE_LIMITS["sign_per_address"] = "2/h"
    petitions = [another_open_petition(moderator) for _ in range(3)]
    people = UserFactory.create_batch(4)

    statuses = [
        sign(client, petition, person, FIRST).status_code
        for petition, person in zip(petitions, people[:3], strict=True)
    ]

    assert statuses == [302, 302, 429]
    assert sign(client, petitions[2], people[3], SECOND).status_code == 302


def test_pressing_sign_twice_says_already_signed_not_too_many(client, window_clock, open_petition):
    citizen = UserFactory()
    sign(client, open_petition, citizen, FIRST)

    response = sign(client, open_petition, citizen, FIRST)

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "You have already signed this petition." in page


def test_the_confirmation_page_is_not_counted(client, window_clock, open_petition):
    first, second = UserFactory.create_batch(2)
    client.force_login(first)
    url = reverse("petitions:sign", args=[open_petition.uid])
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR=FIRST).status_code == 200

    assert sign(client, open_petition, first, FIRST).status_code == 302


def test_an_eds_signature_is_limited_before_it_is_verified(client, window_clock, open_petition):
    first, second = UserFactory.create_batch(2)
    url = reverse("petitions:sign_eds", args=[open_petition.uid])
    client.force_login(first)
    client.post(url, {"statement": "x", "signature": "x"}, REMOTE_ADDR=FIRST)
    client.force_login(second)

    response = client.post(url, {"statement": "x", "signature": "x"}, REMOTE_ADDR=FIRST)

    assert response.status_code == 429


def test_the_proxy_header_names_the_address(client, window_clock, open_petition, settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    first, second, third = UserFactory.create_batch(3)
    url = reverse("petitions:sign", args=[open_petition.uid])
    client.force_login(first)
    client.post(url, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=FIRST)
    client.force_login(second)
    other_client = client.post(url, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=SECOND)
    client.force_login(third)
    same_client = client.post(url, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP=FIRST)

    assert other_client.status_code == 302
    assert signed(open_petition, second)
    assert same_client.status_code == 429


def test_a_signature_is_counted_under_every_rule_in_one_round_trip(
    client, window_clock, open_petition, monkeypatch
):
    """The refusing rules and the proof-of-work rule share one trip to the cache."""
    trips = []
    increment = limits._increment
    monkeypatch.setattr(
        limits, "_increment", lambda counters: trips.append(counters) or increment(counters)
    )

    assert sign(client, open_petition, UserFactory(), FIRST).status_code == 302

    assert len(trips) == 1
    names = {key.split(":")[1] for key, _period in trips[0]}
    assert names == {
        "sign_per_address_per_petition",
        "sign_per_address",
        "sign_per_citizen",
        limits.SUSPICIOUS,
    }


def test_the_limit_check_reads_no_database(window_clock, citizen, django_assert_num_queries):
    request = RequestFactory().post("/", REMOTE_ADDR=FIRST)
    request.user = citizen

    with django_assert_num_queries(0):
        assert limits.signing_limited(request, "abc") is None
        assert limits.signing_limited(request, "abc") is not None


@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_counting_in_either_cache(window_clock, settings, backend):
    if backend == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PETITIONS_RATE_LIMITS = {"file_per_address": "2/60s,4/300s"}
    subjects = {"file_per_address": FIRST}

    assert [limits.hit(subjects) for _ in range(2)] == [None, None]
    refused = limits.hit(subjects)
    assert refused is not None and refused.retry_after == 55
    window_clock.shift(60)
    assert limits.hit(subjects) is None
    # The refused attempt counted too: the 5-minute window is full, refused to its end.
    refused = limits.hit(subjects)
    assert refused is not None and refused.retry_after == 235
    assert limits.hit({"file_per_address": SECOND}) is None


def test_without_the_cache_signing_goes_on_unlimited(window_clock, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    settings.PETITIONS_RATE_LIMITS = {"file_per_address": "1/60s"}

    assert limits.hit({"file_per_address": FIRST}) is None
    assert limits.hit({"file_per_address": FIRST}) is None


def test_rules_read_from_the_setting():
    assert limits.parse_rules("1/60s, 5/300s,2/h,3/d,4/m") == [
        limits.Rule(1, 60),
        limits.Rule(5, 300),
        limits.Rule(2, 3600),
        limits.Rule(3, 86400),
        limits.Rule(4, 60),
    ]
    assert limits.parse_rules("") == []


def test_an_ipv6_client_is_counted_by_its_network():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    neighbour = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")

    assert limits.address_of(request) == limits.address_of(neighbour) == "2001:db8:1:2::"


# Filing.


def petition_form(agency, title="Parks"):
    return {
        "agency": agency.pk,
        "title": title,
        "problem": "No parks in our district.",
        "request": "Build a park.",
        "language": "kk",
        "topic": Topic.objects.get(slug="environment").pk,
    }


def test_five_petitions_a_day_then_the_form_comes_back_with_the_text(
    client, window_clock, citizen, almaty_akimat
):
    client.force_login(citizen)
    url = reverse("petitions:new")
    for number in range(5):
        response = client.post(
            url, petition_form(almaty_akimat, f"Parks {number}"), REMOTE_ADDR=FIRST
        )
        assert response.status_code == 302

    refused = client.post(url, petition_form(almaty_akimat, "The sixth"), REMOTE_ADDR=SECOND)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 86400 - 5
    page = refused.content.decode()
    assert "To stop automated filing" in page
    assert 'value="The sixth"' in page and "No parks in our district." in page
    assert Petition.internal.filter(author=citizen).count() == 5
    window_clock.shift(86400)
    assert client.post(url, petition_form(almaty_akimat), REMOTE_ADDR=FIRST).status_code == 302


def test_an_invalid_filing_is_not_counted(client, window_clock, citizen, almaty_akimat, settings):
    settings.PETITIONS_RATE_LIMITS["file_per_citizen"] = "1/d"
    client.force_login(citizen)
    url = reverse("petitions:new")
    for _ in range(3):
        invalid = {**petition_form(almaty_akimat), "request": ""}
        assert client.post(url, invalid, REMOTE_ADDR=FIRST).status_code == 200

    assert client.post(url, petition_form(almaty_akimat), REMOTE_ADDR=FIRST).status_code == 302


def test_filing_per_address(client, window_clock, almaty_akimat, settings):
    settings.PETITIONS_RATE_LIMITS["file_per_address"] = "2/d"
    people = UserFactory.create_batch(4)
    url = reverse("petitions:new")

    statuses = []
    for person in people[:3]:
        client.force_login(person)
        statuses.append(
            client.post(url, petition_form(almaty_akimat), REMOTE_ADDR=FIRST).status_code
        )
    client.force_login(people[3])
    other_address = client.post(url, petition_form(almaty_akimat), REMOTE_ADDR=SECOND)

    assert statuses == [302, 302, 429]
    assert other_address.status_code == 302


def test_the_limited_page_speaks_the_readers_language(client, window_clock, open_petition):
    first, second = UserFactory.create_batch(2)
    sign(client, open_petition, first, FIRST)
    client.force_login(second)

    response = client.post(
        reverse("petitions:sign", args=[open_petition.uid]),
        REMOTE_ADDR=FIRST,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 429
    assert '<html lang="ru"' in response.content.decode()
