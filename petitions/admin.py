"""Admin for petitions: read-mostly, since state changes go through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.audit.admin import AuditedModelAdmin, ReadOnlyModelAdmin
from petitions.models import (
    BulkInvalidation,
    CommissionMember,
    DeadlineReminder,
    Decision,
    DecisionDraft,
    Follow,
    Hearing,
    LogHourCount,
    LogLeaf,
    LogSubtree,
    Milestone,
    Petition,
    PetitionEvent,
    PetitionLog,
    ProgressUpdate,
    RefusalGround,
    RejectionReason,
    Signature,
    SignatureCounterShard,
    SignatureInvalidation,
    Topic,
    TreeHead,
)
from petitions.selectors import signature_count
from petitions.services.transitions import event_record


class PetitionEventInline(admin.TabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "created_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(AuditedModelAdmin):
    list_display = ["title", "uid", "agency", "status", "published_at", "response_due", "count"]
    list_filter = ["status", "agency__level", "language", "agency__region"]
    search_fields = ["title", "uid", "agency__name_en", "agency__name_ru", "agency__name_kk"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]
    autocomplete_fields = ["author", "agency"]
    inlines = [PetitionEventInline]
    # The lifecycle belongs to petitions.services: the admin may fix text, not state or terms.
    readonly_fields = [
        "uid",
        "status",
        "created_at",
        "submitted_at",
        "moderation_due",
        "rejected_at",
        "rejection_reason",
        "published_at",
        "signature_threshold",
        "early_support_signatures",
        "support_due",
        "closes_at",
        "response_working_days",
        "listed_at",
        "expired_at",
        "sent_at",
        "response_due",
        "overdue_at",
        "decided_at",
    ]

    @admin.display(description=_("signatures"))
    def count(self, petition):
        return signature_count(petition)

    def audit(self, request, obj, verb, changes):
        if verb == "deleted":
            super().audit(request, obj, verb, changes)
        else:  # a correction of a petition is a step on its public timeline
            event_record(obj, kind=PetitionEvent.Kind.EDITED, actor=request.user, changes=changes)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["petition", "citizen", "region_code", "created_at"]
    list_filter = ["region_code"]
    search_fields = ["petition__uid", "citizen__iin"]
    raw_id_fields = ["petition", "citizen"]
    show_full_result_count = False
    # Personal data kept only to select signatures for a bulk invalidation: shown nowhere.
    exclude = ["address"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PetitionEvent)
class PetitionEventAdmin(admin.ModelAdmin):
    list_display = ["petition", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["petition__uid", "petition__title"]
    raw_id_fields = ["petition", "actor"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["petition", "outcome", "head", "published_at"]
    list_filter = ["outcome"]
    search_fields = ["petition__uid", "petition__title"]
    raw_id_fields = ["petition", "head"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RejectionReason)
class RejectionReasonAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "name_kk", "name_ru", "is_prohibited_topic", "position"]
    list_filter = ["is_prohibited_topic"]
    list_editable = ["position"]
    search_fields = ["code", "name_en", "name_kk", "name_ru"]


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    list_display = ["slug", "name_en", "name_kk", "name_ru", "is_active", "position"]
    list_filter = ["is_active"]
    list_editable = ["is_active", "position"]
    search_fields = ["slug", "name_en", "name_kk", "name_ru"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SignatureCounterShard)
class SignatureCounterShardAdmin(admin.ModelAdmin):
    """Read-only: the counter changes only by signing (and, later, by the repair recount)."""

    list_display = ["petition", "shard", "count"]
    search_fields = ["petition__uid"]
    raw_id_fields = ["petition"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyModelAdmin):
    """The signature log is written only by its job, and the database refuses edits anyway."""

    raw_id_fields = ["petition"]
    search_fields = ["petition__uid"]


@admin.register(LogLeaf)
class LogLeafAdmin(ReadOnlyAdmin):
    list_display = ["petition", "index", "kind", "nullifier"]
    list_filter = ["kind"]
    exclude = ["leaf_hash"]


@admin.register(LogSubtree)
class LogSubtreeAdmin(ReadOnlyAdmin):
    list_display = ["petition", "level", "position"]
    exclude = ["root"]


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnlyAdmin):
    list_display = ["petition", "size", "signed_at"]
    exclude = ["root", "signature"]


@admin.register(PetitionLog)
class PetitionLogAdmin(ReadOnlyAdmin):
    list_display = ["petition", "size", "read_up_to_time"]


@admin.register(LogHourCount)
class LogHourCountAdmin(ReadOnlyAdmin):
    list_display = ["petition", "hour", "signatures"]


@admin.register(SignatureInvalidation)
class SignatureInvalidationAdmin(ReadOnlyAdmin):
    """Made only by signature_invalidate, which also lowers the count and revokes the leaf."""

    list_display = ["signature", "invalidated_by", "created_at", "reason"]
    raw_id_fields = ["signature", "invalidated_by"]
    search_fields = ["signature__petition__uid"]
    list_select_related = ["invalidated_by"]


@admin.register(RefusalGround)
class RefusalGroundAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "name_kk", "name_ru", "legal_reference", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["code", "name_en", "name_kk", "name_ru"]


class AgencyWorkAdmin(AuditedModelAdmin):
    """The agency's work on a petition, kept by its officials through the review pages; the
    admin corrects it, and every correction goes into the audit trail."""

    raw_id_fields = ["petition"]
    search_fields = ["petition__uid", "petition__title"]


@admin.register(Hearing)
class HearingAdmin(AgencyWorkAdmin):
    list_display = ["petition", "starts_at", "place", "cancelled_at", "minutes_at"]
    raw_id_fields = ["petition", "scheduled_by"]


@admin.register(CommissionMember)
class CommissionMemberAdmin(AgencyWorkAdmin):
    list_display = ["petition", "name", "position", "role"]


@admin.register(Milestone)
class MilestoneAdmin(AgencyWorkAdmin):
    list_display = ["petition", "title", "due", "done_at"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AgencyWorkAdmin):
    list_display = ["petition", "milestone", "created_at"]
    raw_id_fields = ["petition", "milestone", "author"]


@admin.register(DecisionDraft)
class DecisionDraftAdmin(ReadOnlyAdmin):
    list_display = ["petition", "outcome", "drafted_by", "updated_at"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdmin):
    list_display = ["petition", "agency", "working_days_before", "response_due", "sent_at"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["petition", "created_at"]


@admin.register(BulkInvalidation)
class BulkInvalidationAdmin(ReadOnlyAdmin):
    """Made by moderators on the moderation pages; its job alone moves the status."""

    list_display = ["petition", "status", "matched", "invalidated", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["petition", "requested_by"]
    # The address range names signers' addresses: on the moderators' pages only.
    exclude = ["criteria"]
