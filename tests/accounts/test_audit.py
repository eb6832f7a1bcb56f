"""The audit trail: entries chained by hash, append-only in the database, published without
who or where, and checkable by anyone."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from accounts.audit import chain, verify
from accounts.audit.context import client_address, request_address
from accounts.audit.models import AuditChain, AuditEntry, Role
from accounts.audit.selectors import published
from accounts.audit.services import audit_record
from tests.concurrency import run_at_once
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def record(n: int = 1, **fields) -> list[AuditEntry]:
    defaults = {"action": "agencies.agency.changed", "target": "agencies.agency:akimat-kz-75"}
    return [audit_record(**{**defaults, **fields}) for _ in range(n)]


def everything() -> list[dict]:
    return [published(entry) for entry in AuditEntry.objects.order_by("seq")]


def test_entries_follow_one_another_by_hash():
    first, second, third = record(3)
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    assert [first.seq, second.seq, third.seq] == [
        first.seq,
        first.seq + 1,
        first.seq + 2,
    ]
    tip = AuditChain.objects.get()
    assert (tip.size, tip.head_hash) == (third.seq, third.entry_hash)
    assert chain.verify(everything()) == (third.seq, third.entry_hash)


def test_the_entry_keeps_who_when_what_and_from_where():
    official = UserFactory()
    token = request_address.set("10.1.2.3")
    try:
        [entry] = record(actor=official, role=Role.ADMINISTRATOR, changes={"name_en": ("a", "b")})
    finally:
        request_address.reset(token)
    entry.refresh_from_db()
    assert entry.actor == official
    assert entry.address == "10.1.2.3"
    assert entry.changes == {"name_en": ["a", "b"]}
    assert entry.at is not None


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda es: es.pop(1), id="removed"),
        pytest.param(lambda es: es.insert(0, es.pop(1)), id="reordered"),
        pytest.param(lambda es: es.insert(1, copy.deepcopy(es[1])), id="duplicated"),
        pytest.param(lambda es: es[1]["public"].update(action="nothing.happened"), id="altered"),
        pytest.param(lambda es: es[1].update(private_digest="0" * 64), id="private-altered"),
        pytest.param(
            lambda es: es[2].update(hash=chain.entry_hash(es[1]["hash"], {}, "")), id="rehashed"
        ),
    ],
)
def test_the_check_finds_any_tampering(tamper):
    record(4)
    entries = everything()
    chain.verify(copy.deepcopy(entries))
    tamper(entries)
    with pytest.raises(chain.ChainBroken):
        chain.verify(entries)


def test_the_public_part_hides_who_and_where_and_private_changes():
    actor = UserFactory(last_name="Құпиясов")
    token = request_address.set("10.9.8.7")
    try:
        [private] = record(actor=actor, changes={"role": ("reviewer", "head")}, public=False)
        [public] = record(actor=actor, changes={"name_en": ("Old", "New")}, public=True)
    finally:
        request_address.reset(token)
    text = json.dumps([published(private), published(public)], ensure_ascii=False)
    assert "10.9.8.7" not in text
    assert set(published(private)["public"]) == {"seq", "at", "action", "target", "role"}
    assert set(published(public)["public"]) == {
        *published(private)["public"],
        "changes",
        "note",
    }
    assert "reviewer" not in text
    assert "Құпиясов" not in text
    assert published(public)["public"]["changes"] == {"name_en": ["Old", "New"]}


def test_raw_sql_cannot_update_or_delete_an_entry():
    [entry] = record()
    for statement in (
        "UPDATE audit_auditentry SET action = 'nothing' WHERE seq = %s",
        "DELETE FROM audit_auditentry WHERE seq = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.seq])
    entry.refresh_from_db()
    assert entry.action == "agencies.agency.changed"


def test_the_command_checks_private_parts_too(capsys):
    _first, second, _third = record(3)
    call_command("audit_verify")
    assert "OK: " in capsys.readouterr().out
    # Someone with the database superuser's rights switches triggers off and edits an address.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE audit_auditentry SET address = '1.1.1.1' WHERE seq = %s", [second.seq]
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match=f"entry {second.seq}"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_append_one_after_another():
    runs = 6

    def writer():
        with transaction.atomic():
            record(3)

    run_at_once(writer, runs=runs)
    size, _last = chain.verify(everything())
    assert size == AuditEntry.objects.count() == runs * 3


def test_the_trail_is_published_and_pages(client, settings):
    record(5)
    head = client.get("/audit/head.json").json()
    assert head["size"] == AuditEntry.objects.count()
    page = client.get("/audit/entries.json", {"after": 2}).json()
    assert [e["public"]["seq"] for e in page["entries"]] == [3, 4, 5]
    assert page["next_after"] is None
    third = client.get("/audit/entries/3.json").json()
    assert third == page["entries"][0]
    assert client.get("/audit/entries/99.json").status_code == 404
    bad = client.get("/audit/entries.json", {"after": "x"})
    assert bad.status_code == 400
    assert "whole number" in bad.json()["error"]


@pytest.fixture
def site(client, monkeypatch):
    """The verifier's downloads served by the test client: the site at http://portal.test."""
    base = "http://portal.test"

    def download(url):
        response = client.get(url.removeprefix(base))
        assert response.status_code == 200
        return response.json()

    monkeypatch.setattr(verify, "_get", download)
    return base


def test_the_public_verifier_checks_the_site(site, capsys):
    record(3)
    assert verify.main([site]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 3 entries")
    tip = out.split("tip ")[1].strip()
    record(2)
    assert verify.main([site, "--tip", tip]) == 0
    assert verify.main([site, "--tip", "f" * 64 + "@2"]) == 1
    assert "rewritten" in capsys.readouterr().out


def test_the_public_verifier_reports_a_broken_trail(site, monkeypatch, capsys):
    record(3)
    honest = verify._get

    def tampered(url):
        answer = honest(url)
        for entry in answer.get("entries", []):
            if entry["public"]["seq"] == 2:
                entry["public"]["target"] = "agencies.agency:somewhere-else"
        return answer

    monkeypatch.setattr(verify, "_get", tampered)
    assert verify.main([site]) == 1
    assert "FAILED: entry 2" in capsys.readouterr().out


def test_the_public_verifier_pages_through_a_long_trail(site, monkeypatch, capsys):
    monkeypatch.setattr("accounts.audit.views.PAGE", 2)
    record(5)
    assert verify.main([site]) == 0
    assert capsys.readouterr().out.startswith("OK: 5 entries")


def test_the_address_comes_from_the_proxy_header_only_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    settings.CLIENT_ADDRESS_HEADER = ""
    assert client_address(request) == "127.0.0.1"
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request) == "203.0.113.9"
