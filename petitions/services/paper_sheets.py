"""Signature sheets received on paper, entered by the portal's staff line by line.

A paper signature goes through the same INSERT and the same (petition, citizen) key as an
online one, so a citizen who signed both ways counts once. Each line is added or reported with
why not, so nothing on the sheet is lost; IINs never leave the staff's own entry page.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.iin import parse_iin
from accounts.models import ADULT_AGE
from petitions.errors import PetitionError, SigningClosed
from petitions.models import Petition, PetitionEvent, Signature, Status
from petitions.services.paper import NAME_MAX_LENGTH, ensure_can_enter_paper
from petitions.services.signing import counter_increment, signature_insert
from petitions.services.transitions import event_record

MAX_SHEET_LINES = 1000
# "IIN; surname; first name": semicolons, or tabs as a spreadsheet copies its columns.
LINE_SEPARATOR = re.compile(r"[;\t]")


class LineOutcome(models.TextChoices):
    ADDED = "added", _("Added")
    ALREADY_SIGNED = "already_signed", _("Already signed")
    INVALID = "invalid", _("Not a valid line")
    UNDER_AGE = "under_age", _("Under 18")
    DUPLICATE = "duplicate", _("Repeated in this sheet")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


@dataclass(frozen=True)
class SheetLine:
    """One line of a sheet and what became of it; `message` explains anything but ADDED."""

    number: int
    text: str
    outcome: str
    message: str = ""

    @property
    def added(self) -> bool:
        return self.outcome == LineOutcome.ADDED

    @property
    def outcome_label(self) -> str:
        return LineOutcome(self.outcome).label


@dataclass(frozen=True)
class SheetReport:
    lines: list[SheetLine] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(line.added for line in self.lines)

    def count(self, outcome: str) -> int:
        return sum(line.outcome == outcome for line in self.lines)

    @property
    def problems(self) -> list[SheetLine]:
        """Lines that added nothing, in sheet order."""
        return [line for line in self.lines if not line.added]


def sheet_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line of a sheet that is not blank."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


@dataclass
class _Signer:
    number: int
    text: str
    iin: str
    last_name: str
    first_name: str


def _signer_or_problem(number: int, text: str) -> _Signer | SheetLine:
    parts = [part.strip() for part in LINE_SEPARATOR.split(text)]
    while len(parts) > 3 and not parts[-1]:
        parts.pop()
    if len(parts) != 3 or not all(parts):
        return SheetLine(
            number,
            text,
            LineOutcome.INVALID,
            str(_("Write each line as: IIN; surname; first name.")),
        )
    iin, last_name, first_name = parts
    iin = "".join(iin.split())
    try:
        parsed = parse_iin(iin)
    except ValidationError as error:
        return SheetLine(number, text, LineOutcome.INVALID, error.messages[0])
    if len(last_name) > NAME_MAX_LENGTH or len(first_name) > NAME_MAX_LENGTH:
        return SheetLine(
            number,
            text,
            LineOutcome.INVALID,
            str(_("A name is at most %(n)d characters long.") % {"n": NAME_MAX_LENGTH}),
        )
    if parsed.age_on(timezone.localdate()) < ADULT_AGE:
        return SheetLine(
            number,
            text,
            LineOutcome.UNDER_AGE,
            str(_("By the birth date in the IIN this person is under 18.")),
        )
    return _Signer(number, text, parsed.value, last_name, first_name)


def _accounts(signers: list[_Signer], region_code: str) -> dict:
    """The account of every signer by IIN, creating (unverified) those that do not exist."""
    User = get_user_model()
    iins = [signer.iin for signer in signers]
    known = set(User.objects.filter(iin__in=iins).values_list("iin", flat=True))
    new = []
    for signer in signers:
        if signer.iin not in known:
            user = User(
                iin=signer.iin,
                last_name=signer.last_name,
                first_name=signer.first_name,
                region_code=region_code,
            )
            user.set_unusable_password()
            new.append(user)
    # A concurrent sheet may create the same person first; either way the IIN's one account.
    User.objects.bulk_create(new, ignore_conflicts=True)
    return User.objects.in_bulk(iins, field_name="iin")


def _ineligible(citizen, region_code: str | None) -> str:
    """Why this account may not sign the petition, or "" when it may."""
    if not citizen.is_citizen:
        return str(_("By the state's records this person is not a citizen of Kazakhstan."))
    if not citizen.is_adult():
        return str(_("By the state's records this person is under 18."))
    if region_code and citizen.region_code and citizen.region_code != region_code:
        return str(
            _(
                "By the portal's records this person lives in another region; the petition is "
                "addressed to a local body."
            )
        )
    return ""


def _already_signed(petition: Petition, citizen) -> str | None:
    signature = Signature.objects.filter(petition=petition, citizen=citizen).first()
    if signature is None:
        return None
    return (
        str(_("This person's signature from a paper sheet is already counted."))
        if signature.on_paper
        else str(_("This person has already signed online; they are counted once."))
    )


@transaction.atomic
def paper_sheet_enter(
    *, petition: Petition, by, text: str, region_attested: bool = False
) -> SheetReport:
    """Enter a paper signature sheet: one "IIN; surname; first name" per line.

    Each line is added, or reported with why not (an invalid line, under 18, repeated in the
    sheet, already signed online or on paper, not eligible), so nothing on the sheet is lost.
    For a local addressee the staff attest that the signers live in its region, and the
    signatures are counted for that region. One timeline step records how many were added.
    """
    ensure_can_enter_paper(by)
    if petition.status != Status.OPEN or timezone.now() >= petition.closes_at:
        raise SigningClosed()
    local_region = petition.agency.region_id if petition.agency.is_local else None
    if local_region and not region_attested:
        raise PetitionError(
            _("Confirm that the signers live in the region of the state body the petition is for.")
        )
    numbered = sheet_lines(text)
    if not numbered:
        raise PetitionError(_("The sheet has no lines."))
    if len(numbered) > MAX_SHEET_LINES:
        raise PetitionError(
            _("Enter at most %(n)d lines per sheet; split a longer sheet in two.")
            % {"n": MAX_SHEET_LINES}
        )
    outcomes: dict[int, SheetLine] = {}
    signers: list[_Signer] = []
    first_line_of: dict[str, int] = {}
    for number, line in numbered:
        checked = _signer_or_problem(number, line)
        if isinstance(checked, SheetLine):
            outcomes[number] = checked
        elif checked.iin in first_line_of:
            outcomes[number] = SheetLine(
                number,
                line,
                LineOutcome.DUPLICATE,
                str(_("The same IIN as line %(n)d.") % {"n": first_line_of[checked.iin]}),
            )
        else:
            first_line_of[checked.iin] = number
            signers.append(checked)
    accounts = _accounts(signers, local_region or "")
    for signer in signers:
        citizen = accounts[signer.iin]
        why_not = _ineligible(citizen, local_region)
        if why_not:
            outcomes[signer.number] = SheetLine(
                signer.number, signer.text, LineOutcome.NOT_ELIGIBLE, why_not
            )
            continue
        added = signature_insert(
            petition=petition,
            citizen=citizen,
            region_code=local_region or citizen.region_code,
            on_paper=True,
        )
        if added is not None:
            outcomes[signer.number] = SheetLine(signer.number, signer.text, LineOutcome.ADDED)
            continue
        message = _already_signed(petition, citizen)
        if message is None:  # the petition stopped collecting while the sheet was entered
            raise SigningClosed()
        outcomes[signer.number] = SheetLine(
            signer.number, signer.text, LineOutcome.ALREADY_SIGNED, message
        )
    report = SheetReport(lines=[outcomes[number] for number, _line in numbered])
    if report.added:
        counter_increment(petition=petition, count=report.added, paper=report.added)
        # The trail's own notes are in English, as the lifecycle writes them.
        with translation.override("en"):
            note = ngettext(
                "%(n)d signature entered from a paper sheet",
                "%(n)d signatures entered from a paper sheet",
                report.added,
            ) % {"n": report.added}
        event_record(
            petition,
            kind=PetitionEvent.Kind.PAPER,
            actor=by,
            note=note,
            changes={"paper_signatures_added": (0, report.added)},
        )
    return report
