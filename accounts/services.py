"""Writes on the user's own settings."""

from django.conf import settings
from django.db import transaction

from accounts.models import User


def is_interface_language(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    """Remember the interface language `user` chose; their e-mails are written in it."""
    if not is_interface_language(language):
        raise ValueError(f"not an interface language: {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
