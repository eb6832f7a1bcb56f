"""The open-data API: its OpenAPI schema, each endpoint's answer, filters, pages, errors, the
CSV of counts by region, the counts the log keeps, and that nothing personal gets out."""

import base64
import datetime
import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from openapi_spec_validator import validate

from agencies.models import Agency, Official, Region
from conftest import set_count
from petitions import services
from petitions.api.csv_export import formula_safe
from petitions.models import Decision, PetitionLog, RefusalGround, RejectionReason, Signature
from tests.factories import OfficialFactory, UserFactory, adult_iin

pytestmark = pytest.mark.django_db

API = "/api/v1"
REASON = "Signed with a stolen identity (police report 42)."


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


def petition_open(agency, moderator, *, author=None, title="Shade at bus stops", **fields):
    author = author or UserFactory(region_code="KZ-75")
    petition = services.petition_create(
        author=author,
        agency=agency,
        title=title,
        problem=fields.get("problem", "People wait in the sun."),
        request=fields.get("request", "Install shades."),
        language=fields.get("language", "en"),
    )
    services.petition_submit(petition=petition, author=author)
    return services.petition_publish(petition=petition, moderator=moderator)


def listed(petition, count: int = 50):
    set_count(petition, count)
    return services.petition_list(petition=petition)


def sign(petition, *region_codes: str) -> list[Signature]:
    ids = [
        services.signature_create(petition=petition, citizen=UserFactory(region_code=code))
        for code in region_codes
    ]
    return list(Signature.objects.filter(pk__in=ids).order_by("created_at", "id"))


def region_counts(petition) -> dict:
    return PetitionLog.objects.get(petition=petition).region_counts


def uids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["uid"] for item in response.json()["items"]]


def same_time(text: str, moment: datetime.datetime) -> bool:
    return abs(parse_datetime(text) - moment) < datetime.timedelta(milliseconds=1)


@pytest.fixture
def decided(sent_petition, head):
    services.decision_publish(
        petition=sent_petition,
        head=head,
        outcome=Decision.Outcome.ACCEPTED,
        text="We will install shades this summer.",
        actions="Shades at 40 stops.",
        implementation_due=timezone.localdate() + datetime.timedelta(days=90),
        announcement="The head announced the decision at a briefing.",
    )
    sent_petition.refresh_from_db()
    return sent_petition


# The schema and its docs


def test_the_openapi_schema_is_valid_and_lists_every_endpoint(client):
    schema = client.get(f"{API}/openapi.json").json()

    validate(schema)
    assert set(schema["paths"]) == {
        f"{API}/petitions",
        f"{API}/petitions/{{uid}}",
        f"{API}/petitions/{{uid}}/regions.csv",
        f"{API}/decisions",
        f"{API}/agencies",
        f"{API}/agencies/{{code}}",
        f"{API}/petitions/{{uid}}/log/head",
        f"{API}/petitions/{{uid}}/log/heads",
        f"{API}/petitions/{{uid}}/log/inclusion",
        f"{API}/petitions/{{uid}}/log/consistency",
    }
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_docs_page_loads_only_the_portals_own_files(client):
    page = client.get(f"{API}/docs").content.decode()

    assert "https://" not in page and "http://" not in page
    assert '"validatorUrl": null' in page
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css"):
        assert f"/static/{asset}" in page
        assert client.get(f"/static/{asset}").status_code == 200


def test_the_api_is_read_only(client, open_petition):
    assert client.post(f"{API}/petitions").status_code == 405
    assert client.post(f"{API}/petitions/{open_petition.uid}").status_code == 405


# Petitions


