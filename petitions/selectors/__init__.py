"""Reads of petitions for pages, dashboards, jobs and the API; writes live in petitions/services.

Import them from here: `from petitions import selectors`.
"""

from petitions.selectors.accountability import (
    agency_accountability,
    agency_ranking,
)
from petitions.selectors.counts import (
    signature_count,
    signature_paper_count,
    signature_tally,
    with_signature_counts,
)
from petitions.selectors.deadlines import (
    agency_escalated_petitions,
    deadline_order,
    escalation_body,
    with_working_days_left,
)
from petitions.selectors.decisions import (
    decision_draft_of,
    decision_signed,
    refusal_grounds_active,
)
from petitions.selectors.follow import (
    follow_of,
    followers_to_mail,
    petitions_followed,
    signers_to_mail,
)
from petitions.selectors.hearings import (
    commission_member_of,
    commission_of,
    hearing_of,
    hearing_upcoming,
    hearings_of,
)
from petitions.selectors.hourly import hourly_chart, log_hourly_counts
from petitions.selectors.log import (
    LogTree,
    latest_tree_head,
    log_consistency,
    log_heads,
    log_inclusion,
    log_latest_head,
    log_leaves,
    log_region_counts,
    log_signature_leaf,
    own_log_leaf,
    tree_heads,
)
from petitions.selectors.open_data import (
    decisions_published,
    petition_open_data,
    petitions_open_data,
)
from petitions.selectors.plan import (
    is_following,
    milestones_remaining,
    petition_followers_to_mail,
    plan_milestones,
)
from petitions.selectors.printable import petition_pdf
from petitions.selectors.public import (
    PAGE_CACHE_SECONDS,
    agency_public_petitions,
    brief_cache_key,
    has_signed,
    page_cache_key,
    petition_cache_keys,
    petition_for_author,
    petition_page,
    petition_public_detail,
    petitions_newest,
    petitions_of_author,
    petitions_open_most_signed,
    petitions_recently_answered,
    published_petition,
    recent_signers,
)
from petitions.selectors.search import (
    petition_search,
    petitions_similar,
)
from petitions.selectors.work import (
    agency_review_queue,
    moderation_deadline,
    moderation_queue,
    prohibited_topics,
)

__all__ = [
    "agency_accountability",
    "agency_ranking",
    "PAGE_CACHE_SECONDS",
    "agency_escalated_petitions",
    "agency_public_petitions",
    "agency_review_queue",
    "brief_cache_key",
    "commission_member_of",
    "commission_of",
    "deadline_order",
    "decision_draft_of",
    "decision_signed",
    "decisions_published",
    "escalation_body",
    "has_signed",
    "hearing_of",
    "hearing_upcoming",
    "hearings_of",
    "is_following",
    "follow_of",
    "followers_to_mail",
    "signers_to_mail",
    "petitions_followed",
    "latest_tree_head",
    "LogTree",
    "log_consistency",
    "log_heads",
    "log_inclusion",
    "log_latest_head",
    "log_leaves",
    "log_region_counts",
    "log_hourly_counts",
    "hourly_chart",
    "log_signature_leaf",
    "milestones_remaining",
    "moderation_deadline",
    "moderation_queue",
    "own_log_leaf",
    "page_cache_key",
    "petition_cache_keys",
    "petition_followers_to_mail",
    "petition_for_author",
    "petition_open_data",
    "petition_page",
    "petition_pdf",
    "petition_public_detail",
    "petition_search",
    "petitions_newest",
    "petitions_of_author",
    "petitions_open_data",
    "petitions_open_most_signed",
    "petitions_recently_answered",
    "petitions_similar",
    "plan_milestones",
    "prohibited_topics",
    "published_petition",
    "recent_signers",
    "refusal_grounds_active",
    "signature_count",
    "signature_paper_count",
    "signature_tally",
    "tree_heads",
    "with_signature_counts",
    "with_working_days_left",
]
