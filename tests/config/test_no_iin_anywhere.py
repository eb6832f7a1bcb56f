"""No IIN leaves the portal: not in a page, a JSON or CSV answer, an e-mail or a log line.

Citizens file and sign (online and on paper); then every URL of the access matrix is fetched
as each role and each answer searched for every IIN the database holds, also written in
groups ("900101 300123", "9001-0130-0123"). Django's admin is left out: it is for staff and
shows the user record itself.
"""

import datetime
import logging
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from agencies.models import Agency
from petitions import services
from tests.config.test_access_matrix import (
    ROLES,
    build_world,
    fill,
    project_routes,
    request_as,
    spec_for,
)
from tests.factories import adult_iin


def iin_pattern(iins) -> re.Pattern:
    # Digits separated by at most one space, dash, dot or no-break space still make the IIN.
    spelled = ["[\\s\\-.\u00a0]?".join(iin) for iin in iins]
    return re.compile("(?<!\\d)(?:" + "|".join(spelled) + ")(?!\\d)")


def paper_flow(world) -> None:
    """A petition filed on paper, and a paper signature sheet of the open petition."""
    moderator = world["people"]["moderator"]
    services.paper_petition_enter(
        by=moderator,
        iin=adult_iin(datetime.date(1977, 7, 7), "female"),
        last_name="Жұмабаева",
        first_name="Гүлнар",
        patronymic="",
        region_code="KZ-75",
        email="gulnar@example.kz",
        agency=Agency.objects.get(code="akimat-kz-75"),
        title="A crossing by school 12",
        problem="Children cross a wide road.",
        request="Build a crossing with lights.",
        language="kk",
    )
    sheet_iin = adult_iin(datetime.date(1966, 6, 16), "male")
    services.paper_sheet_enter(
        petition=world["petitions"]["open"],
        by=moderator,
        text=f"{sheet_iin}; Ахметов; Ержан",
        region_attested=True,
    )


@pytest.fixture
def world(db, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world()
        paper_flow(world)
    iins = list(User.objects.values_list("iin", flat=True))
    world["iins"] = iin_pattern(iins)
    world["iins_but"] = {
        role: iin_pattern([iin for iin in iins if iin != person.iin])
        for role, person in world["people"].items()
    }
    return world


# The statement a signer signs with their EDS names them by IIN (petitions/statement.py), and
# the signing page shows it to them before they sign: their own IIN, and nobody else's.
OWN_IIN_SHOWN = {"p/<slug:uid>/sign/"}


def test_the_pattern_finds_an_iin_however_it_is_grouped():
    pattern = iin_pattern(["900101300123"])
    for text in ("900101300123", "x 900101 300123.", "9001-0130-0123", "<td>900101\xa0300123"):
        assert pattern.search(text), text
    assert not pattern.search("1900101300123")  # part of a longer number


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_shows_an_iin(world, role):
    found = []
    for route in project_routes():
        spec = spec_for(route)
        if spec is None or route.startswith("admin/"):
            continue
        path = fill(route, spec, world)
        response = request_as(world, role, "get", path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pattern = world["iins"]
        if route in OWN_IIN_SHOWN and role != "anonymous":
            pattern = world["iins_but"][role]
        if pattern.search(body.decode("utf-8", "replace")):
            found.append(path)
    assert not found, f"An IIN appears to {role} in: {found}"


def test_no_log_line_or_e_mail_has_an_iin(world, caplog):
    citizen = world["people"]["citizen"]
    # A failed sign-in with the IIN, and refused requests, are what gets logged.
    request_as(world, "anonymous", "post", "/accounts/login/")
    Client().post("/accounts/login/", {"login": citizen.iin, "password": "wrong"})
    request_as(world, "citizen", "get", "/moderation/")
    request_as(world, "citizen", "get", f"/petitions/mine/{world['petitions']['draft'].uid}/")
    assert mail.outbox, "the flow sends e-mails"
    assert caplog.records, "the flow logs"
    lines = [record.getMessage() for record in caplog.records] + [caplog.text]
    assert not [line for line in lines if world["iins"].search(line)]
    for message in mail.outbox:
        alternatives = getattr(message, "alternatives", [])
        parts = [message.subject, message.body, *(a[0] for a in alternatives)]
        assert not world["iins"].search("\n".join(map(str, parts))), message.subject
