"""Sign-in through eGov, end to end: the portal's OIDC client against the stand-in provider.

The Django test client plays the portal's side of the browser, a requests session the
provider's side; the portal talks to the provider (discovery, JWKS, token, userinfo) over
real HTTP on loopback.
"""

import datetime
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user

from accounts.egov.views import EGovOAuth2Adapter, nonce_for
from accounts.eligibility import NotEligible, ensure_can_participate
from accounts.models import User
from petitions.models import Signature
from tests.devidp.browser import visit
from tests.factories import UserFactory

CALLBACK = "http://testserver/accounts/egov/login/callback/"
ALMATY_CITIZEN = "900514400019"
MINOR = "091120500014"
FOREIGN_RESIDENT = "880709300016"


def begin(client) -> tuple[str, dict[str, str]]:
    """Press "Sign in with eGov"; the authorization URL and its parameters."""
    response = client.post("/accounts/egov/login/")
    assert response.status_code == 302
    url = response["Location"]
    return url, {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def at_provider(authorize_url: str, iin: str) -> str:
    """Sign in at the provider as `iin`; the callback URL it sends the browser back to."""
    answer = visit(requests.Session(), authorize_url, iin=iin, stop_at=CALLBACK)
    assert answer.status_code == 302, answer.text[:1000]
    return answer.headers["Location"].removeprefix("http://testserver")


def sign_in(client, iin: str):
    authorize_url, _params = begin(client)
    return client.get(at_provider(authorize_url, iin))


@pytest.mark.django_db
def test_the_authorization_request_carries_state_nonce_and_pkce(client, egov):
    url, params = begin(client)

    assert url.startswith(f"{egov.issuer}/")
    assert params["response_type"] == "code"
    assert set(params["scope"].split()) == {"openid", "profile", "email"}
    assert params["state"]
    assert params["nonce"] == nonce_for(params["state"])
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43


@pytest.mark.django_db
def test_a_new_citizen_is_created_from_the_verified_claims(client, egov):
    sign_in(client, ALMATY_CITIZEN)

    user = get_user(client)
    assert user.is_authenticated
    assert user.iin == ALMATY_CITIZEN
    assert (user.last_name, user.first_name) == ("Сейтқали", "Айгүл")
    assert user.birth_date == datetime.date(1990, 5, 14)
    assert user.region_code == "KZ-75"
    assert user.is_citizen
    assert user.identity_verified_at is not None
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_a_citizen_signed_in_through_egov_can_sign(client, egov, open_petition):
    sign_in(client, ALMATY_CITIZEN)

    client.post(f"/p/{open_petition.uid}/sign/")

    assert Signature.objects.filter(citizen__iin=ALMATY_CITIZEN).exists()


@pytest.mark.django_db
def test_an_existing_account_with_the_iin_is_linked_and_refreshed(client, egov):
    typed = UserFactory(iin=ALMATY_CITIZEN, region_code="KZ-35", identity_verified_at=None)

    sign_in(client, ALMATY_CITIZEN)

    typed.refresh_from_db()
    assert get_user(client).pk == typed.pk
    assert typed.region_code == "KZ-75"
    assert typed.identity_verified_at is not None
    assert User.objects.count() == 1
    # A second sign-in goes through the linked account: still one user.
    client.logout()
    sign_in(client, ALMATY_CITIZEN)
    assert get_user(client).pk == typed.pk


@pytest.mark.django_db
@pytest.mark.parametrize(("iin", "why"), [(MINOR, "18"), (FOREIGN_RESIDENT, "citizens")])
def test_eligibility_comes_from_the_claims(client, egov, iin, why):
    sign_in(client, iin)

    user = User.objects.get(iin=iin)
    with pytest.raises(NotEligible, match=why):
        ensure_can_participate(user)


@pytest.mark.django_db
def test_a_callback_with_another_state_is_refused(client, egov):
    authorize_url, params = begin(client)
    callback = at_provider(authorize_url, ALMATY_CITIZEN)

    response = client.get(callback.replace(params["state"], "forged-state"))

    assert not get_user(client).is_authenticated
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not User.objects.exists()


def _token(egov, key, *, alg="RS256", **claims) -> str:
    kid = requests.get(f"{egov.issuer}/.well-known/jwks.json", timeout=10)
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid.json()["keys"][0]["kid"]})


