"""App configuration for petitions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from django.db.backends.signals import connection_created

        from petitions.selectors.search import sqlite_functions_add

        connection_created.connect(sqlite_functions_add, dispatch_uid="petitions-sqlite-functions")
