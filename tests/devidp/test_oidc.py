"""The stand-in eGov speaks OpenID Connect as eGov does: discovery, code flow with PKCE, claims."""

import secrets
from urllib.parse import urlencode

import jwt
import pytest
import requests

from tests.devidp.browser import authorize, pkce_pair, visit

ALMATY_CITIZEN = "900514400019"
FOREIGN_RESIDENT = "880709300016"
EXPECTED_CLAIMS = {
    "sub": ALMATY_CITIZEN,
    "iin": ALMATY_CITIZEN,
    "family_name": "Сейтқали",
    "given_name": "Айгүл",
    "middle_name": "Болатқызы",
    "name": "Сейтқали Айгүл Болатқызы",
    "birthdate": "1990-05-14",
    "citizenship": "KZ",
    "residence_region": "KZ-75",
    "email": "900514400019@demo.qoldau.kz",
    "email_verified": True,
    "locale": "kk-KZ",
}


@pytest.fixture(scope="module")
def discovery(idp):
    return requests.get(idp.discovery_url, timeout=10).json()


def code_for(idp, iin: str = ALMATY_CITIZEN) -> dict:
    """A fresh authorization code for iin, with what the client must remember about it."""
    verifier, challenge = pkce_pair()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    params = authorize(
        requests.Session(), idp, iin=iin, code_challenge=challenge, state=state, nonce=nonce
    )
    return {"params": params, "verifier": verifier, "state": state, "nonce": nonce}


def exchange(idp, discovery, code: str, **extra) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": idp.redirect_uris[0]}
    return requests.post(
        discovery["token_endpoint"],
        data=data | extra,
        auth=(idp.client_id, idp.client_secret),
        timeout=10,
    )


def verified_id_token(idp, discovery, id_token: str) -> dict:
    jwks = jwt.PyJWKSet.from_dict(requests.get(discovery["jwks_uri"], timeout=10).json())
    key = jwks[jwt.get_unverified_header(id_token)["kid"]]
    return jwt.decode(
        id_token,
        key=key,
        algorithms=["RS256"],
        audience=idp.client_id,
        issuer=idp.issuer,
        options={"require": ["iss", "aud", "sub", "exp", "iat", "nonce"]},
    )


def test_discovery_names_the_endpoints_s256_pkce_and_rs256(idp, discovery):
    assert discovery["issuer"] == idp.issuer
    for endpoint in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert discovery[endpoint].startswith(f"{idp.base_url}/")
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]
    assert "code" in discovery["response_types_supported"]


def test_jwks_publishes_an_rsa_signing_key(discovery):
    keys = requests.get(discovery["jwks_uri"], timeout=10).json()["keys"]

    assert [key["kty"] for key in keys] == ["RSA"]
    assert keys[0]["kid"] and keys[0]["n"] and keys[0]["e"] == "AQAB"


def test_the_code_flow_returns_the_state_and_an_id_token_with_nonce_and_claims(idp, discovery):
    grant = code_for(idp)
    assert grant["params"]["state"] == grant["state"]

    response = exchange(idp, discovery, grant["params"]["code"], code_verifier=grant["verifier"])

    assert response.status_code == 200, response.text
    claims = verified_id_token(idp, discovery, response.json()["id_token"])
    assert claims["nonce"] == grant["nonce"]
    assert claims["aud"] == idp.client_id
    assert {name: claims.get(name) for name in EXPECTED_CLAIMS} == EXPECTED_CLAIMS


def test_userinfo_returns_the_same_claims_as_the_id_token(idp, discovery):
    grant = code_for(idp)
    tokens = exchange(idp, discovery, grant["params"]["code"], code_verifier=grant["verifier"])
    access_token = tokens.json()["access_token"]

    userinfo = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    )

    assert userinfo.status_code == 200
    assert {name: userinfo.json().get(name) for name in EXPECTED_CLAIMS} == EXPECTED_CLAIMS


