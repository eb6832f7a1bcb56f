"""The sign-in form: allauth's, asking for an IIN as eGov does."""

from allauth.account.forms import LoginForm


class IINLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = "IIN"
        field.widget.attrs.update(
            {"placeholder": "12 digits", "inputmode": "numeric", "autocomplete": "username"}
        )
        # Its "Forgot your password?" link would mail a demo address nobody reads.
        self.fields["password"].help_text = ""
