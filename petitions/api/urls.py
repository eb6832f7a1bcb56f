"""URLs of the open-data API, mounted at /api/v1/ by config/urls.py."""

from django.urls import path

from petitions.api import api

urlpatterns = [path("", api.urls)]
