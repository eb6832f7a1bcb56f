"""Sign-in and sign-up forms: django-allauth's, with the IIN as the login field."""

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

IIN_HELP = _("Your 12-digit individual identification number.")


def _iin_widget():
    return forms.TextInput(
        attrs={"autocomplete": "username", "inputmode": "numeric", "pattern": "[0-9]{12}"}
    )


def region_choices():
    return [("", _("Choose your region")), *import_string(settings.ACCOUNTS_REGION_CHOICES)()]


class IINLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("IIN")
        login.help_text = IIN_HELP
        login.widget = _iin_widget()
        # The sign-in page links the password reset below the button; allauth's help text
        # would give the same link a second time.
        self.fields["password"].help_text = ""


class CitizenSignupForm(SignupForm):
    last_name = forms.CharField(label=_("Surname"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic (if any)"), max_length=100, required=False)
    region_code = forms.ChoiceField(label=_("Region of residence"), choices=region_choices)

    field_order = [
        "username",
        "last_name",
        "first_name",
        "patronymic",
        "region_code",
        "email",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        iin = self.fields["username"]
        iin.label = _("IIN")
        iin.help_text = IIN_HELP
        iin.widget = _iin_widget()
        self.order_fields(self.field_order)
