"""The audit trail in the admin (read only), and the mixin that records every admin edit."""

from django.contrib import admin

from accounts.audit.models import AuditEntry, Role
from accounts.audit.services import audit_record, target_of

# Recorded as changed, never with their values: secrets, and the IIN, which is stored in plain
# text only in the user's own record.
SECRET_FIELDS = {"password", "password1", "password2", "iin"}


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple) or hasattr(value, "model"):  # many-to-many
        return sorted(str(getattr(item, "pk", item)) for item in value)
    return value


def form_changes(form) -> dict:
    """{field: (before, after)} for the fields a ModelForm changed, many-to-many included."""
    return {
        name: ("…", "…")
        if name in SECRET_FIELDS
        else (_value(form.initial.get(name)), _value(form.cleaned_data.get(name)))
        for name in form.changed_data
    }


class AuditedModelAdmin(admin.ModelAdmin):
    """Records additions, changes (with before and after) and deletions, inlines included.

    `audit_public` says whether the changes themselves are shown to the public; who made them
    and from where never are.
    """

    audit_public = True

    def save_model(self, request, obj, form, change):
        changes = form_changes(form)
        super().save_model(request, obj, form, change)
        if changes or not change:
            self.audit(request, obj, "changed" if change else "added", changes)

    def delete_model(self, request, obj):
        self.audit(request, obj, "deleted", {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.audit(request, obj, "deleted", {})
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        changed = {f.instance.pk: form_changes(f) for f in formset.forms if f.has_changed()}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self.audit(request, obj, "added", {})
        for obj, _fields in formset.changed_objects:
            self.audit(request, obj, "changed", changed.get(obj.pk, {}))
        for obj in formset.deleted_objects:
            self.audit(request, obj, "deleted", {})

    def audit(self, request, obj, verb: str, changes: dict) -> None:
        audit_record(
            action=f"{obj._meta.label_lower}.{verb}",
            target=target_of(obj),
            role=Role.ADMINISTRATOR,
            actor=request.user,
            changes=changes,
            public=self.audit_public,
        )


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """For rows only code writes (and the database may refuse to change): view, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["seq", "at", "action", "target", "role", "actor", "address", "public"]
    list_filter = ["role", "public"]
    search_fields = ["action", "target", "entry_hash"]
    date_hierarchy = "at"
    show_full_result_count = False