def test_a_foreign_resident_is_no_citizen_but_lives_in_almaty(idp, discovery):
    grant = code_for(idp, FOREIGN_RESIDENT)
    tokens = exchange(idp, discovery, grant["params"]["code"], code_verifier=grant["verifier"])

    claims = verified_id_token(idp, discovery, tokens.json()["id_token"])

    assert (claims["iin"], claims["citizenship"]) == (FOREIGN_RESIDENT, "RU")
    assert claims["residence_region"] == "KZ-75"


def test_a_token_request_without_the_code_verifier_is_refused(idp, discovery):
    grant = code_for(idp)

    response = exchange(idp, discovery, grant["params"]["code"])

    assert response.status_code == 400
    assert "id_token" not in response.json()


def test_a_token_request_with_a_wrong_code_verifier_is_refused(idp, discovery):
    grant = code_for(idp)
    wrong_verifier, _challenge = pkce_pair()

    response = exchange(idp, discovery, grant["params"]["code"], code_verifier=wrong_verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_authorization_code_is_good_for_one_exchange_only(idp, discovery):
    grant = code_for(idp)
    code, verifier = grant["params"]["code"], grant["verifier"]

    first = exchange(idp, discovery, code, code_verifier=verifier)
    second = exchange(idp, discovery, code, code_verifier=verifier)

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"


def test_the_client_may_send_its_secret_in_the_request_body(idp, discovery):
    grant = code_for(idp)
    data = {
        "grant_type": "authorization_code",
        "code": grant["params"]["code"],
        "redirect_uri": idp.redirect_uris[0],
        "code_verifier": grant["verifier"],
        "client_id": idp.client_id,
        "client_secret": idp.client_secret,
    }

    response = requests.post(discovery["token_endpoint"], data=data, timeout=10)

    assert response.status_code == 200, response.text
    assert "id_token" in response.json()


def test_a_wrong_client_secret_is_refused(idp, discovery):
    grant = code_for(idp)
    data = {
        "grant_type": "authorization_code",
        "code": grant["params"]["code"],
        "redirect_uri": idp.redirect_uris[0],
        "code_verifier": grant["verifier"],
    }

    response = requests.post(
        discovery["token_endpoint"], data=data, auth=(idp.client_id, "wrong"), timeout=10
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_an_authorization_request_without_pkce_gets_no_code(idp, discovery):
    query = {
        "response_type": "code",
        "client_id": idp.client_id,
        "redirect_uri": idp.redirect_uris[0],
        "scope": "openid profile email",
        "state": "s",
        "nonce": "n",
    }
    url = f"{discovery['authorization_endpoint']}?{urlencode(query)}"

    response = visit(requests.Session(), url, iin=ALMATY_CITIZEN, stop_at=idp.redirect_uris[0])

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_a_wrong_password_does_not_sign_in(idp, discovery):
    _verifier, challenge = pkce_pair()
    query = {
        "response_type": "code",
        "client_id": idp.client_id,
        "redirect_uri": idp.redirect_uris[0],
        "scope": "openid",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    url = f"{discovery['authorization_endpoint']}?{urlencode(query)}"

    response = visit(
        requests.Session(), url, iin=ALMATY_CITIZEN, password="wrong", stop_at=idp.redirect_uris[0]
    )

    assert response.status_code == 200
    assert "/accounts/login/" in response.url


def test_only_cookies_with_names_of_its_own_are_set(idp):
    """Cookies are shared across ports: the portal's sessionid or csrftoken must stay untouched."""
    session = requests.Session()
    _verifier, challenge = pkce_pair()

    # Signing in sets a session, a CSRF token and a "signed in" message.
    authorize(session, idp, iin=ALMATY_CITIZEN, code_challenge=challenge, state="s", nonce="n")

    assert {cookie.name for cookie in session.cookies} == {"devidp_sessionid", "devidp_csrftoken"}