def test_the_list_shows_listed_petitions_with_their_public_facts(client, open_petition, author):
    listed(open_petition, 57)
    agency = open_petition.agency
    open_petition.refresh_from_db()

    [item] = client.get(f"{API}/petitions").json()["items"]

    assert same_time(item.pop("published_at"), open_petition.published_at)
    assert same_time(item.pop("closes_at"), open_petition.closes_at)
    assert item == {
        "uid": open_petition.uid,
        "url": f"http://testserver/p/{open_petition.uid}/",
        "title": "Shade at bus stops",
        "language": "en",
        "status": "open",
        "agency": {
            "code": "akimat-kz-75",
            "name_kk": agency.name_kk,
            "name_ru": agency.name_ru,
            "name_en": agency.name_en,
        },
        "level": agency.level,
        "region": "KZ-75",
        "signatures": 57,
        "signature_threshold": open_petition.signature_threshold,
        "sent_at": None,
        "response_due": None,
        "decided_at": None,
        "author": author.public_name,
    }
    assert item["author"] == f"Айгүл {author.last_name[0]}."


def test_hidden_petitions_are_never_listed(client, moderator, almaty_akimat):
    shown = listed(petition_open(almaty_akimat, moderator, title="Listed"))
    unlisted = petition_open(almaty_akimat, moderator, title="By link only")
    author = UserFactory(region_code="KZ-75")

    def new(title):
        return services.petition_create(
            author=author,
            agency=almaty_akimat,
            title=title,
            problem="p",
            request="r",
            language="en",
        )

    draft = new("Draft")
    in_moderation = services.petition_submit(petition=new("Mod"), author=author)
    rejected = services.petition_reject(
        petition=services.petition_submit(petition=new("Rej"), author=author),
        moderator=moderator,
        reason=RejectionReason.objects.get(code="courts"),
    )

    assert uids(client.get(f"{API}/petitions")) == [shown.uid]
    for hidden in (draft, in_moderation, rejected):
        assert client.get(f"{API}/petitions/{hidden.uid}").status_code == 404
    assert client.get(f"{API}/petitions/{unlisted.uid}").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["kk_sent", "en_open"]),
        ({"status": "open"}, ["en_open"]),
        ({"status": "sent"}, ["kk_sent"]),
        ({"level": "republic"}, ["kk_sent"]),
        ({"level": "region"}, ["en_open"]),
        ({"region": "KZ-75"}, ["en_open"]),
        ({"region": "KZ-71"}, []),
        ({"agency": "government"}, ["kk_sent"]),
        ({"agency": "akimat-kz-75"}, ["en_open"]),
        ({"q": "SHADE"}, ["en_open"]),
        ({"q": "parks"}, ["kk_sent"]),
        ({"language": "kk"}, ["kk_sent"]),
        ({"language": "ru"}, []),
        ({"status": "open", "language": "kk"}, []),
    ],
)
def test_filters(client, moderator, almaty_akimat, government, query, expected):
    petitions = {
        "en_open": listed(petition_open(almaty_akimat, moderator, request="Install shades.")),
        "kk_sent": petition_open(
            government, moderator, title="Саябақтар", request="More parks.", language="kk"
        ),
    }
    set_count(petitions["kk_sent"], petitions["kk_sent"].signature_threshold)
    services.petition_send_to_agency(petition=petitions["kk_sent"])

    found = uids(client.get(f"{API}/petitions", query))

    assert found == [petitions[name].uid for name in expected]


