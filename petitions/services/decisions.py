"""The head of the addressee publishes the decision: acceptance into work or a reasoned refusal."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions import notifications
from petitions.errors import PetitionError
from petitions.models import Decision, Petition, PetitionEvent, Status
from petitions.models.decision import MIN_REFUSAL_REASONING
from petitions.rules import is_head_of_addressee
from petitions.services.transitions import transition

DECIDABLE_STATES = (Status.SENT,)


def _validate(outcome, text, actions, implementation_due, legal_basis) -> None:
    if not text.strip():
        raise PetitionError(_("The head's statement cannot be empty."))
    if outcome == Decision.Outcome.ACCEPTED:
        if not actions.strip() or implementation_due is None:
            raise PetitionError(_("An acceptance must say what will be done and by which date."))
        if implementation_due < timezone.localdate():
            raise PetitionError(_("The date by which it will be done cannot be in the past."))
    elif outcome == Decision.Outcome.REFUSED:
        if len(text.strip()) < MIN_REFUSAL_REASONING or not legal_basis.strip():
            raise PetitionError(
                _(
                    "A refusal needs a reasoned statement of at least %(n)d characters "
                    "and its legal basis."
                )
                % {"n": MIN_REFUSAL_REASONING}
            )
    else:
        raise PetitionError(_("Choose acceptance or refusal."))


@transaction.atomic
def decision_publish(
    *,
    petition: Petition,
    head,
    outcome: str,
    text: str,
    actions: str = "",
    implementation_due: datetime.date | None = None,
    legal_basis: str = "",
) -> Decision:
    if not is_head_of_addressee(head, petition):
        raise PermissionDenied(_("Only the head of the addressee can publish its decision."))
    _validate(outcome, text, actions, implementation_due, legal_basis)
    now = timezone.now()
    status = Status.ACCEPTED if outcome == Decision.Outcome.ACCEPTED else Status.REFUSED
    event = PetitionEvent.Kind.ACCEPTED if status == Status.ACCEPTED else PetitionEvent.Kind.REFUSED
    transition(
        petition,
        allowed=DECIDABLE_STATES,
        to=status,
        event=event,
        actor=head,
        decided_at=now,
    )
    decision = Decision.objects.create(
        petition=petition,
        outcome=outcome,
        text=text.strip(),
        actions=actions.strip() if status == Status.ACCEPTED else "",
        implementation_due=implementation_due if status == Status.ACCEPTED else None,
        legal_basis=legal_basis.strip(),
        head=head,
        published_at=now,
    )
    notifications.queue(notifications.notify_decision, petition)
    return decision
