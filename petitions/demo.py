"""Demo signers for `make run`: real accounts with valid IINs, signing through the real service."""

import datetime
import itertools
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.iin import make_iin
from petitions.models import Petition
from petitions.services import signature_create

DEMO_PASSWORD = "qoldau-demo"  # noqa: S105 (published in the README for the demo accounts)
# The demo officials' authenticator secret (base32), published in the README: add it to an
# authenticator app, or print the current code with `manage.py demo_totp_code IIN`.
DEMO_TOTP_SECRET = "QOLDAUDEMOQOLDAUDEMOQOLDAUDEMO23"  # noqa: S105
FIRST_NAMES = [
    "Айгерим",
    "Данияр",
    "Мадина",
    "Нұрсұлтан",
    "Алия",
    "Тимур",
    "Жанар",
    "Арман",
    "Ольга",
    "Сергей",
    "Асель",
    "Бауыржан",
    "Камила",
    "Ержан",
    "Динара",
    "Руслан",
]
SURNAMES = [
    "Ахметов",
    "Иванова",
    "Сейітов",
    "Ким",
    "Нұрланова",
    "Петров",
    "Әбенов",
    "Жумабаева",
    "Тен",
    "Оспанов",
    "Каримова",
    "Мұратов",
    "Смагулова",
    "Ли",
    "Байжанов",
    "Попова",
]
FIRST_DEMO_BIRTHDAY = datetime.date(1960, 1, 1)


def _new_iins(count: int) -> list[str]:
    User = get_user_model()
    taken = set(User.objects.values_list("iin", flat=True))
    iins: list[str] = []
    for i in itertools.count():
        if len(iins) == count:
            break
        birth_date = FIRST_DEMO_BIRTHDAY + datetime.timedelta(days=i % 14000)
        sex = random.choice(["male", "female"])  # noqa: S311 (demo data)
        iin = make_iin(birth_date, sex, serial=2000 + i // 14000 * 7)
        if iin not in taken:
            taken.add(iin)
            iins.append(iin)
    return iins


def add_demo_signers(petition: Petition, count: int) -> int:
    """Create `count` adult citizens in the addressee's region, and sign with each."""
    User = get_user_model()
    region = petition.agency.region_id or "KZ-71"
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        User(
            iin=iin,
            password=password,
            first_name=random.choice(FIRST_NAMES),  # noqa: S311
            last_name=random.choice(SURNAMES),  # noqa: S311
            region_code=region,
            identity_verified_at=timezone.now(),
        )
        for iin in _new_iins(count)
    )
    for user in users:
        signature_create(petition=petition, citizen=user)
    return len(users)
