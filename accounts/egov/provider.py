"""The eGov provider for django-allauth: OpenID Connect with PKCE, configured from settings."""

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.urls import reverse
from django.utils.http import urlencode

from accounts.egov.views import PROVIDER_ID, EGovOAuth2Adapter


class EGovProvider(OpenIDConnectProvider):
    id = PROVIDER_ID
    name = "eGov"
    oauth2_adapter_class = EGovOAuth2Adapter
    pkce_enabled_default = True

    def get_login_url(self, request, **kwargs):
        url = reverse(f"{self.id}_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse(f"{self.id}_callback")


provider_classes = [EGovProvider]
