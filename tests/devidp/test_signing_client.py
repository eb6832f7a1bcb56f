"""The stand-in signing client takes a request by POST, signs exactly the statement it shows, as
the citizen, and posts the signature back to an allowed origin only."""

import base64
import hashlib
import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from tests.devidp.browser import LOGIN_PATH, hidden_value, visit

IIN = "851102300013"
RETURN_TO = "http://127.0.0.1:8000/p/8fK2mQ9xZa/sign/eds/"
SESSION_COOKIE = "devidp_sessionid"
# Line breaks and markup on purpose: signed as LF bytes, shown escaped.
STATEMENT = (
    "Qoldau petition signature\n"
    "petition: 8fK2mQ9xZa\n"
    "title: Shade <b>at</b> bus stops & parks\n"
    f"iin: {IIN}\n"
    "signed-at: 2026-11-29T04:40:00Z\n"
)


def signed_in(idp) -> requests.Session:
    """A browser signed in at the stand-in as the citizen."""
    session = requests.Session()
    home = visit(session, f"{idp.base_url}{LOGIN_PATH}", iin=IIN)
    assert f"Signed in as {IIN}" in home.text
    return session


def send_request(
    idp, session: requests.Session, statement: str = STATEMENT, return_to: str = RETURN_TO
) -> requests.Response:
    """Post a signing request as the portal's form does: cross-origin, without a token."""
    return session.post(
        idp.sign_url,
        data={"statement": statement, "return_to": return_to},
        allow_redirects=False,
    )


def open_request(idp, session: requests.Session, **request) -> requests.Response:
    """Post a signing request and follow it to the signing page, signing in if asked to."""
    sent = send_request(idp, session, **request)
    assert sent.status_code == 303, sent.text[:2000]
    return visit(session, urljoin(idp.sign_url, sent.headers["Location"]), iin=IIN)


def confirm(idp, session: requests.Session, page: requests.Response) -> requests.Response:
    """Press Sign on the signing page."""
    form = {name: hidden_value(page.text, name) for name in ("csrfmiddlewaretoken", "digest")}
    return session.post(confirm_url(idp), data=form, allow_redirects=False)


def confirm_url(idp) -> str:
    return f"{idp.sign_url}confirm/"


def sign(idp, session: requests.Session, **request) -> requests.Response:
    """Send a request, read it and sign it."""
    page = open_request(idp, session, **request)
    assert page.status_code == 200, page.text[:2000]
    return confirm(idp, session, page)


def returned(response: requests.Response) -> dict[str, str]:
    """The "Return to Qoldau" form of the signed page (action and fields), and the page's CMS."""
    form = re.search(
        r'<form method="post" action="([^"]+)" id="return">(.*?)</form>',
        response.text,
        re.DOTALL,
    )
    assert form, response.text[:2000]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form[2])
    }
    textarea = re.search(r'<textarea id="cms"[^>]*>([^<]*)</textarea>', response.text).group(1)
    return {"action": html.unescape(form[1]), "textarea": textarea.strip(), **fields}


def shown_statement(page: requests.Response) -> str:
    return re.search(r'<pre id="statement">(.*?)</pre>', page.text, re.DOTALL).group(1)


def test_a_request_posted_without_a_token_is_kept_and_redirected_to_the_signing_page(idp):
    session = signed_in(idp)

    response = send_request(idp, session)

    assert response.status_code == 303
    assert response.headers["Location"] == "/eds/sign/"
    assert "8fK2mQ9xZa" not in response.headers["Location"]
    page = session.get(idp.sign_url, allow_redirects=False)
    assert html.unescape(shown_statement(page)) == STATEMENT


def test_an_anonymous_citizen_signs_in_and_then_sees_the_pending_statement(idp):
    session = requests.Session()
    sent = send_request(idp, session)
    before = session.cookies[SESSION_COOKIE]

    page = session.get(urljoin(idp.sign_url, sent.headers["Location"]), allow_redirects=False)
    assert page.status_code == 302
    assert urlsplit(page.headers["Location"]).path == LOGIN_PATH
    page = visit(session, idp.sign_url, iin=IIN)

    assert urlsplit(page.url).path == "/eds/sign/"
    assert html.unescape(shown_statement(page)) == STATEMENT
    # The login rotated the session's key, and the request came through with its data.
    assert session.cookies[SESSION_COOKIE] != before


def test_the_signing_page_shows_the_statement_escaped_and_in_full(idp):
    page = open_request(idp, signed_in(idp))

    assert page.status_code == 200
    shown = shown_statement(page)
    assert "<b>" not in shown
    assert html.unescape(shown) == STATEMENT


def test_signing_without_the_csrf_token_is_forbidden(idp):
    session = signed_in(idp)
    page = open_request(idp, session)

    response = session.post(
        confirm_url(idp), data={"digest": hidden_value(page.text, "digest")}, allow_redirects=False
    )

    assert response.status_code == 403


