"""Petition models; import them from here."""

from petitions.models.decision import Decision
from petitions.models.event import PetitionEvent
from petitions.models.invalidation import SignatureInvalidation
from petitions.models.log import LogLeaf, PetitionLog, TreeHead
from petitions.models.petition import (
    DECIDED_STATES,
    PUBLISHED_STATES,
    Petition,
    PetitionQuerySet,
    Status,
)
from petitions.models.reason import RejectionReason
from petitions.models.signature import Signature, SignatureCounterShard

__all__ = [
    "DECIDED_STATES",
    "PUBLISHED_STATES",
    "Decision",
    "LogLeaf",
    "Petition",
    "PetitionEvent",
    "PetitionLog",
    "PetitionQuerySet",
    "RejectionReason",
    "Signature",
    "SignatureCounterShard",
    "SignatureInvalidation",
    "Status",
    "TreeHead",
]
