"""URLs of the public audit trail."""

from django.urls import path

from accounts.audit import views

app_name = "audit"

urlpatterns = [
    path("head.json", views.head, name="head"),
    path("entries.json", views.entries, name="entries"),
    path("entries/<int:seq>.json", views.entry, name="entry"),
]