def test_signing_posts_the_statement_and_a_cms_with_the_citizens_certificate_back(idp):
    back = returned(sign(idp, signed_in(idp)))

    assert back["action"] == RETURN_TO
    assert set(back) == {"action", "textarea", "statement", "cms"}
    assert back["statement"] == STATEMENT
    cms = base64.b64decode(back["cms"])
    assert back["textarea"] == back["cms"]
    subjects = [cert.subject for cert in pkcs7.load_der_pkcs7_certificates(cms)]
    serials = [
        attribute.value
        for subject in subjects
        for attribute in subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    ]
    assert serials == [f"IIN{IIN}"]
    assert_signs(cms, STATEMENT.encode())


def test_a_statement_posted_with_crlf_line_breaks_is_signed_with_lf(idp):
    crlf = STATEMENT.replace("\n", "\r\n")

    back = returned(sign(idp, signed_in(idp), statement=crlf))

    assert back["statement"] == STATEMENT
    assert_signs(base64.b64decode(back["cms"]), STATEMENT.encode())


def test_a_return_address_outside_the_allowed_origins_is_refused_and_nothing_kept(idp):
    session = signed_in(idp)
    for return_to in (
        "https://evil.example/collect",
        "http://127.0.0.1:8000.evil.example/collect",  # a prefix of an allowed origin
        "http://127.0.0.1:8000@evil.example/collect",
        "http://127.0.0.1:8001/",
        "/relative/",
    ):
        response = send_request(idp, session, return_to=return_to)

        assert response.status_code == 400, return_to
        assert "8fK2mQ9xZa" not in response.text  # nothing to sign is shown
        assert session.get(idp.sign_url, allow_redirects=False).status_code == 400, return_to


@pytest.mark.parametrize(
    ("statement", "status"),
    [("", 400), ("x" * 4000, 303), ("x" * 4001, 400), ("xxx\r\n" * 1000, 303)],
    ids=["empty", "4000", "4001", "5000-with-crlf-4000-with-lf"],
)
def test_a_statement_is_at_most_4000_characters_once_its_line_breaks_are_lf(idp, statement, status):
    assert send_request(idp, signed_in(idp), statement=statement).status_code == status


def test_the_signing_page_with_nothing_pending_is_refused(idp):
    session = signed_in(idp)
    # The old query-string entry is gone: a statement in the URL is not a request.
    query_entry = f"{idp.sign_url}?statement=x&return_to={RETURN_TO}"

    for url in (idp.sign_url, query_entry):
        response = session.get(url, allow_redirects=False)

        assert response.status_code == 400, url
        assert "Start again from the petition" in response.text


def test_confirming_with_nothing_pending_is_refused(idp):
    session = signed_in(idp)
    home = session.get(f"{idp.base_url}/")
    token = hidden_value(home.text, "csrfmiddlewaretoken")

    response = session.post(
        confirm_url(idp), data={"csrfmiddlewaretoken": token}, allow_redirects=False
    )

    assert response.status_code == 400
    assert 'id="return"' not in response.text


def test_a_request_is_signed_once(idp):
    session = signed_in(idp)
    page = open_request(idp, session)
    assert confirm(idp, session, page).status_code == 200

    again = confirm(idp, session, page)

    assert again.status_code == 400
    assert session.get(idp.sign_url, allow_redirects=False).status_code == 400


def test_a_request_replaced_after_the_citizen_read_it_is_not_signed_unread(idp):
    session = signed_in(idp)
    page = open_request(idp, session)
    other = STATEMENT.replace("8fK2mQ9xZa", "Zz9Yy8Xx7W")
    assert send_request(idp, session, statement=other).status_code == 303

    response = confirm(idp, session, page)

    assert response.status_code == 303
    assert response.headers["Location"] == "/eds/sign/"
    again = session.get(idp.sign_url)
    assert "The statement to sign has changed" in again.text
    assert html.unescape(shown_statement(again)) == other


def assert_signs(der: bytes, data: bytes) -> None:
    """der is a detached SignedData whose signer signed data (SHA-256, RSA PKCS#1 v1.5)."""
    signed_data = asn1_cms.ContentInfo.load(der)["content"]
    assert signed_data["encap_content_info"]["content"].native is None  # detached
    signer = signed_data["signer_infos"][0]
    attributes = {attr["type"].native: attr["values"][0] for attr in signer["signed_attrs"]}
    assert attributes["message_digest"].native == hashlib.sha256(data).digest()
    serial = signer["sid"].chosen["serial_number"].native
    certificate = next(
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in signed_data["certificates"]
        if choice.chosen.serial_number == serial
    )
    # The signature covers the DER of the signed attributes as a SET OF (tag 0x31).
    signed_attributes = b"\x31" + signer["signed_attrs"].dump()[1:]
    certificate.public_key().verify(
        signer["signature"].native, signed_attributes, padding.PKCS1v15(), hashes.SHA256()
    )
