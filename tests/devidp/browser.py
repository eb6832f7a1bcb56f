"""A citizen's browser at the stand-in eGov, played with requests: redirects, sign-in, PKCE."""

import base64
import hashlib
import html
import re
import secrets
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests

from devidp.citizens import DEMO_PASSWORD

LOGIN_PATH = "/accounts/login/"
REDIRECTS = (301, 302, 303, 307, 308)


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 code challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hidden_value(page: str, name: str) -> str:
    """The value of a form's hidden input `name` in an HTML page."""
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, f"no {name} in the page"
    return html.unescape(match.group(1))


def visit(
    session: requests.Session,
    url: str,
    *,
    iin: str,
    password: str = DEMO_PASSWORD,
    stop_at: str | None = None,
) -> requests.Response:
    """GET url and follow redirects, signing in as iin when the sign-in form comes up.

    With stop_at, a redirect to a URL starting with it is returned unfollowed (a callback
    that nothing serves in these tests).
    """
    response = _follow(session, session.get(url, allow_redirects=False), stop_at)
    if response.status_code == 200 and urlsplit(response.url).path == LOGIN_PATH:
        form = {
            "csrfmiddlewaretoken": hidden_value(response.text, "csrfmiddlewaretoken"),
            "login": iin,
            "password": password,
        }
        if 'name="next"' in response.text:
            form["next"] = hidden_value(response.text, "next")
        posted = session.post(response.url, data=form, allow_redirects=False)
        response = _follow(session, posted, stop_at)
    return response


def _follow(session, response, stop_at):
    for _ in range(10):
        if response.status_code not in REDIRECTS:
            return response
        location = urljoin(response.url, response.headers["Location"])
        if stop_at and location.startswith(stop_at):
            return response
        response = session.get(location, allow_redirects=False)
    raise AssertionError(f"too many redirects, last at {response.url}")


def authorize(
    session: requests.Session,
    idp,
    *,
    iin: str,
    code_challenge: str,
    state: str,
    nonce: str,
    scope: str = "openid profile email",
) -> dict[str, str]:
    """Run the authorization request as a browser, signed in as iin; the callback's parameters."""
    discovery = requests.get(idp.discovery_url, timeout=10).json()
    redirect_uri = idp.redirect_uris[0]
    query = {
        "response_type": "code",
        "client_id": idp.client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    url = f"{discovery['authorization_endpoint']}?{urlencode(query)}"
    response = visit(session, url, iin=iin, stop_at=redirect_uri)
    assert response.status_code == 302, response.text[:2000]
    location = response.headers["Location"]
    assert location.startswith(redirect_uri)
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}
