from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from accounts.egov.provider import EGovProvider

urlpatterns = default_urlpatterns(EGovProvider)
