"""Heads publish decisions only after a second factor (TOTP) in the same session."""

import html

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user
from django.urls import reverse

from petitions.models import RefusalGround, Status
from tests.factories import TOTP_SECRET, sign_in_with_totp

REFUSAL = "The budget for this year is already allocated. " * 8


def decide(client, petition):
    return client.post(
        reverse("petitions:decide", args=[petition.uid]),
        {
            "outcome": "refused",
            "text": REFUSAL,
            "legal_basis": "Budget Code, article 4",
            "refusal_ground": RefusalGround.objects.get(code="no-means").pk,
            "announcement": "The akim announced the answer on television.",
        },
    )


def test_a_head_without_an_authenticator_is_sent_to_set_one_up(client, sent_petition, head):
    client.force_login(head)
    page = client.get(reverse("petitions:review_detail", args=[sent_petition.uid]))

    assert reverse("mfa_activate_totp") in page.content.decode()


def test_a_password_only_session_cannot_decide_and_loses_no_text(client, sent_petition, head):
    TOTP.activate(head, TOTP_SECRET)
    client.force_login(head)

    response = decide(client, sent_petition)

    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "authenticator" in text
    assert REFUSAL.strip() in text  # the draft is shown back, not lost
    assert reverse("mfa_reauthenticate") in text
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.SENT


def test_a_head_signed_in_with_a_totp_code_records_the_decision(client, sent_petition, head):
    sign_in_with_totp(client, head)

    response = decide(client, sent_petition)

    assert response.status_code == 302
    sent_petition.refresh_from_db()
    assert sent_petition.status == Status.REFUSED


def test_a_wrong_totp_code_does_not_sign_the_official_in(client, head):
    TOTP.activate(head, TOTP_SECRET)
    client.post("/accounts/login/", {"login": head.iin, "password": "pass-12345"})

    client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert not get_user(client).is_authenticated


def test_a_reviewer_with_a_second_factor_still_cannot_decide(client, sent_petition, reviewer):
    sign_in_with_totp(client, reviewer)

    assert decide(client, sent_petition).status_code == 403
