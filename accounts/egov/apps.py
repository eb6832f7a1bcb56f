from django.apps import AppConfig


class EGovConfig(AppConfig):
    name = "accounts.egov"
    label = "egov"
    verbose_name = "eGov sign-in"
