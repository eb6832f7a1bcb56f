"""Validators that settings refer to by dotted path."""

from accounts.iin import validate_iin

# django-allauth runs these on the login field (the IIN) at sign-up.
iin_username_validators = [validate_iin]
