"""The user: a citizen or staff member identified by IIN."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.iin import IIN, full_years, parse_iin, validate_iin
from accounts.kazakh_latin import to_latin
from accounts.managers import UserManager

ADULT_AGE = 18


def in_reader_script(text: str) -> str:
    """`text` in the Latin script when the reader chose Kazakh in the Latin script."""
    return to_latin(text) if get_language() == "kk-latn" else text


class User(AbstractBaseUser, PermissionsMixin):
    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # ISO 3166-2:KZ code, the key of agencies.Region; kept as a code so accounts imports nothing.
    region_code = models.CharField(_("region of residence"), max_length=5, blank=True)
    is_citizen = models.BooleanField(_("citizen of Kazakhstan"), default=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Set when eGov vouched for the name, birth date, citizenship and region above; only
    # then may the person file or sign (accounts.eligibility).
    identity_verified_at = models.DateTimeField(
        _("identity confirmed by eGov"), null=True, blank=True
    )
    # The interface language chosen on the language switch (kk-latn too): e-mails come in it.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="kk",
        blank=True,
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "iin"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name", "email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iin__regex=r"^[0-9]{12}$"), name="user_iin_twelve_digits"
            ),
        ]

    def __str__(self):
        return self.full_name or self.iin

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def public_name(self) -> str:
        """First name and surname initial: all that other citizens may see of a signer; in
        the Latin script for a reader of Kazakh in the Latin script, as petition text is."""
        initial = f" {self.last_name[0]}." if self.last_name else ""
        return in_reader_script(f"{self.first_name}{initial}")

    @property
    def parsed_iin(self) -> IIN:
        return parse_iin(self.iin)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return in_reader_script(self.first_name)

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    def age_on(self, day: datetime.date) -> int:
        """Age from the verified birth date, or from the IIN's until eGov has sent one."""
        return full_years(self.birth_date or self.parsed_iin.birth_date, day)

    def is_adult(self, on: datetime.date | None = None) -> bool:
        return self.age_on(on or timezone.localdate()) >= ADULT_AGE
