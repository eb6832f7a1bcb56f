"""Admin for users: search by IIN or name, filter by region and role flags."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.audit.admin import AuditedModelAdmin
from accounts.models import User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["iin", "last_name", "first_name", "email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    audit_public = False  # a person's record is theirs; the trail keeps its changes private
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["last_name", "first_name"]
    list_display = ["iin", "last_name", "first_name", "region_code", "email", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_citizen", "region_code", "groups"]
    search_fields = ["iin", "last_name", "first_name", "email"]
    # What eGov vouched for is refreshed at each eGov sign-in, not typed in here.
    readonly_fields = ["identity_verified_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["iin", "password"]}),
        (
            _("Person"),
            {
                "fields": [
                    "last_name",
                    "first_name",
                    "patronymic",
                    "email",
                    "region_code",
                    "is_citizen",
                    "birth_date",
                    "identity_verified_at",
                    "preferred_language",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["iin", "last_name", "first_name", "email", "password1", "password2"],
            },
        ),
    ]
