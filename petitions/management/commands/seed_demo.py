"""Load the demo accounts and a few petitions for `make run`; running it again changes nothing."""

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.iin import make_iin
from agencies.models import Agency, Official
from petitions import services
from petitions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, add_demo_signers
from petitions.models import Petition, Topic

# (key, birth date, sex, surname, first name, region, role)
DEMO_PEOPLE = [
    ("admin", datetime.date(1980, 1, 15), "male", "Әкімшілік", "Админ", "KZ-71", "admin"),
    ("citizen_almaty", datetime.date(1990, 5, 14), "female", "Сейтқали", "Айгүл", "KZ-75", None),
    ("citizen_karaganda", datetime.date(1985, 11, 2), "male", "Ахметов", "Ерлан", "KZ-35", None),
    ("head_almaty", datetime.date(1975, 3, 8), "male", "Жақсылықов", "Нұрлан", "KZ-75", "head"),
    ("reviewer_almaty", datetime.date(1992, 7, 1), "female", "Ли", "Анна", "KZ-75", "reviewer"),
    ("head_government", datetime.date(1970, 9, 21), "female", "Омарова", "Гүлнар", "KZ-71", "head"),
    ("moderator", datetime.date(1988, 12, 30), "female", "Қасымова", "Дина", "KZ-71", "moderator"),
]
POSTS = {
    "head_almaty": ("akimat-kz-75", Official.Role.HEAD),
    "reviewer_almaty": ("akimat-kz-75", Official.Role.REVIEWER),
    "head_government": ("government", Official.Role.HEAD),
}


class Command(BaseCommand):
    help = f"Create the demo accounts (password: {DEMO_PASSWORD}) and demo petitions."

    @transaction.atomic
    def handle(self, *args, **options):
        people = {key: self._person(*row) for key, *row in DEMO_PEOPLE}
        for key, (agency_code, role) in POSTS.items():
            Official.objects.update_or_create(
                user=people[key],
                defaults={"agency": Agency.objects.get(code=agency_code), "role": role},
            )
            if not Authenticator.objects.filter(user=people[key]).exists():
                TOTP.activate(people[key], DEMO_TOTP_SECRET)
        people["moderator"].groups.add(Group.objects.get(name="moderators"))
        if not Petition.internal.exists():
            self._petitions(people)
        for key, user in people.items():
            self.stdout.write(f"{key:18} IIN {user.iin}  password {DEMO_PASSWORD}")
        self.stdout.write(f"officials' authenticator secret (TOTP): {DEMO_TOTP_SECRET}")

    def _person(self, birth_date, sex, surname, first_name, region, role):
        User = get_user_model()
        iin = make_iin(birth_date, sex, serial=1)
        user = User.objects.filter(iin=iin).first()
        if user is None:
            user = User.objects.create_user(
                iin,
                DEMO_PASSWORD,
                last_name=surname,
                first_name=first_name,
                email=f"{iin}@demo.qoldau.kz",
                region_code=region,
                birth_date=birth_date,
                # The demo's people are known to eGov, as if they had signed in there once.
                identity_verified_at=timezone.now(),
                is_staff=role == "admin",
                is_superuser=role == "admin",
            )
        return user

    def _petitions(self, people):
        almaty = Agency.objects.get(code="akimat-kz-75")
        health = Agency.objects.get(code="ministry-health")
        open_petition = services.petition_create(
            author=people["citizen_almaty"],
            agency=almaty,
            title="Алматыдағы аялдамаларға күннен қорғайтын шатыр орнату",
            problem=(
                "Жазда аялдамаларда көлік күткен адамдар, әсіресе қарттар мен балалар, "
                "күннің астында қалады. Көп аялдамада шатыр жоқ."
            ),
            request=(
                "Қаланың барлық аялдамаларына 2027 жылдың жазына дейін шатыр орнатуды сұраймыз."
            ),
            language="kk",
            topic=Topic.objects.get(slug="transport-roads"),
        )
        services.petition_submit(petition=open_petition, author=people["citizen_almaty"])
        services.petition_publish(petition=open_petition, moderator=people["moderator"])
        add_demo_signers(open_petition, 60)
        services.petition_list(petition=open_petition)

        waiting = services.petition_create(
            author=people["citizen_karaganda"],
            agency=health,
            title="Бесплатная вакцинация от клещевого энцефалита для жителей сёл",
            problem="В сельских районах много случаев укусов клещей, а вакцина платная.",
            request="Включить вакцинацию от клещевого энцефалита в гарантированный объём "
            "бесплатной медицинской помощи для жителей сельских районов.",
            language="ru",
            topic=Topic.objects.get(slug="health"),
        )
        services.petition_submit(petition=waiting, author=people["citizen_karaganda"])
