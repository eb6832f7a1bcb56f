"""Every change of a petition's state: call these, never write `status` elsewhere."""

from petitions.services.bulk_invalidation import (
    bulk_invalidation_cancel,
    bulk_invalidation_fail,
    bulk_invalidation_preview,
    bulk_invalidation_request,
    bulk_invalidation_run_batch,
    signing_addresses_erase,
)
from petitions.services.deadlines import deadline_reminder_send, petition_escalate
from petitions.services.decisions import decision_check, decision_draft_save, decision_publish
from petitions.services.follow import follow_create, follow_delete
from petitions.services.hearings import (
    commission_member_add,
    commission_member_remove,
    hearing_cancel,
    hearing_minutes_attach,
    hearing_reschedule,
    hearing_schedule,
)
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
from petitions.services.paper import paper_petition_enter
from petitions.services.paper_sheets import paper_sheet_enter
from petitions.services.plan import (
    milestone_mark_done,
    milestones_add,
    petition_mark_implemented,
    progress_update_post,
)
from petitions.services.redirect import petition_redirect
from petitions.services.signing import (
    eds_proof_verify,
    signature_count_repair,
    signature_create,
)

__all__ = [
    "bulk_invalidation_cancel",
    "bulk_invalidation_fail",
    "bulk_invalidation_preview",
    "bulk_invalidation_request",
    "bulk_invalidation_run_batch",
    "signing_addresses_erase",
    "paper_petition_enter",
    "paper_sheet_enter",
    "petition_redirect",
    "commission_member_add",
    "commission_member_remove",
    "deadline_reminder_send",
    "decision_check",
    "decision_draft_save",
    "decision_publish",
    "eds_proof_verify",
    "follow_create",
    "follow_delete",
    "hearing_cancel",
    "hearing_minutes_attach",
    "hearing_reschedule",
    "hearing_schedule",
    "log_append",
    "milestone_mark_done",
    "milestones_add",
    "petition_create",
    "petition_escalate",
    "petition_expire",
    "petition_list",
    "petition_mark_implemented",
    "petition_mark_overdue",
    "petition_publish",
    "petition_reject",
    "petition_send_to_agency",
    "petition_submit",
    "progress_update_post",
    "signature_count_repair",
    "signature_create",
    "signature_invalidate",
    "tree_head_sign",
]
