"""The statements signed with an EDS: a citizen's signature of a petition (which petition, its
text, who, and when), and the head's signature of the body's decision (decision_statement_for).

The statement is plain text, so the citizen reads in their signing client exactly what they
sign. It is canonical: the server rebuilds it from the petition, the signed-in citizen and
the time in it, and accepts only a byte-for-byte match.

    Qoldau petition signature
    petition: 8fK2mQ9xZa
    title: Shade at bus stops
    text-sha256: 5e8f…
    signer: 3b9c…  (the signer's nullifier in the public signature log, never the IIN)
    signed-at: 2026-11-29T04:40:00Z

Statements stored before the IIN left them carry "iin: <IIN>" (and "head-iin: <IIN>" for
decisions); they stay as stored, and public downloads mask that value (masked_statement).
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from petitions.errors import EDSRefused
from petitions.transparency.formats import nullifier

HEADER = "Qoldau petition signature"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class StatementRefused(EDSRefused):
    default_message = _("The signed statement does not match this petition.")


# The lines of the old statement format that carried the IIN itself.
IIN_LINE = re.compile(r"^((?:head-)?iin: )[0-9]{12}$", re.MULTILINE)
IIN_MASK = "[withheld]"


def person_id(petition, person) -> str:
    """Who signed, without the IIN: the keyed hash (HMAC-SHA256 under the signature log's
    nullifier key) of the petition and the person's IIN, the nullifier the log publishes for a
    signature. Anyone holding the key can confirm a given IIN; nobody can read it back."""
    key = settings.SIGNATURE_LOG_NULLIFIER_KEY.encode()
    return nullifier(key, petition.uid, person.iin)


def masked_statement(statement: str) -> str:
    """The statement with any IIN of the old format replaced by IIN_MASK, for public download."""
    return IIN_LINE.sub(lambda match: match[1] + IIN_MASK, statement)


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
        f"signer: {person_id(petition, citizen)}",
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
    if fields.get("signer") != person_id(petition, citizen):
        raise StatementRefused(_("The signed statement names another person."))
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


# The head's EDS over a decision: the same plain, canonical form, naming what is published.
#
#     Qoldau decision of a state body
#     petition: 8fK2mQ9xZa
#     title: Shade at bus stops
#     body: akimat-kz-75
#     outcome: refused
#     text-sha256: 5e8f…
#     refusal-ground: no-means
#     legal-basis: Budget Code, article 4
#     announcement-sha256: 9c1d…
#     announcement-url: https://example.kz/news/1
#     head: Ерлан Асқарұлы Сейітов
#     head-id: 7c1e…  (keyed hash of the head's IIN, as person_id)
#     signed-at: 2026-11-29T04:40:00Z
#
# The long texts are named by their SHA-256 (of the UTF-8 text as published, with LF line
# breaks) so the statement stays short enough for any signing client; anyone can recompute
# them from the petition's page or the open-data API.
DECISION_HEADER = "Qoldau decision of a state body"


class DecisionStatementRefused(EDSRefused):
    default_message = _(
        "The signed statement does not match this decision: the draft changed after it was "
        "signed. Please sign it again."
    )


def _sha256(text: str) -> str:
    # As decisions are stored: LF line breaks, no surrounding whitespace.
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode()).hexdigest()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def decision_statement_for(petition, decision, head, at: datetime.datetime) -> str:
    """The statement the head signs: `decision` is a Decision or a DecisionDraft (or anything
    with their fields), as it will be published."""
    at = at.astimezone(datetime.UTC).replace(microsecond=0)
    lines = [
        DECISION_HEADER,
        f"petition: {petition.uid}",
        f"title: {_one_line(petition.title)}",
        f"body: {petition.agency.code}",
        f"outcome: {decision.outcome}",
        f"text-sha256: {_sha256(decision.text)}",
    ]
    # What belongs to the other outcome is not published, so it is not signed either.
    if decision.outcome == "accepted":
        lines.append(f"actions-sha256: {_sha256(decision.actions)}")
        due = decision.implementation_due
        lines.append(f"implementation-due: {due.isoformat() if due else ''}")
    elif decision.refusal_ground_id:
        lines.append(f"refusal-ground: {decision.refusal_ground.code}")
    if decision.legal_basis:
        lines.append(f"legal-basis: {_one_line(decision.legal_basis)}")
    lines.append(f"announcement-sha256: {_sha256(decision.announcement)}")
    if decision.announcement_url:
        lines.append(f"announcement-url: {decision.announcement_url.strip()}")
    lines += [
        f"head: {_one_line(head.full_name)}",
        f"head-id: {person_id(petition, head)}",
        f"signed-at: {at.strftime(TIME_FORMAT)}",
    ]
    return "\n".join(lines) + "\n"


def check_decision_statement(
    statement: str, *, petition, decision, head, now: datetime.datetime, max_age_seconds: int
) -> datetime.datetime:
    """Return the statement's signing time if it is this head's, for exactly this decision, now."""
    lines = statement.replace("\r\n", "\n").split("\n")
    if not lines or lines[0] != DECISION_HEADER:
        raise DecisionStatementRefused(_("This is not a Qoldau decision statement."))
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    if fields.get("petition") != petition.uid:
        raise DecisionStatementRefused(_("The signed statement is for another petition."))
    if fields.get("head-id") != person_id(petition, head):
        raise DecisionStatementRefused(_("The signed statement names another person."))
    try:
        at = datetime.datetime.strptime(fields.get("signed-at", ""), TIME_FORMAT).replace(
            tzinfo=datetime.UTC
        )
    except ValueError:
        raise DecisionStatementRefused(
            _("The signed statement has no readable signing time.")
        ) from None
    age = (now - at).total_seconds()
    if age > max_age_seconds or age < -60:
        raise DecisionStatementRefused(
            _("The signed statement is too old or dated in the future. Please sign it again.")
        )
    if statement != decision_statement_for(petition, decision, head, at):
        raise DecisionStatementRefused()
    return at
