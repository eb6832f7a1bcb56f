"""A proof-of-work check on forms that bots post in bulk: filing, and signing that looks automated.

The browser solves an ALTCHA challenge (static/js/proof-of-work.js finds the number whose
SHA-256 with the challenge's salt gives the challenge; the altcha package makes and checks
it, with no outside service). Without JavaScript the form carries a signed note of when it
was shown: a person who waits PROOF_OF_WORK_WAIT_SECONDS before sending passes, a bot that
posts at once does not. A used solution or note is remembered in the cache until it expires,
so it cannot be sent twice.
"""

import hashlib
import logging
import math
import time
from datetime import UTC, datetime, timedelta

from altcha import PayloadV1, create_challenge_v1, extract_params_v1, verify_solution_v1
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

SOLUTION_FIELD = "proof_of_work"
STARTED_FIELD = "proof_of_work_started"
SIGNING_SALT = "petitions.proof_of_work"
# Far longer than any browser's solution; a bound on what is read and decoded.
MAX_SOLUTION_LENGTH = 2000


def enabled() -> bool:
    return settings.PROOF_OF_WORK_ENABLED


def _hmac_key() -> str:
    return settings.PROOF_OF_WORK_HMAC_KEY or salted_hmac(SIGNING_SALT, "hmac-key").hexdigest()


def _started_token(request, purpose: str) -> str:
    """The form's note of when it was first shown, kept when the form comes back."""
    posted = request.POST.get(STARTED_FIELD, "")
    if _started_at(request, purpose, posted) is not None and not _used(posted):
        return posted
    return signing.dumps({"u": request.user.pk, "p": purpose, "t": time.time()}, salt=SIGNING_SALT)


def _started_at(request, purpose: str, token: str) -> float | None:
    try:
        note = signing.loads(token, salt=SIGNING_SALT, max_age=settings.PROOF_OF_WORK_EXPIRES)
    except signing.BadSignature:
        return None
    if note.get("u") != request.user.pk or note.get("p") != purpose:
        return None
    return note.get("t")


def _wait(purpose: str) -> int:
    """Seconds a person without JavaScript waits: "sign:<uid>" waits as "sign" does."""
    return settings.PROOF_OF_WORK_WAIT_SECONDS[purpose.split(":")[0]]


def context(request, *, purpose: str) -> dict:
    """What the form shows: a fresh challenge, the note of when it was shown, the wait."""
    expires = datetime.now(tz=UTC) + timedelta(seconds=settings.PROOF_OF_WORK_EXPIRES)
    challenge = create_challenge_v1(
        hmac_key=_hmac_key(), max_number=settings.PROOF_OF_WORK_MAX_NUMBER, expires=expires
    )
    return {
        "challenge": challenge.to_dict(),
        "started": _started_token(request, purpose),
        "wait": _wait(purpose),
        "solution_field": SOLUTION_FIELD,
        "started_field": STARTED_FIELD,
    }


def _used_key(token: str) -> str:
    return "pow:used:" + hashlib.sha256(token.encode()).hexdigest()


def _used(token: str) -> bool:
    # With Redis down the cache answers a miss (IGNORE_EXCEPTIONS in settings).
    return caches["default"].get(_used_key(token)) is not None


def _first_use(token: str) -> bool:
    """Remember a solution or a note until it expires; False when it was used before."""
    added = caches["default"].add(_used_key(token), 1, settings.PROOF_OF_WORK_EXPIRES)
    if added is None:
        # The cache is down (django-redis answers None when it ignores the error). As with the
        # rate limits, a replay is not caught rather than everyone refused; the database's
        # constraints still allow one signature each.
        logger.warning("proof of work: replay not checked, the cache is unavailable")
        return True
    return added


def _solution_refusal(solution: str) -> str | None:
    try:
        payload = PayloadV1.from_base64(solution).to_dict()
        expires = extract_params_v1(payload).get("expires", ["0"])[0]
        if int(expires) < time.time():
            return _(
                "The automatic check has expired because the form was open for a long time."
                " Please send it again; what you typed is kept."
            )
        verified, _error = verify_solution_v1(payload, _hmac_key(), check_expires=True)
    except (ValueError, TypeError, KeyError, AttributeError):
        verified = False
    if not verified:
        return _(
            "The automatic check that a person sent this form did not pass. Please send it"
            " again; what you typed is kept."
        )
    if not _first_use(payload["challenge"]):
        return _(
            "This form has already been sent once. Please send it again; what you typed is kept."
        )
    return None


def refusal(request, *, purpose: str) -> str | None:
    """Why this submission is refused, in the reader's language; None when it passes."""
    solution = request.POST.get(SOLUTION_FIELD, "")[:MAX_SOLUTION_LENGTH]
    if solution:
        return _solution_refusal(solution)
    token = request.POST.get(STARTED_FIELD, "")
    started = _started_at(request, purpose, token)
    wait = _wait(purpose)
    remaining = wait if started is None else math.ceil(started + wait - time.time())
    if remaining <= 0 and _first_use(token):
        return None
    if remaining <= 0:
        remaining = wait
    return ngettext(
        "The automatic check has not finished. If JavaScript is off in your browser, please"
        " wait %(seconds)d second and send the form again; what you typed is kept.",
        "The automatic check has not finished. If JavaScript is off in your browser, please"
        " wait %(seconds)d seconds and send the form again; what you typed is kept.",
        remaining,
    ) % {"seconds": remaining}
