"""The IIN stays in the user record: not in a signed statement, not in a public EDS file, and
not in plain text in the signature or decision tables."""

import importlib
from io import StringIO

import pytest
from cryptography.hazmat.primitives import hashes
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.eds.storage import open_bytes, open_text
from petitions.models import Decision, Signature
from petitions.statement import (
    decision_statement_for,
    masked_statement,
    person_id,
    statement_for,
)
from tests.factories import UserFactory
from tests.petitions.test_decision_eds import (
    authority,
    head_key,
    publish_signed,
    refusal_fields,
    sign,
    trusted,
)
from tests.petitions.test_eds_signing import sign as sign_as_citizen
from tests.petitions.test_eds_signing import sign_with_eds

pytestmark = pytest.mark.django_db

__all__ = ["authority", "head_key", "trusted"]  # fixtures, shared with the EDS tests


def stored_columns(table: str) -> list[str]:
    """The EDS columns as the database holds them, read without the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT eds_statement, eds_cms FROM {table} WHERE eds_cms IS NOT NULL")  # noqa: S608
        return [statement + bytes(cms).decode("latin-1") for statement, cms in cursor.fetchall()]


def signed_decision(authority, head_key, petition, head) -> Decision:
    statement = decision_statement_for(
        petition, Decision(petition=petition, **refusal_fields()), head, timezone.now()
    )
    return publish_signed(petition, head, statement, sign(authority, head_key, statement))


def test_a_new_eds_signature_stores_no_iin(trusted, authority, open_petition, citizen):
    sign_with_eds(authority, open_petition, citizen)

    (stored,) = stored_columns(Signature._meta.db_table)
    assert citizen.iin not in stored
    signature = Signature.objects.get()
    assert f"signer: {person_id(open_petition, citizen)}\n" in open_text(signature.eds_statement)


def test_a_new_decision_states_no_iin_and_its_cms_is_for_staff_only(
    client, trusted, authority, head_key, sent_petition, head, reviewer, moderator
):
    signed_decision(authority, head_key, sent_petition, head)
    statement_url = reverse("petitions:decision_statement", args=[sent_petition.uid])
    cms_url = reverse("petitions:decision_cms", args=[sent_petition.uid])

    statement = client.get(statement_url)
    assert statement.status_code == 200
    assert head.iin not in statement.content.decode()
    assert f"head-id: {person_id(sent_petition, head)}" in statement.content.decode()
    assert client.get(cms_url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(cms_url).status_code == 404
    for staff in (reviewer, moderator):
        client.force_login(staff)
        assert client.get(cms_url).status_code == 200


def test_the_public_page_shows_the_certificate_but_no_iin(
    client, trusted, authority, head_key, sent_petition, head
):
    signed_decision(authority, head_key, sent_petition, head)
    fingerprint = head_key[0].fingerprint(hashes.SHA256()).hex().upper()

    page = client.get(sent_petition.get_absolute_url()).content.decode()

    assert ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)) in page
    assert "Certificate issued by" in page
    assert head.iin not in page
    assert reverse("petitions:decision_cms", args=[sent_petition.uid]) not in page


def test_an_old_statement_with_the_head_iin_is_served_masked(
    client, trusted, authority, head_key, sent_petition, head, reviewer
):
    new = decision_statement_for(
        sent_petition, Decision(petition=sent_petition, **refusal_fields()), head, timezone.now()
    )
    old = new.replace(
        f"head: {head.full_name}\nhead-id: {person_id(sent_petition, head)}\n",
        f"head-iin: {head.iin}\n",
    )
    assert f"head-iin: {head.iin}\n" in old
    # Stored as decisions were before the IIN left the statement (rows are insert-only).
    Decision.objects.create(
        petition=sent_petition,
        head=head,
        eds_statement=old,
        eds_cms=sign(authority, head_key, old),
        **refusal_fields(),
    )
    url = reverse("petitions:decision_statement", args=[sent_petition.uid])

    public = client.get(url).content.decode()

    assert head.iin not in public
    assert "head-iin: [withheld]\n" in public
    assert public == masked_statement(old)
    client.force_login(reviewer)
    assert client.get(url).content.decode() == old


def test_an_old_signature_statement_is_masked_too():
    old = "Qoldau petition signature\npetition: X\niin: 900514400019\nsigned-at: T\n"

    assert masked_statement(old) == (
        "Qoldau petition signature\npetition: X\niin: [withheld]\nsigned-at: T\n"
    )


def test_re_verification_still_works(trusted, authority, open_petition, citizen):
    sign_with_eds(authority, open_petition, citizen)
    out = StringIO()

    call_command("eds_reverify", "--all", stdout=out)

    assert "Checked 1 EDS signatures: 1 valid, 0 not." in out.getvalue()


# At rest


def test_the_migration_encrypts_stored_eds_and_keeps_the_guards(
    trusted, authority, head_key, sent_petition, citizen, head
):
    plain_statement = statement_for(sent_petition, citizen, timezone.now())
    plain_cms = sign_as_citizen(authority, citizen, plain_statement)
    decision_cms = sign(authority, head_key, "Qoldau decision of a state body\n")
    # Rows as stored before encryption: inserted (the guards refuse only changes).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO petitions_signature (petition_id, citizen_id, region_code, created_at, "
            "eds_statement, eds_cms, on_paper) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                sent_petition.pk,
                citizen.pk,
                "KZ-75",
                timezone.now(),
                plain_statement,
                plain_cms,
                False,
            ],
        )
    Decision.objects.create(
        petition=sent_petition,
        head=head,
        eds_statement="Qoldau decision of a state body\n",
        eds_cms=decision_cms,
        **refusal_fields(),
    )
    assert citizen.iin in stored_columns("petitions_signature")[0]
    assert head.iin in stored_columns("petitions_decision")[0]

    if connection.vendor == "postgresql":
        # As in a migration's own transaction: no deferred checks of the inserts pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migration = importlib.import_module("petitions.migrations.0018_eds_at_rest")
    with connection.schema_editor() as editor:
        migration.encrypt(apps, editor)

    assert citizen.iin not in stored_columns("petitions_signature")[0]
    assert head.iin not in stored_columns("petitions_decision")[0]
    stored = Signature.objects.get()
    assert open_text(stored.eds_statement) == plain_statement
    assert open_bytes(stored.eds_cms) == plain_cms
    assert open_bytes(Decision.objects.get().eds_cms) == decision_cms
    for table in ("petitions_signature", "petitions_decision"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET eds_statement = 'x'")  # noqa: S608
