"""Fixtures shared by every test: people in their roles and petitions at each lifecycle stage."""

import datetime
import time

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from agencies.models import Agency, Official
from petitions import services
from petitions.models import Petition, SignatureCounterShard
from tests.devidp.server import start_idp
from tests.factories import ModeratorFactory, OfficialFactory, PetitionFactory, UserFactory

# Where the stand-in eGov may send citizens back: a portal on 127.0.0.1:8000 (any port, as
# allauth treats loopback addresses) and Django's test client.
IDP_REDIRECT_URIS = [
    "http://127.0.0.1:8000/accounts/egov/login/callback/",
    "http://testserver/accounts/egov/login/callback/",
]


@pytest.fixture(autouse=True)
def _fresh_state():
    # A request leaves its language active in the thread (LocaleMiddleware does not reset it):
    # each test starts from the default language of the test settings.
    translation.deactivate()
    mail.outbox = []
    # The cache (Redis in tests) outlives a test; rate limits and cached pages must not leak.
    cache.clear()


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    """The stand-in eGov (devidp/) in its own process, started once; needs no portal database."""
    process = start_idp(
        tmp_path_factory.mktemp("devidp"),
        redirect_uris=IDP_REDIRECT_URIS,
        return_origins=["http://127.0.0.1:8000", "http://testserver"],
    )
    yield process
    process.stop()


@pytest.fixture
def egov(settings, idp):
    """eGov sign-in configured as in production, against the stand-in provider (tests/devidp)."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "egov": {
            **settings.SOCIALACCOUNT_PROVIDERS["egov"],
            "APPS": [
                {
                    "client_id": idp.client_id,
                    "secret": idp.client_secret,
                    "settings": {"server_url": idp.issuer},
                }
            ],
        }
    }
    return idp


@pytest.fixture
def window_clock():
    """The clock frozen 5 s after the next UTC midnight, where every fixed window of the rate
    limits (petitions.limits) starts; the test moves it with shift()."""
    midnight = (int(time.time()) // 86400 + 1) * 86400
    start = datetime.datetime.fromtimestamp(midnight + 5, tz=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


@pytest.fixture
def citizen(db):
    return UserFactory(region_code="KZ-75")


@pytest.fixture
def author(db):
    return UserFactory(region_code="KZ-75", first_name="Айгүл")


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def almaty_akimat(db):
    return Agency.objects.get(code="akimat-kz-75")


@pytest.fixture
def government(db):
    return Agency.objects.get(code="government")


@pytest.fixture
def head(db, almaty_akimat):
    return OfficialFactory(agency=almaty_akimat, role=Official.Role.HEAD).user


@pytest.fixture
def reviewer(db, almaty_akimat):
    return OfficialFactory(agency=almaty_akimat, role=Official.Role.REVIEWER).user


@pytest.fixture
def other_head(db, government):
    return OfficialFactory(agency=government, role=Official.Role.HEAD).user


@pytest.fixture
def draft(author, almaty_akimat):
    return services.petition_create(
        author=author,
        agency=almaty_akimat,
        title="Shade at bus stops",
        problem="People wait in the sun.",
        request="Install shades.",
        language="en",
    )


@pytest.fixture
def in_moderation(draft, author):
    return services.petition_submit(petition=draft, author=author)


@pytest.fixture
def open_petition(in_moderation, moderator):
    return services.petition_publish(petition=in_moderation, moderator=moderator)


@pytest.fixture
def national_petition(author, government, moderator):
    """Open, and addressed to the Government, so citizens of every region may sign."""
    draft = services.petition_create(
        author=author,
        agency=government,
        title="Rural bus routes",
        problem="Villages have no bus.",
        request="Fund rural routes.",
        language="en",
    )
    services.petition_submit(petition=draft, author=author)
    return services.petition_publish(petition=draft, moderator=moderator)


def set_count(petition: Petition, count: int) -> None:
    """Put `count` into the petition's counter (as if that many had signed) for threshold tests."""
    SignatureCounterShard.objects.filter(petition=petition).delete()
    SignatureCounterShard.objects.create(petition=petition, shard=0, count=count)


@pytest.fixture
def sent_petition(open_petition):
    set_count(open_petition, open_petition.signature_threshold)
    return services.petition_send_to_agency(petition=open_petition)


__all__ = ["PetitionFactory", "set_count"]
