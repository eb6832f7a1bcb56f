"""Every change of a petition's state: call these, never write `status` elsewhere."""

from petitions.services.decisions import decision_publish
from petitions.services.invalidation import signature_invalidate
from petitions.services.lifecycle import (
    petition_create,
    petition_expire,
    petition_list,
    petition_mark_overdue,
    petition_publish,
    petition_reject,
    petition_send_to_agency,
    petition_submit,
)
from petitions.services.log import log_append, tree_head_sign
from petitions.services.signing import (
    eds_proof_verify,
    signature_count_repair,
    signature_create,
)

__all__ = [
    "decision_publish",
    "eds_proof_verify",
    "log_append",
    "petition_create",
    "petition_expire",
    "petition_list",
    "petition_mark_overdue",
    "petition_publish",
    "petition_reject",
    "petition_send_to_agency",
    "petition_submit",
    "signature_count_repair",
    "signature_create",
    "signature_invalidate",
    "tree_head_sign",
]
