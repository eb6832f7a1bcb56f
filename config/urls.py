"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from accounts.views import language_set

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("audit/", include("accounts.audit.urls")),
    path("api/v1/", include("petitions.api.urls")),
    path("", include("petitions.urls")),
]

# 400, 403 and 404 are Django's own handlers with templates/400.html, 403.html and 404.html;
# the 500 page renders without the request's context, which may be what failed.
handler500 = "config.views.server_error"
