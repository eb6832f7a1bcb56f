"""The statement a citizen signs with an EDS: which petition, its text, who, and when.

The statement is plain text, so the citizen reads in their signing client exactly what they
sign. It is canonical: the server rebuilds it from the petition, the signed-in citizen and
the time in it, and accepts only a byte-for-byte match.

    Qoldau petition signature
    petition: 8fK2mQ9xZa
    title: Shade at bus stops
    text-sha256: 5e8f…
    iin: 900514400019
    signed-at: 2026-11-29T04:40:00Z
"""

import datetime
import hashlib

from django.utils.translation import gettext_lazy as _

from petitions.errors import EDSRefused

HEADER = "Qoldau petition signature"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class StatementRefused(EDSRefused):
    default_message = _("The signed statement does not match this petition.")


def text_sha256(petition) -> str:
    """A digest of the petition's text as published: title, problem and request."""
    text = "\n\n".join((petition.title, petition.problem, petition.request))
    return hashlib.sha256(text.encode()).hexdigest()


def statement_for(petition, citizen, at: datetime.datetime) -> str:
    at = at.astimezone(datetime.UTC).replace(microsecond=0)
    lines = [
        HEADER,
        f"petition: {petition.uid}",
        f"title: {' '.join(petition.title.split())}",
        f"text-sha256: {text_sha256(petition)}",
        f"iin: {citizen.iin}",
        f"signed-at: {at.strftime(TIME_FORMAT)}",
    ]
    return "\n".join(lines) + "\n"


def _fields(statement: str) -> dict[str, str]:
    lines = statement.replace("\r\n", "\n").split("\n")
    if not lines or lines[0] != HEADER:
        raise StatementRefused(_("This is not a Qoldau petition signature statement."))
    return dict(line.split(": ", 1) for line in lines[1:] if ": " in line)


def check_statement(
    statement: str, *, petition, citizen, now: datetime.datetime, max_age_seconds: int
) -> datetime.datetime:
    """Return the statement's signing time if it is this citizen's, for this petition, now.

    Each mismatch has its own message; anything else that differs from the canonical form
    is refused as a whole.
    """
    fields = _fields(statement)
    if fields.get("petition") != petition.uid:
        raise StatementRefused(_("The signed statement is for another petition."))
    if fields.get("text-sha256") != text_sha256(petition):
        raise StatementRefused(
            _("The signed statement names a different text than this petition has.")
        )
    if fields.get("iin") != citizen.iin:
        raise StatementRefused(_("The signed statement names another person's IIN."))
    try:
        at = datetime.datetime.strptime(fields.get("signed-at", ""), TIME_FORMAT).replace(
            tzinfo=datetime.UTC
        )
    except ValueError:
        raise StatementRefused(_("The signed statement has no readable signing time.")) from None
    age = (now - at).total_seconds()
    if age > max_age_seconds or age < -60:
        raise StatementRefused(
            _("The signed statement is too old or dated in the future. Please sign it again.")
        )
    if statement != statement_for(petition, citizen, at):
        raise StatementRefused()
    return at