def _provider_key(egov):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key((egov.eds_dir.parent / "signing-key.pem").read_bytes(), None)


USERINFO = {
    "sub": ALMATY_CITIZEN,
    "iin": ALMATY_CITIZEN,
    "family_name": "Сейтқали",
    "given_name": "Айгүл",
    "birthdate": "1990-05-14",
    "citizenship": "KZ",
    "residence_region": "KZ-75",
}


def callback_answered_with(client, egov, monkeypatch, spoil: str | None) -> None:
    """Run a sign-in whose token endpoint answers with an ID token made here, spoiled or not.

    The userinfo answer is canned too, so that a correct ID token signs the citizen in and
    only the spoiled claim can make the difference.
    """
    authorize_url, params = begin(client)
    callback = at_provider(authorize_url, ALMATY_CITIZEN)
    now = int(time.time())
    claims = {
        "iss": egov.issuer,
        "aud": egov.client_id,
        "sub": ALMATY_CITIZEN,
        "iat": now,
        "exp": now + 300,
        "nonce": nonce_for(params["state"]),
    }
    key = _provider_key(egov)
    if spoil == "foreign_key":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif spoil == "expired":
        claims |= {"iat": now - 900, "exp": now - 600}
    elif spoil == "wrong_nonce":
        claims["nonce"] = "replayed-from-another-sign-in"
    elif spoil == "wrong_audience":
        claims["aud"] = "another-client"
    elif spoil == "wrong_issuer":
        claims["iss"] = "https://idp.example"
    token = _token(egov, key, **claims)
    monkeypatch.setattr(
        EGovOAuth2Adapter,
        "get_access_token_data",
        lambda self, *args, **kwargs: {"access_token": "x", "id_token": token},
    )
    monkeypatch.setattr(EGovOAuth2Adapter, "_fetch_user_info", lambda self, _: USERINFO)
    client.get(callback)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil", ["foreign_key", "expired", "wrong_nonce", "wrong_audience", "wrong_issuer"]
)
def test_a_forged_or_expired_id_token_is_refused(client, egov, monkeypatch, spoil):
    callback_answered_with(client, egov, monkeypatch, spoil)

    assert not get_user(client).is_authenticated
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_correct_id_token_made_the_same_way_signs_in(client, egov, monkeypatch):
    # The control for the forgeries above: only the spoiled claim made them fail.
    callback_answered_with(client, egov, monkeypatch, None)

    assert get_user(client).iin == ALMATY_CITIZEN


@pytest.mark.django_db
def test_an_id_token_without_a_signature_is_refused(client, egov, monkeypatch):
    authorize_url, params = begin(client)
    callback = at_provider(authorize_url, ALMATY_CITIZEN)
    unsigned = jwt.encode(
        {"iss": egov.issuer, "aud": egov.client_id, "sub": ALMATY_CITIZEN},
        key=None,
        algorithm="none",
        headers={"kid": "any"},
    )
    monkeypatch.setattr(
        EGovOAuth2Adapter,
        "get_access_token_data",
        lambda self, *args, **kwargs: {"access_token": "x", "id_token": unsigned},
    )

    client.get(callback)

    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_the_sign_in_page_offers_egov_first_when_it_is_configured(client, settings, egov):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'action="/accounts/egov/login/?process=login"' in page
    assert page.index("Sign in with eGov") < page.index('name="password"')


@pytest.mark.django_db
def test_without_an_issuer_the_sign_in_page_has_no_egov_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"egov": {"APPS": []}}

    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Sign in with eGov" not in page
    assert 'name="password"' in page
