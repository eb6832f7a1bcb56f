"""Seed regions (shared data/regions.csv), threshold policies of RULES.md, the state bodies and holidays."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import migrations

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"

# (level, branch, fixed, percent, fixed above population, working days to answer)
POLICIES = [
    ("republic", "executive", 50000, None, None, 40),
    ("republic", "representative", 50000, None, None, 40),
    ("region", "executive", None, Decimal("1"), None, 20),
    ("region", "representative", None, Decimal("2"), None, 20),
    ("district", "executive", 2500, Decimal("5"), 50000, 20),
    ("district", "representative", 5000, Decimal("10"), 50000, 20),
]

CENTRAL = [
    # code, branch, kk, ru, en
    ("government", "executive", "Қазақстан Республикасының Үкіметі",
     "Правительство Республики Казахстан", "Government of the Republic of Kazakhstan"),
    ("parliament", "representative", "Қазақстан Республикасының Парламенті",
     "Парламент Республики Казахстан", "Parliament of the Republic of Kazakhstan"),
    ("ministry-health", "executive", "Денсаулық сақтау министрлігі",
     "Министерство здравоохранения", "Ministry of Health"),
    ("ministry-education", "executive", "Оқу-ағарту министрлігі",
     "Министерство просвещения", "Ministry of Education"),
    ("ministry-internal-affairs", "executive", "Ішкі істер министрлігі",
     "Министерство внутренних дел", "Ministry of Internal Affairs"),
    ("ministry-ecology", "executive", "Экология және табиғи ресурстар министрлігі",
     "Министерство экологии и природных ресурсов", "Ministry of Ecology and Natural Resources"),
    ("ministry-transport", "executive", "Көлік министрлігі",
     "Министерство транспорта", "Ministry of Transport"),
    ("ministry-labour", "executive", "Еңбек және халықты әлеуметтік қорғау министрлігі",
     "Министерство труда и социальной защиты населения",
     "Ministry of Labour and Social Protection of the Population"),
]

# Districts of Almaty and Astana for the demo; their population is entered by an administrator.
DISTRICTS = [
    ("KZ-75", "akimat-almaty-medeu", "Медеу ауданының әкімдігі", "Акимат Медеуского района",
     "Akimat of Medeu District"),
    ("KZ-75", "akimat-almaty-bostandyk", "Бостандық ауданының әкімдігі",
     "Акимат Бостандыкского района", "Akimat of Bostandyk District"),
    ("KZ-75", "akimat-almaty-auezov", "Әуезов ауданының әкімдігі", "Акимат Ауэзовского района",
     "Akimat of Auezov District"),
    ("KZ-71", "akimat-astana-esil", "Есіл ауданының әкімдігі", "Акимат района Есиль",
     "Akimat of Esil District"),
]

# Fixed-date public holidays (month, day, kk, ru, en, carried to the next working day if on a weekend).
FIXED_HOLIDAYS = [
    (1, 1, "Жаңа жыл", "Новый год", "New Year", True),
    (1, 2, "Жаңа жыл", "Новый год", "New Year", True),
    (1, 7, "Православиелік Рождество", "Православное Рождество", "Orthodox Christmas", False),
    (3, 8, "Халықаралық әйелдер күні", "Международный женский день",
     "International Women's Day", True),
    (3, 21, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (3, 22, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (3, 23, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (5, 1, "Қазақстан халқының бірлігі мерекесі", "Праздник единства народа Казахстана",
     "Day of Unity of the People of Kazakhstan", True),
    (5, 7, "Отан қорғаушы күні", "День защитника Отечества", "Defender of the Fatherland Day",
     True),
    (5, 9, "Жеңіс күні", "День Победы", "Victory Day", True),
    (7, 6, "Астана күні", "День столицы", "Capital City Day", True),
    (8, 30, "Конституция күні", "День Конституции", "Constitution Day", True),
    (10, 25, "Республика күні", "День Республики", "Republic Day", True),
    (12, 16, "Тәуелсіздік күні", "День Независимости", "Independence Day", True),
]
# Kurban Ait follows the lunar calendar: the dates announced for each year.
KURBAN_AIT = [datetime.date(2026, 5, 27), datetime.date(2027, 5, 16)]
YEARS = (2026, 2027)


def kk_genitive(name):
    # Every seeded name ends in "облысы" or "қаласы": the genitive adds "ның".
    return f"{name}ның"


def ru_genitive(name):
    if name.endswith("ская область"):
        return name.removesuffix("ская область") + "ской области"
    if name.startswith("Область "):
        return "области " + name.removeprefix("Область ")
    return "города " + name.removeprefix("город ")


def seed_regions(apps, schema_editor):
    Region = apps.get_model("agencies", "Region")
    with REGIONS_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            Region.objects.update_or_create(
                iso_code=row["iso_code"],
                defaults={
                    "kind": row["kind"],
                    "name_kk": row["name_kk"],
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                    "population": int(row["population"]) if row["population"] else None,
                    "population_as_of": row["population_as_of"] or None,
                },
            )


def seed_policies(apps, schema_editor):
    Policy = apps.get_model("agencies", "ThresholdPolicy")
    for level, branch, fixed, percent, above, days in POLICIES:
        Policy.objects.update_or_create(
            level=level,
            branch=branch,
            defaults={
                "fixed_threshold": fixed,
                "percent_of_population": percent,
                "fixed_above_population": above,
                "response_working_days": days,
            },
        )


def seed_agencies(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    Region = apps.get_model("agencies", "Region")

    def add(code, **fields):
        agency, _ = Agency.objects.update_or_create(code=code, defaults=fields)
        return agency

    government = add("government", level="republic", branch="executive", name_kk=CENTRAL[0][2],
                     name_ru=CENTRAL[0][3], name_en=CENTRAL[0][4])
    for code, branch, kk, ru, en in CENTRAL[1:]:
        parent = government if code.startswith("ministry-") else None
        add(code, level="republic", branch=branch, name_kk=kk, name_ru=ru, name_en=en,
            parent=parent)
    akimats = {}
    for region in Region.objects.all():
        slug = region.iso_code.lower()
        akimats[region.iso_code] = add(
            f"akimat-{slug}", level="region", branch="executive", region=region,
            parent=government,
            name_kk=f"{kk_genitive(region.name_kk)} әкімдігі",
            name_ru=f"Акимат {ru_genitive(region.name_ru)}",
            name_en=f"Akimat of {region.name_en}",
        )
        add(
            f"maslikhat-{slug}", level="region", branch="representative", region=region,
            name_kk=f"{kk_genitive(region.name_kk)} мәслихаты",
            name_ru=f"Маслихат {ru_genitive(region.name_ru)}",
            name_en=f"Maslikhat of {region.name_en}",
        )
    for iso_code, code, kk, ru, en in DISTRICTS:
        add(code, level="district", branch="executive", region_id=iso_code,
            parent=akimats[iso_code], name_kk=kk, name_ru=ru, name_en=en)


def seed_calendar(apps, schema_editor):
    CalendarDay = apps.get_model("agencies", "CalendarDay")
    days = {}  # date -> (kind, kk, ru, en)
    on_weekend = []
    for year in YEARS:
        for month, day, kk, ru, en, carries in FIXED_HOLIDAYS:
            date = datetime.date(year, month, day)
            days[date] = ("holiday", kk, ru, en)
            if carries and date.weekday() >= 5:
                on_weekend.append((date, kk, ru, en))
    for date in KURBAN_AIT:
        days[date] = ("holiday", "Құрбан айт", "Курбан айт", "Kurban Ait")
    # Labour Code: a holiday that falls on a weekend gives a day off on the next working day.
    for date, kk, ru, en in sorted(on_weekend):
        day = date
        while day.weekday() >= 5 or day in days:
            day += datetime.timedelta(days=1)
        days[day] = (
            "day_off",
            f"Ауыстырылған демалыс ({kk})",
            f"Перенесённый выходной ({ru})",
            f"Day off carried over ({en})",
        )
    for date, (kind, kk, ru, en) in days.items():
        CalendarDay.objects.update_or_create(
            date=date, defaults={"kind": kind, "name_kk": kk, "name_ru": ru, "name_en": en}
        )


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [
        migrations.RunPython(seed_regions, migrations.RunPython.noop),
        migrations.RunPython(seed_policies, migrations.RunPython.noop),
        migrations.RunPython(seed_agencies, migrations.RunPython.noop),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
    ]
