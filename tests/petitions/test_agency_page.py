"""Each agency's page shows how it answers: petitions received, answered within the deadline,
median working days to answer, overdue now."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from petitions.models import Petition, Status
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
# 2030 lies beyond the seeded holiday calendar: only weekends are days off, so the working days
# below are counted by hand from the weekdays. 14 June 2030 is a Friday.
TODAY = datetime.date(2030, 6, 14)


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=ALMATY
    )


def sent_to(agency, status: str, *, sent: str, due: str, decided: str | None = None) -> Petition:
    return PetitionFactory(
        agency=agency,
        status=status,
        published_at=at(sent) - datetime.timedelta(days=30),
        signature_threshold=1,
        early_support_signatures=1,
        support_due=at(sent).date(),
        closes_at=at(sent) + datetime.timedelta(days=150),
        response_working_days=5,
        sent_at=at(sent),
        response_due=datetime.date.fromisoformat(due),
        decided_at=at(decided) if decided else None,
    )


@pytest.fixture
def record(almaty_akimat, government):
    """Almaty akimat: 5 received (an open petition is not); decided 3, of which 2 on time; 1
    overdue now and 1 not yet due, so 2 answered on time of the 4 whose answer came due.
    Working days from sending to the decision: 2, 5 and 3 -> median 3."""
    sent_to(
        almaty_akimat, Status.ACCEPTED, sent="2030-06-03", due="2030-06-07", decided="2030-06-05"
    )
    sent_to(
        almaty_akimat, Status.REFUSED, sent="2030-06-03", due="2030-06-05", decided="2030-06-10"
    )
    sent_to(
        almaty_akimat, Status.IMPLEMENTED, sent="2030-06-03", due="2030-06-28", decided="2030-06-06"
    )
    sent_to(almaty_akimat, Status.SENT, sent="2030-06-03", due="2030-06-12")  # overdue now
    sent_to(almaty_akimat, Status.SENT, sent="2030-06-10", due="2030-06-28")  # not yet due
    PetitionFactory(
        agency=almaty_akimat,
        status=Status.OPEN,
        published_at=at("2030-06-01"),
        signature_threshold=1,
        early_support_signatures=1,
        support_due=datetime.date(2030, 6, 14),
        closes_at=at("2030-12-01"),
        response_working_days=5,
    )
    # Another body's petition, overdue: not the akimat's.
    sent_to(government, Status.SENT, sent="2030-06-03", due="2030-06-04")
    return almaty_akimat


def figures(client, agency) -> dict[str, str]:
    with time_machine.travel(at(TODAY.isoformat(), 12), tick=False):
        page = client.get(reverse("petitions:agency", args=[agency.code])).content.decode()
    section = page[page.index('id="accountability-heading"') : page.index("</dl>")]
    return {
        term.strip(): re.sub(r"\s+", " ", value).strip()
        for term, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, re.DOTALL)
    }


def test_the_agency_page_shows_how_the_body_answers(client, record):
    shown = figures(client, record)

    assert shown["Petitions received"] == "5"
    assert shown["Answered within the deadline"] == "2 of 4 (50%)"
    assert shown["Median working days to answer"] == "3"
    assert shown["Overdue now"] == "1"


def test_a_body_with_answers_not_yet_due_says_so(client, almaty_akimat):
    sent_to(almaty_akimat, Status.SENT, sent="2030-06-10", due="2030-06-28")

    shown = figures(client, almaty_akimat)

    assert shown["Petitions received"] == "1"
    assert shown["Answered within the deadline"] == "No answer is due yet."
    assert shown["Median working days to answer"] == "No decision yet."
    assert shown["Overdue now"] == "0"
