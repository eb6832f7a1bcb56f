"""URLs of the stand-in eGov: the demo's pages, allauth's sign-in and its OpenID provider."""

from django.urls import include, path

from devidp import views

urlpatterns = [
    path("", views.home, name="home"),
    path("eds/sign/", views.sign, name="eds_sign"),
    path("eds/sign/confirm/", views.sign_confirm, name="eds_sign_confirm"),
    path("accounts/", include("allauth.urls")),
    # Ahead of allauth's own route of the same path, which keeps its name for reverse().
    path("identity/o/authorize", views.PKCEAuthorizationView.as_view()),
    path("", include("allauth.idp.urls")),
]
