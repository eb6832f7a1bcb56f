"""The proof-of-work check (petitions.proof_of_work) on filing, and on signing that looks automated.

A solution is found in Python with the altcha package, as the browser's script finds it.
"""

import base64
import json
import time

import pytest
import time_machine
from altcha import PayloadV1, solve_challenge_v1
from django.urls import reverse

from config.settings import base
from petitions.models import Petition, Signature, Topic
from tests.factories import UserFactory

ADDRESS = "127.0.0.2"
OTHER_ADDRESS = "127.0.0.3"


@pytest.fixture(autouse=True)
def _enabled(settings):
    settings.PROOF_OF_WORK_ENABLED = True
    settings.PROOF_OF_WORK_MAX_NUMBER = 2000
    settings.PETITIONS_RATE_LIMITS = dict(base.PETITIONS_RATE_LIMITS)
    settings.PETITIONS_RATE_LIMITS["sign_per_address_per_petition"] = ""
    settings.PETITIONS_RATE_LIMITS["sign_per_address"] = ""
    settings.CLIENT_ADDRESS_HEADER = ""


def solution(check: dict, number: int | None = None) -> str:
    challenge = check["challenge"]
    if number is None:
        number = solve_challenge_v1(
            challenge["challenge"], challenge["salt"], "SHA-256", challenge["maxNumber"]
        ).number
    payload = PayloadV1(
        "SHA-256", challenge["challenge"], number, challenge["salt"], challenge["signature"]
    )
    return payload.to_base64()


def petition_form(agency, title="Parks"):
    return {
        "agency": agency.pk,
        "title": title,
        "problem": "No parks in our district.",
        "request": "Build a park.",
        "language": "kk",
        "topic": Topic.objects.get(slug="environment").pk,
    }


@pytest.fixture
def filing(client, citizen):
    client.force_login(citizen)
    url = reverse("petitions:new")
    page = client.get(url, REMOTE_ADDR=ADDRESS)
    return url, page.context["proof_of_work"]


def test_the_form_explains_the_check_and_loads_the_script(client, filing):
    page = client.get(filing[0]).content.decode()

    assert "your browser runs a short automatic check" in page
    assert "please wait 20 seconds after opening this page" in page
    assert "js/proof-of-work.js" in page
    assert 'name="proof_of_work_started"' in page


def test_a_solved_challenge_files_the_petition(client, citizen, almaty_akimat, filing):
    url, check = filing
    data = {**petition_form(almaty_akimat), "proof_of_work": solution(check)}

    response = client.post(url, data, REMOTE_ADDR=ADDRESS)

    assert response.status_code == 302
    assert Petition.internal.filter(author=citizen).count() == 1


