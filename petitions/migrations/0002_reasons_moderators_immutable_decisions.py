"""Seed rejection reasons and the moderators group; make published decisions immutable in the database."""

from django.db import migrations

# The topics RULES.md names from the law's list of 17; administrators complete and edit the list.
REASONS = [
    ("constitutional-order", True, "Конституциялық құрылыс және басқару нысаны",
     "Конституционный строй и форма правления", "The constitutional order and form of government"),
    ("territorial-structure", True, "Әкімшілік-аумақтық құрылыс",
     "Административно-территориальное устройство", "Administrative-territorial structure"),
    ("state-borders", True, "Мемлекеттік шекара", "Государственная граница", "State borders"),
    ("elections", True, "Сайлау және референдумдар", "Выборы и референдумы",
     "Elections and referendums"),
    ("courts", True, "Соттар және сот төрелігі", "Суды и правосудие", "Courts and justice"),
    ("prosecutors", True, "Прокуратура органдары", "Органы прокуратуры", "The prosecutor's office"),
    ("amnesty", True, "Рақымшылық жасау", "Амнистия", "Amnesty"),
    ("national-security", True, "Ұлттық қауіпсіздік және арнаулы мемлекеттік органдар",
     "Национальная безопасность и специальные государственные органы",
     "National security and special services"),
    ("state-secrets", True, "Мемлекеттік құпиялар", "Государственные секреты", "State secrets"),
    ("powers-of-president-parliament", True,
     "Президенттің және Парламент палаталарының өкілеттіктері",
     "Полномочия Президента и палат Парламента",
     "The powers of the President and of the chambers of Parliament"),
    ("dismissal-of-officials", True, "Нақты лауазымды адамдарды қызметтен босату талаптары",
     "Требования об освобождении от должности конкретных должностных лиц",
     "Demands for the dismissal of named officials"),
    ("not-competent", False, "Мекенжай алушының құзыретіне жатпайды",
     "Не относится к компетенции адресата", "Outside the addressee's competence"),
    ("duplicate", False, "Осындай петиция бұрыннан бар", "Такая петиция уже существует",
     "A petition with the same demand already exists"),
    ("unlawful-content", False, "Заңсыз немесе қорлайтын мазмұн",
     "Противоправное или оскорбительное содержание", "Unlawful or offensive content"),
]

IMMUTABLE_SQLITE = """
CREATE TRIGGER decision_immutable_update BEFORE UPDATE ON petitions_decision
BEGIN SELECT RAISE(ABORT, 'a published decision cannot be changed'); END;
CREATE TRIGGER decision_immutable_delete BEFORE DELETE ON petitions_decision
BEGIN SELECT RAISE(ABORT, 'a published decision cannot be deleted'); END;
"""
IMMUTABLE_POSTGRES = """
CREATE FUNCTION decision_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'a published decision cannot be changed or deleted'; END; $$;
CREATE TRIGGER decision_immutable BEFORE UPDATE OR DELETE ON petitions_decision
FOR EACH ROW EXECUTE FUNCTION decision_immutable();
"""


def seed_reasons(apps, schema_editor):
    Reason = apps.get_model("petitions", "RejectionReason")
    for position, (code, prohibited, kk, ru, en) in enumerate(REASONS):
        Reason.objects.update_or_create(
            code=code,
            defaults={
                "is_prohibited_topic": prohibited,
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
                "position": position,
            },
        )


def seed_moderators_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one is needed now.
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="moderators")
    group.permissions.add(
        Permission.objects.get(codename="moderate_petition", content_type__app_label="petitions")
    )


def make_decisions_immutable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(IMMUTABLE_POSTGRES)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in IMMUTABLE_SQLITE.strip().split(";\n"):
            schema_editor.execute(statement.strip().rstrip(";") + ";")


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_reasons, migrations.RunPython.noop),
        migrations.RunPython(seed_moderators_group, migrations.RunPython.noop),
        migrations.RunPython(make_decisions_immutable, migrations.RunPython.noop),
    ]