def test_pages_newest_first(client, moderator, almaty_akimat):
    made = [listed(petition_open(almaty_akimat, moderator, title=f"P{n}")) for n in range(3)]

    first = client.get(f"{API}/petitions", {"page_size": 2}).json()
    second = client.get(f"{API}/petitions", {"page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 3
    assert [i["uid"] for i in first["items"] + second["items"]] == [p.uid for p in made[::-1]]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_the_same_queries_for_any_number_of_petitions(
    client, moderator, almaty_akimat, django_assert_num_queries, count
):
    for n in range(count):
        listed(petition_open(almaty_akimat, moderator, title=f"P{n}"))

    with django_assert_num_queries(2):  # the total, and one page with agencies and authors
        response = client.get(f"{API}/petitions")

    assert len(response.json()["items"]) == count


def test_one_petition_with_its_text_counts_and_regions(client, moderator, government):
    petition = petition_open(government, moderator, request="Plant trees.", problem="No shade.")
    sign(petition, "KZ-75", "KZ-75", "KZ-71", "")
    services.log_append(petition)
    sign(petition, "KZ-71")  # not in the log yet: counted live, not by region

    data = client.get(f"{API}/petitions/{petition.uid}").json()

    astana, almaty = Region.objects.get(pk="KZ-71"), Region.objects.get(pk="KZ-75")
    assert data["uid"] == petition.uid
    assert (data["problem"], data["request"]) == ("No shade.", "Plant trees.")
    assert (data["signatures"], data["signatures_with_eds"]) == (5, 0)
    assert data["regions"] == {
        "log_size": 4,
        "regions": [
            {
                "code": "KZ-75",
                "name_kk": almaty.name_kk,
                "name_ru": almaty.name_ru,
                "name_en": almaty.name_en,
                "signatures": 2,
            },
            {"code": "", "name_kk": "", "name_ru": "", "name_en": "", "signatures": 1},
            {
                "code": "KZ-71",
                "name_kk": astana.name_kk,
                "name_ru": astana.name_ru,
                "name_en": astana.name_en,
                "signatures": 1,
            },
        ],
    }
    assert data["decision"] is None
    assert data["closing_tree_head"] is None
    assert data["level"] == "republic" and data["region"] is None


def test_a_decided_petition_shows_its_decision_and_closing_head(client, decided):
    data = client.get(f"{API}/petitions/{decided.uid}").json()

    head = decided.closing_tree_head
    assert data["status"] == "accepted"
    assert data["closing_tree_head"] == {
        "size": head.size,
        "root": bytes(head.root).hex(),
        "signed_at": head.signed_at,
        "signature": base64.b64encode(bytes(head.signature)).decode(),
    }
    decision = data["decision"]
    assert decision["outcome"] == "accepted"
    assert decision["text"] == "We will install shades this summer."
    assert decision["actions"] == "Shades at 40 stops."
    assert same_time(decision["decided_at"], decided.decided_at)
    assert same_time(data["decided_at"], decided.decided_at)
    assert same_time(data["sent_at"], decided.sent_at)
    assert data["response_due"] == decided.response_due.isoformat()


def test_unknown_petition_and_agency_are_404_with_a_reason(client):
    for path in ("/petitions/nosuchuid", "/petitions/nosuchuid/regions.csv", "/agencies/nope"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404
        assert "There is no" in response.json()["error"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"status": "draft"}, "status"),
        ({"status": "moderation"}, "status"),
        ({"status": "whatever"}, "status"),
        ({"level": "galaxy"}, "level"),
        ({"region": "Almaty"}, "region"),
        ({"agency": "no spaces"}, "agency"),
        ({"language": "de"}, "language"),
        ({"q": "x" * 101}, "q"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_bad_list_parameters_get_a_400_naming_the_parameter(
    client, open_petition, query, parameter
):
    response = client.get(f"{API}/petitions", query)

    assert response.status_code == 400
    assert f"“{parameter}”" in response.json()["error"]


# Counts by region: the CSV and the log that keeps them


def test_the_csv_of_counts_by_region(client, moderator, government):
    petition = petition_open(government, moderator)
    sign(petition, "KZ-71", "KZ-75", "KZ-75")
    services.log_append(petition)

    response = client.get(f"{API}/petitions/{petition.uid}/regions.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (f'attachment; filename="{petition.uid}-regions.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    almaty = Region.objects.get(pk="KZ-75")
    assert lines[0] == "region_code,name_kk,name_ru,name_en,signatures"
    assert lines[1] == f"KZ-75,{almaty.name_kk},{almaty.name_ru},{almaty.name_en},2"
    assert lines[2].startswith("KZ-71,") and lines[2].endswith(",1")
    assert len(lines) == 3


def test_the_csv_defuses_cells_a_spreadsheet_would_run(client, moderator, government):
    Region.objects.create(
        iso_code="KZ-98",
        kind=Region.Kind.REGION,
        name_kk='=HYPERLINK("http://evil.example","x")',
        name_ru="+7 (727) 000",
        name_en="@SUM(A1)",
    )
    petition = petition_open(government, moderator)
    sign(petition, "KZ-98")
    services.log_append(petition)

    body = client.get(f"{API}/petitions/{petition.uid}/regions.csv").content.decode("utf-8-sig")

    row = body.splitlines()[1]
    assert row == """KZ-98,"'=HYPERLINK(""http://evil.example"",""x"")",'+7 (727) 000,'@SUM(A1),1"""


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+7", "'+7"),
        ("-3", "'-3"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (-1, "'-1"),
        ("KZ-75", "KZ-75"),
        ("Алматы қаласы", "Алматы қаласы"),
        ("a=b", "a=b"),
        (12, "12"),
        ("", ""),
    ],
)
def test_formula_safe(cell, safe):
    assert formula_safe(cell) == safe


def test_log_append_counts_each_region(moderator, government):
    petition = petition_open(government, moderator)
    sign(petition, "KZ-75", "KZ-71", "KZ-75", "")

    services.log_append(petition)
    assert region_counts(petition) == {"KZ-75": 2, "KZ-71": 1, "": 1}

    sign(petition, "KZ-71")
    services.log_append(petition)
    assert region_counts(petition) == {"KZ-75": 2, "KZ-71": 2, "": 1}


def test_an_invalidation_after_the_leaf_takes_one_from_its_region(moderator, government):
    petition = petition_open(government, moderator)
    signatures = sign(petition, "KZ-75", "KZ-71", "KZ-75")
    services.log_append(petition)

    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)
    assert region_counts(petition) == {"KZ-75": 2}

    services.signature_invalidate(signature=signatures[0], moderator=moderator, reason=REASON)
    assert region_counts(petition) == {"KZ-75": 1}
    assert PetitionLog.objects.get(petition=petition).size == 5


def test_an_invalidation_before_the_leaf_is_never_counted(moderator, government):
    petition = petition_open(government, moderator)
    signatures = sign(petition, "KZ-75", "KZ-71", "KZ-75")
    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)

    services.log_append(petition)

    assert region_counts(petition) == {"KZ-75": 2}
    assert PetitionLog.objects.get(petition=petition).size == 4


def test_the_migration_recounts_what_the_log_appends_kept(moderator, government):
    petition = petition_open(government, moderator)
    signatures = sign(petition, "KZ-75", "KZ-71", "KZ-75", "", "KZ-71")
    services.signature_invalidate(signature=signatures[1], moderator=moderator, reason=REASON)
    services.log_append(petition)
    services.signature_invalidate(signature=signatures[3], moderator=moderator, reason=REASON)
    kept = region_counts(petition)
    PetitionLog.objects.update(region_counts={})

    migration = importlib.import_module("petitions.migrations.0011_log_region_counts")
    migration.recount_from_leaves(django_apps, None)

    assert region_counts(petition) == kept == {"KZ-75": 2, "KZ-71": 1}


# The signature log, as the pages' JSON gives it


class TestLog:
    @pytest.fixture
    def logged(self, open_petition):
        sign(open_petition, "KZ-75", "KZ-75", "KZ-75")
        services.log_append(open_petition)
        sign(open_petition, "KZ-75", "KZ-75")
        services.log_append(open_petition)
        return open_petition

    @pytest.mark.parametrize(
        ("api_path", "page", "query"),
        [
            ("log/head", "log_head", {}),
            ("log/heads", "log_heads", {}),
            ("log/heads", "log_heads", {"after": 3}),
            ("log/inclusion", "log_inclusion", {"index": 3, "size": 5}),
            ("log/inclusion", "log_inclusion", {"index": 0, "size": 1}),
            ("log/consistency", "log_consistency", {"first": 3, "second": 5}),
            ("log/consistency", "log_consistency", {"first": 0, "second": 5}),
        ],
    )
    def test_the_same_answers_as_the_log_json(self, client, logged, api_path, page, query):
        api = client.get(f"{API}/petitions/{logged.uid}/{api_path}", query)
        old = client.get(reverse(f"petitions:{page}", args=[logged.uid]), query)

        assert api.status_code == old.status_code == 200
        assert api.json() == old.json()
        assert api.json()  # not two empty answers

    def test_heads_are_listed_smallest_first(self, client, logged):
        heads = client.get(f"{API}/petitions/{logged.uid}/log/heads").json()["tree_heads"]

        sizes = [head["size"] for head in heads]
        assert sizes == sorted(sizes) and {3, 5} <= set(sizes)

    @pytest.mark.parametrize(
        ("api_path", "query", "reason"),
        [
            ("log/inclusion", {"index": 5, "size": 5}, "“index” must be smaller than “size”."),
            ("log/inclusion", {"index": 1, "size": 99}, "fewer than 99 leaves"),
            ("log/inclusion", {"index": "x", "size": 5}, "“index” must be a whole number."),
            ("log/inclusion", {"index": -1, "size": 5}, "“index” must be at least 0."),
            ("log/inclusion", {"size": 5}, "“index” is required."),
            ("log/inclusion", {"index": 0, "size": 10**12}, "“size” must be at most"),
            ("log/consistency", {"first": 6, "second": 5}, "cannot be larger than “second”"),
            ("log/heads", {"after": "-1"}, "“after” must be at least 0."),
        ],
    )
    def test_bad_parameters_get_a_400_with_a_reason(self, client, logged, api_path, query, reason):
        response = client.get(f"{API}/petitions/{logged.uid}/{api_path}", query)

        assert response.status_code == 400
        assert reason in response.json()["error"]

    def test_an_unpublished_petitions_log_is_not_public(self, client, in_moderation):
        for path in ("log/head", "log/heads", "log/inclusion?index=0&size=1"):
            assert client.get(f"{API}/petitions/{in_moderation.uid}/{path}").status_code == 404


# Agencies and decisions


def test_agencies_with_their_filters(client):
    everything = client.get(f"{API}/agencies").json()
    central = client.get(f"{API}/agencies", {"level": "republic"}).json()
    almaty = client.get(f"{API}/agencies", {"region": "KZ-75"}).json()

    assert len(everything) == Agency.objects.count()
    assert {a["code"] for a in central} == set(
        Agency.objects.filter(level="republic").values_list("code", flat=True)
    )
    assert "government" in {a["code"] for a in central}
    assert {a["code"] for a in almaty} == set(
        Agency.objects.filter(region_id="KZ-75").values_list("code", flat=True)
    )
    assert client.get(f"{API}/agencies", {"level": "x"}).status_code == 400


def test_one_agency(client):
    agency = Agency.objects.filter(parent__isnull=False).select_related("parent").first()
    agency.is_active = False
    agency.save(update_fields=["is_active"])

    data = client.get(f"{API}/agencies/{agency.code}").json()

    assert data == {
        "code": agency.code,
        "name_kk": agency.name_kk,
        "name_ru": agency.name_ru,
        "name_en": agency.name_en,
        "level": agency.level,
        "branch": agency.branch,
        "region": agency.region_id,
        "parent": agency.parent.code,
        "active": False,
    }


def test_decisions_newest_first(client, decided, moderator, government, other_head):
    later = petition_open(government, moderator, title="Later")
    set_count(later, later.signature_threshold)
    services.petition_send_to_agency(petition=later)
    services.decision_publish(
        petition=later,
        head=other_head,
        outcome=Decision.Outcome.REFUSED,
        text="Reasoning. " * 40,
        legal_basis="Budget Code",
        refusal_ground=RefusalGround.objects.get(code="no-means"),
        announcement="The head announced the decision at a briefing.",
    )

    data = client.get(f"{API}/decisions").json()

    assert data["count"] == 2
    newest, oldest = data["items"]
    assert (newest["petition"], newest["agency"], newest["outcome"]) == (
        later.uid,
        "government",
        "refused",
    )
    assert newest["text"] == ("Reasoning. " * 40).strip()
    assert newest["legal_basis"] == "Budget Code"
    assert (oldest["petition"], oldest["agency"], oldest["outcome"]) == (
        decided.uid,
        "akimat-kz-75",
        "accepted",
    )
    assert same_time(oldest["decided_at"], decided.decided_at)


# Personal data


def keys_of(document) -> set[str]:
    if isinstance(document, dict):
        return set(document) | {k for value in document.values() for k in keys_of(value)}
    if isinstance(document, list):
        return {k for value in document for k in keys_of(value)}
    return set()


def test_no_personal_data_leaves_through_any_endpoint(client, moderator, almaty_akimat):
    born = datetime.date(1977, 3, 14)
    author = UserFactory(
        iin=adult_iin(born),
        birth_date=born,
        first_name="Zhanarbek",
        last_name="Qwertyuly",
        patronymic="Asdfgovich",
        email="zhanarbek.private@example.kz",
        region_code="KZ-75",
    )
    signer_born = datetime.date(1981, 11, 23)
    signers = [
        UserFactory(
            iin=adult_iin(signer_born, sex="female"),
            birth_date=signer_born,
            first_name=f"Signerfirst{n}",
            last_name=f"Signerlast{n}",
            patronymic=f"Signerpatronymic{n}",
            email=f"signer{n}.private@example.kz",
            region_code="KZ-75",
        )
        for n in range(2)
    ]
    head_of_body = OfficialFactory(
        agency=almaty_akimat,
        role=Official.Role.HEAD,
        user=UserFactory(
            first_name="Officialfirst",
            last_name="Officiallast",
            email="official.private@example.kz",
        ),
    ).user
    petition = petition_open(almaty_akimat, moderator, author=author)
    for signer in signers:
        services.signature_create(petition=petition, citizen=signer)
    services.log_append(petition)
    set_count(petition, petition.signature_threshold)
    services.petition_send_to_agency(petition=petition)
    services.decision_publish(
        petition=petition,
        head=head_of_body,
        outcome=Decision.Outcome.ACCEPTED,
        text="Accepted.",
        actions="Shades.",
        implementation_due=timezone.localdate() + datetime.timedelta(days=30),
        announcement="The head announced the decision at a briefing.",
    )
    size = PetitionLog.objects.get(petition=petition).size
    base = f"{API}/petitions/{petition.uid}"
    paths = [
        f"{API}/petitions",
        f"{API}/petitions?q=shade",
        base,
        f"{base}/regions.csv",
        f"{base}/log/head",
        f"{base}/log/heads",
        f"{base}/log/inclusion?index=0&size={size}",
        f"{base}/log/consistency?first=1&second={size}",
        f"{API}/agencies",
        f"{API}/agencies/akimat-kz-75",
        f"{API}/decisions",
        f"{API}/openapi.json",
    ]
    people = [author, *signers, head_of_body, moderator]
    forbidden = [
        *(value for person in people for value in (person.iin, person.email, person.last_name)),
        *(person.patronymic for person in people if person.patronymic),
        *(s.first_name for s in signers),
        head_of_body.first_name,
        born.isoformat(),
        signer_born.isoformat(),
        born.strftime("%d.%m.%Y"),
    ]

    texts = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode("utf-8-sig")
        texts.append(body)
        if response["Content-Type"].startswith("application/json"):
            document = json.loads(body)
            texts.append(json.dumps(document, ensure_ascii=False))
            assert not {k for k in keys_of(document) if k == "id" or k.endswith("_id")}, path

    everything = "\n".join(texts)
    assert "Zhanarbek Q." in everything  # the one thing the API says of a person
    for value in forbidden:
        assert value not in everything, value