def refused(client, url, data, message):
    response = client.post(url, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Parks"' in page and "No parks in our district." in page
    return response


def test_a_wrong_solution_is_refused_and_the_text_kept(client, citizen, almaty_akimat, filing):
    url, check = filing
    right = json.loads(base64.b64decode(solution(check)))
    wrong = solution(check, number=right["number"] + 1)

    refused(client, url, {**petition_form(almaty_akimat), "proof_of_work": wrong}, "did not pass")
    refused(
        client, url, {**petition_form(almaty_akimat), "proof_of_work": "rubbish"}, "did not pass"
    )
    assert not Petition.internal.filter(author=citizen).exists()


def test_an_expired_solution_is_refused(client, citizen, almaty_akimat, filing, settings):
    url, check = filing
    answer = solution(check)

    with time_machine.travel(time.time() + settings.PROOF_OF_WORK_EXPIRES + 1):
        refused(client, url, {**petition_form(almaty_akimat), "proof_of_work": answer}, "expired")
    assert not Petition.internal.filter(author=citizen).exists()


def test_a_solution_cannot_be_sent_twice(client, citizen, almaty_akimat, filing):
    url, check = filing
    answer = solution(check)
    first = client.post(url, {**petition_form(almaty_akimat), "proof_of_work": answer})

    assert first.status_code == 302
    refused(
        client,
        url,
        {**petition_form(almaty_akimat), "proof_of_work": answer},
        "already been sent once",
    )
    assert Petition.internal.filter(author=citizen).count() == 1


def test_without_javascript_a_person_who_waits_files(client, citizen, almaty_akimat, window_clock):
    client.force_login(citizen)
    url = reverse("petitions:new")
    started = client.get(url).context["proof_of_work"]["started"]
    data = {**petition_form(almaty_akimat), "proof_of_work_started": started}

    window_clock.shift(5)
    early = refused(client, url, data, "please wait 15 seconds and send the form again")
    # The form that comes back keeps the moment it was first shown.
    assert early.context["proof_of_work"]["started"] == started
    window_clock.shift(15)
    assert client.post(url, data).status_code == 302
    # The same note does not let a bot file again.
    refused(client, url, data, "please wait 20 seconds")
    assert Petition.internal.filter(author=citizen).count() == 1


def test_an_instant_post_without_a_solution_is_refused(client, citizen, almaty_akimat):
    client.force_login(citizen)
    url = reverse("petitions:new")

    refused(client, url, petition_form(almaty_akimat), "please wait 20 seconds")
    refused(
        client,
        url,
        {**petition_form(almaty_akimat), "proof_of_work_started": "forged"},
        "please wait 20 seconds",
    )
    assert not Petition.internal.filter(author=citizen).exists()


def test_the_message_speaks_the_readers_language(client, citizen, almaty_akimat):
    client.force_login(citizen)

    response = client.post(
        reverse("petitions:new"), petition_form(almaty_akimat), HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 400
    assert response.context["LANGUAGE_CODE"] == "ru"


def test_switched_off_filing_needs_no_check(client, citizen, almaty_akimat, settings):
    settings.PROOF_OF_WORK_ENABLED = False
    client.force_login(citizen)
    url = reverse("petitions:new")

    assert "proof-of-work" not in client.get(url).content.decode()
    assert client.post(url, petition_form(almaty_akimat)).status_code == 302


def sign(client, petition, person, address, data=None):
    client.force_login(person)
    url = reverse("petitions:sign", args=[petition.uid])
    return client.post(url, data or {}, REMOTE_ADDR=address)


def test_signing_needs_the_check_only_past_the_suspicious_rate(
    client, window_clock, open_petition, settings
):
    settings.PETITIONS_RATE_LIMITS["sign_suspicious_per_address"] = "3/h"
    people = UserFactory.create_batch(6)
    url = reverse("petitions:sign", args=[open_petition.uid])

    client.force_login(people[0])
    assert client.get(url, REMOTE_ADDR=ADDRESS).context["proof_of_work"] is None
    assert [sign(client, open_petition, p, ADDRESS).status_code for p in people[:3]] == [302] * 3

    # The fourth from that address is asked for the check, before and after pressing the button.
    client.force_login(people[3])
    page = client.get(url, REMOTE_ADDR=ADDRESS)
    assert page.context["proof_of_work"] is not None
    assert "your browser runs a short automatic check" in page.content.decode()
    asked = sign(client, open_petition, people[3], ADDRESS)
    assert asked.status_code == 400
    assert "please wait 10 seconds" in asked.content.decode()
    assert not Signature.objects.filter(citizen=people[3]).exists()

    check = asked.context["proof_of_work"]
    solved = sign(client, open_petition, people[3], ADDRESS, {"proof_of_work": solution(check)})
    assert solved.status_code == 302
    assert Signature.objects.filter(citizen=people[3]).exists()

    # Another address is not asked.
    assert sign(client, open_petition, people[4], OTHER_ADDRESS).status_code == 302
    assert Signature.objects.filter(citizen=people[4]).exists()


def test_signing_without_javascript_past_the_suspicious_rate_waits(
    client, window_clock, open_petition, settings
):
    settings.PETITIONS_RATE_LIMITS["sign_suspicious_per_address"] = "0/h"
    person = UserFactory()
    client.force_login(person)
    url = reverse("petitions:sign", args=[open_petition.uid])
    started = client.get(url, REMOTE_ADDR=ADDRESS).context["proof_of_work"]["started"]

    window_clock.shift(10)
    response = sign(client, open_petition, person, ADDRESS, {"proof_of_work_started": started})

    assert response.status_code == 302
    assert Signature.objects.filter(citizen=person).exists()


def test_switched_off_signing_needs_no_check(client, window_clock, open_petition, settings):
    settings.PROOF_OF_WORK_ENABLED = False
    settings.PETITIONS_RATE_LIMITS["sign_suspicious_per_address"] = "0/h"

    assert sign(client, open_petition, UserFactory(), ADDRESS).status_code == 302
