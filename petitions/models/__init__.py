"""Petition models; import them from here."""

from petitions.models.bulk import BulkInvalidation
from petitions.models.decision import Decision, DecisionDraft
from petitions.models.event import PetitionEvent
from petitions.models.follow import DeadlineReminder, Follow
from petitions.models.hearing import CommissionMember, Hearing
from petitions.models.invalidation import SignatureInvalidation
from petitions.models.log import (
    SUBTREE_LEVEL,
    LogHourCount,
    LogLeaf,
    LogSubtree,
    PetitionLog,
    TreeHead,
)
from petitions.models.petition import (
    DECIDED_STATES,
    PUBLISHED_STATES,
    Petition,
    PetitionQuerySet,
    Status,
)
from petitions.models.plan import Milestone, ProgressUpdate
from petitions.models.reason import RefusalGround, RejectionReason
from petitions.models.signature import Signature, SignatureCounterShard
from petitions.models.topic import Topic

__all__ = [
    "DECIDED_STATES",
    "PUBLISHED_STATES",
    "SUBTREE_LEVEL",
    "BulkInvalidation",
    "CommissionMember",
    "DeadlineReminder",
    "Decision",
    "DecisionDraft",
    "Follow",
    "Hearing",
    "LogHourCount",
    "LogLeaf",
    "LogSubtree",
    "Milestone",
    "Petition",
    "PetitionEvent",
    "PetitionLog",
    "PetitionQuerySet",
    "ProgressUpdate",
    "RefusalGround",
    "RejectionReason",
    "Signature",
    "SignatureCounterShard",
    "SignatureInvalidation",
    "Status",
    "Topic",
    "TreeHead",
]
