"""The stand-in population register: the people the demo eGov knows, as the state records them.

Plain data, free of Django, so that tests and scripts can read it without the provider's settings.
Every IIN matches its holder's birth date and sex (digits 1-6 YYMMDD, digit 7 century and sex).
"""

import datetime
from dataclasses import dataclass

DEMO_PASSWORD = "qoldau-demo"  # noqa: S105 -- published on purpose: the demo's only password

REGION_NAMES = {
    "KZ-35": "Karaganda region",
    "KZ-71": "Astana",
    "KZ-75": "Almaty",
}


@dataclass(frozen=True)
class Person:
    iin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: datetime.date
    citizenship: str  # ISO 3166-1 alpha-2
    residence_region: str  # ISO 3166-2:KZ, empty for someone living abroad
    email: str
    language: str  # kk, ru or en


def _person(iin, surname, given_name, patronymic, born, citizenship, region, language) -> Person:
    return Person(
        iin=iin,
        surname=surname,
        given_name=given_name,
        patronymic=patronymic,
        birth_date=datetime.date.fromisoformat(born),
        citizenship=citizenship,
        residence_region=region,
        email=f"{iin}@demo.qoldau.kz",
        language=language,
    )


REGISTRY: tuple[Person, ...] = (
    # The portal demo's citizens (README, seed_demo), by the same IINs and names.
    _person("900514400019", "Сейтқали", "Айгүл", "Болатқызы", "1990-05-14", "KZ", "KZ-75", "kk"),
    _person("851102300013", "Ахметов", "Ерлан", "Серікұлы", "1985-11-02", "KZ", "KZ-35", "ru"),
    _person("780321400012", "Ким", "Ольга", "Викторовна", "1978-03-21", "KZ", "KZ-75", "ru"),
    # Turned 17 on 2026-11-20, so too young to sign until 2027-11-20.
    _person("091120500014", "Серікбаев", "Әлихан", "Маратұлы", "2009-11-20", "KZ", "KZ-75", "kk"),
    # A Russian citizen with a residence permit: lives in Almaty, has an IIN, is not a citizen.
    _person("880709300016", "Смирнов", "Алексей", "Игоревич", "1988-07-09", "RU", "KZ-75", "ru"),
    # The portal demo's officials and moderator, who are citizens too.
    _person("750308300019", "Жақсылықов", "Нұрлан", "Ерболұлы", "1975-03-08", "KZ", "KZ-75", "kk"),
    _person("920701400019", "Ли", "Анна", "Сергеевна", "1992-07-01", "KZ", "KZ-75", "ru"),
    _person("700921400013", "Омарова", "Гүлнар", "Қайратқызы", "1970-09-21", "KZ", "KZ-71", "kk"),
    _person("881230400011", "Қасымова", "Дина", "Асқарқызы", "1988-12-30", "KZ", "KZ-71", "kk"),
)
