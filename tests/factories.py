"""factory_boy factories for the project's models."""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from accounts.iin import make_iin
from accounts.models import User
from agencies.models import Agency, Official
from petitions.models import Petition

_serials = itertools.count(100)


def adult_iin(birth_date=datetime.date(1990, 1, 1), sex="male") -> str:
    """A fresh valid IIN: each call takes a new serial so no two collide."""
    while True:
        iin = make_iin(birth_date, sex, serial=next(_serials))
        if not User.objects.filter(iin=iin).exists():
            return iin


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    iin = factory.LazyFunction(adult_iin)
    last_name = factory.Sequence(lambda n: f"Сейтов{n}")
    first_name = "Ерлан"
    email = factory.Sequence(lambda n: f"citizen{n}@example.kz")
    region_code = "KZ-75"
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name="moderators"))


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    user = factory.SubFactory(UserFactory)
    agency = factory.LazyFunction(lambda: Agency.objects.get(code="akimat-kz-75"))
    role = Official.Role.HEAD


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    author = factory.SubFactory(UserFactory)
    agency = factory.LazyFunction(lambda: Agency.objects.get(code="akimat-kz-75"))
    title = factory.Sequence(lambda n: f"Petition number {n}")
    problem = "The bus stops have no shade."
    request = "Install shades at every bus stop."
    language = "en"
