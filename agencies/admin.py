"""Admin for regions, agencies, officials, threshold policies and the working-day calendar."""

from django.contrib import admin

from accounts.audit.admin import AuditedModelAdmin
from agencies.models import Agency, CalendarDay, Official, Region, ThresholdPolicy


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["iso_code", "name_en", "name_kk", "name_ru", "kind", "population"]
    list_filter = ["kind"]
    list_editable = ["population"]
    search_fields = ["iso_code", "name_en", "name_kk", "name_ru"]


class OfficialInline(admin.TabularInline):
    model = Official
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "level", "branch", "region", "parent", "is_active"]
    list_filter = ["level", "branch", "region", "is_active"]
    search_fields = ["code", "name_en", "name_kk", "name_ru"]
    autocomplete_fields = ["parent"]
    inlines = [OfficialInline]


@admin.register(Official)
class OfficialAdmin(AuditedModelAdmin):
    audit_public = False  # who works where is the officials' own data
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency__level"]
    search_fields = ["user__last_name", "user__first_name", "agency__name_en", "agency__code"]
    autocomplete_fields = ["user", "agency"]


@admin.register(ThresholdPolicy)
class ThresholdPolicyAdmin(AuditedModelAdmin):
    list_display = [
        "level",
        "branch",
        "fixed_threshold",
        "percent_of_population",
        "fixed_above_population",
        "collection_months",
        "response_working_days",
    ]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ["date", "kind", "name_en", "name_kk", "name_ru"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name_en", "name_kk", "name_ru"]
