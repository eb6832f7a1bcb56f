"""A person in the stand-in population register, tied to the account they sign in with."""

import datetime

from django.conf import settings
from django.db import models


class Citizen(models.Model):
    """What the state records about a person; the user's username is the IIN."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen"
    )
    iin = models.CharField("IIN", max_length=12, unique=True)
    surname = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    patronymic = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField()
    citizenship = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    residence_region = models.CharField(max_length=6, blank=True, help_text="ISO 3166-2:KZ")
    email = models.EmailField()
    language = models.CharField(max_length=2)

    class Meta:
        ordering = ["iin"]

    def __str__(self) -> str:
        return f"{self.iin} {self.full_name}"

    @property
    def full_name(self) -> str:
        """Surname, given name, patronymic: the order of Kazakh documents."""
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)

    def age_on(self, day: datetime.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
