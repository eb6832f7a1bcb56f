"""django-allauth adapter: fills the citizen's profile and words errors about the IIN."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.views import language_sync_on_sign_in


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": _("An account with this IIN already exists. Please sign in."),
        "username_password_mismatch": _("The IIN or the password is not correct."),
    }

    def is_open_for_signup(self, request):
        """Citizens join through eGov; a password sign-up form exists only where it is enabled."""
        return settings.ACCOUNTS_PASSWORD_SIGNUP

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.patronymic = data.get("patronymic", "")
        user.region_code = data.get("region_code", "")
        user.preferred_language = get_language() or "kk"
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language_sync_on_sign_in(request, response, user)
        return response


def user_display(user) -> str:
    """How allauth's messages name a person ("Signed in as ..."): by first name, never the IIN."""
    return user.get_short_name() or user.public_name
