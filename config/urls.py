"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("accounts.audit.urls")),
    path("api/v1/", include("petitions.api.urls")),
    path("", include("petitions.urls")),
]
