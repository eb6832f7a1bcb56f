"""django-allauth's social account adapter: an eGov identity fills and refreshes the profile."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect

from accounts.egov.claims import ClaimsError, Identity, apply_identity, identity_from_claims


def identity_of(sociallogin) -> Identity:
    """The identity in a sign-in's verified claims; the userinfo's win over the ID token's."""
    data = sociallogin.account.extra_data
    return identity_from_claims({**data.get("id_token", {}), **data.get("userinfo", {})})


class EGovAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def is_auto_signup_allowed(self, request, sociallogin):
        # eGov vouched for everything the profile needs: no form to fill in.
        return True

    def pre_social_login(self, request, sociallogin):
        """Refresh a known citizen from the claims; link an account that has the same IIN."""
        try:
            identity = identity_of(sociallogin)
        except ClaimsError as error:
            messages.error(request, str(error))
            raise ImmediateHttpResponse(redirect("account_login")) from error
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = get_user_model().objects.filter(iin=identity.iin).first()
            if user is None:
                return  # a new citizen: populate_user fills the profile
        apply_identity(user, identity)
        user.save()
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)

    def populate_user(self, request, sociallogin, data):
        user = sociallogin.user
        apply_identity(user, identity_of(sociallogin))
        return user
