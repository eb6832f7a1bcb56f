"""The moderators' page for invalidating a fraudulent signature: find it by its public log entry,
invalidate it with a reason, and never see who signed."""

import html
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.models import LogLeaf, SignatureInvalidation
from petitions.selectors import signature_count
from petitions.services.invalidation import REASON_MAX_LENGTH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Signed with a stolen identity (police report 42)."


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0


@pytest.fixture(autouse=True)
def _in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def signers(open_petition):
    """Three citizens who signed, each with a name and IIN of their own, all in the log."""
    people = [
        UserFactory(first_name=first, last_name=last, patronymic=patronymic, region_code="KZ-75")
        for first, last, patronymic in [
            ("Мадина", "Оспанова", "Ерланқызы"),
            ("Бауыржан", "Жақсылықов", "Серікұлы"),
            ("Gulnara", "Tokhtarova", "Aidarovna"),
        ]
    ]
    for person in people:
        services.signature_create(petition=open_petition, citizen=person)
    assert services.log_append(open_petition) == 3
    return people


def page_url(petition) -> str:
    return reverse("petitions:invalidate", args=[petition.uid])


def text(response) -> str:
    return html.unescape(response.content.decode())


def leaf_of(petition, index: int) -> LogLeaf:
    return LogLeaf.objects.select_related("signature").get(petition=petition, index=index)


def revocations(petition) -> list[dict]:
    leaves = LogLeaf.objects.filter(petition=petition, kind=LogLeaf.Kind.REVOCATION)
    return [json.loads(leaf.data) for leaf in leaves.order_by("index")]


def nothing_changed(petition, *, count: int = 3) -> bool:
    return (
        signature_count(petition) == count
        and not SignatureInvalidation.objects.exists()
        and not revocations(petition)
    )


def test_lookup_by_index_shows_the_leaf(client, moderator, open_petition, signers):
    client.force_login(moderator)
    leaf = leaf_of(open_petition, 1)

    response = client.get(page_url(open_petition), {"reference": "1"})

    assert response.status_code == 200
    assert response.context["leaf"] == leaf
    page = text(response)
    assert "Signature at position 1 in the log" in page
    assert leaf.nullifier in page
    assert "Almaty (KZ-75)" in page
    local = timezone.localtime(leaf.signature.created_at)
    assert local.strftime("%H:%M:%S") in page
    assert "Counted: not invalidated." in page
    assert 'name="reason"' in page and 'name="confirm"' in page


def test_lookup_by_nullifier_finds_the_same_leaf(client, moderator, open_petition, signers):
    client.force_login(moderator)
    leaf = leaf_of(open_petition, 2)
    pasted = f"  {leaf.nullifier[:32].upper()} {leaf.nullifier[32:]}\n"

    response = client.get(page_url(open_petition), {"reference": pasted})

    assert response.status_code == 200
    assert response.context["leaf"] == leaf
    assert "Signature at position 2 in the log" in text(response)


def test_the_page_never_shows_who_signed(client, moderator, open_petition, signers):
    client.force_login(moderator)
    pages = [text(client.get(page_url(open_petition), {"reference": str(i)})) for i in range(3)]
    index = LogLeaf.objects.get(signature__citizen=signers[0]).index
    client.post(page_url(open_petition), {"reference": index, "reason": REASON, "confirm": "on"})
    after = client.get(page_url(open_petition), {"reference": str(index)})
    pages.append(text(after))
    assert "Invalidated on" in pages[-1]

    for page in pages:
        for signer in signers:
            assert signer.iin not in page
            assert signer.first_name not in page
            assert signer.last_name not in page
            assert signer.patronymic not in page


def test_invalidating_lowers_the_count_and_appends_a_revocation(
    client, moderator, open_petition, signers
):
    client.force_login(moderator)
    leaf = leaf_of(open_petition, 1)

    response = client.post(
        page_url(open_petition), {"reference": "1", "reason": REASON, "confirm": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(open_petition)}?reference=1"
    assert signature_count(open_petition) == 2
    invalidation = SignatureInvalidation.objects.get()
    assert invalidation.signature_id == leaf.signature_id
    assert invalidation.invalidated_by_id == moderator.pk
    assert invalidation.reason == REASON
    [revocation] = revocations(open_petition)
    assert revocation["revokes"] == 1
    assert revocation["reason"] == REASON
    assert revocation["index"] == 3
    shown = text(client.get(response["Location"]))
    assert "The signature at position 1 is invalidated. The petition now counts 2 signatures." in (
        shown
    )
    assert "Invalidated on" in shown and REASON in shown


def test_invalidating_by_nullifier(client, moderator, open_petition, signers):
    client.force_login(moderator)
    leaf = leaf_of(open_petition, 0)

    response = client.post(
        page_url(open_petition), {"reference": leaf.nullifier, "reason": REASON, "confirm": "on"}
    )

    assert response.status_code == 302
    assert SignatureInvalidation.objects.get().signature_id == leaf.signature_id
    assert [r["revokes"] for r in revocations(open_petition)] == [0]


@pytest.mark.parametrize(
    "data",
    [
        {"reference": "1"},
        {"reference": "1", "reason": REASON, "confirm": "on"},
        {"reference": "0", "reason": REASON, "confirm": "on", "csrfmiddlewaretoken": "x"},
    ],
)
def test_a_get_never_changes_anything(client, moderator, open_petition, signers, data):
    client.force_login(moderator)
    heads = open_petition.tree_heads.count()

    assert client.get(page_url(open_petition), data).status_code == 200

    assert nothing_changed(open_petition)
    assert open_petition.tree_heads.count() == heads


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Enter the position of the signature in the log, or its nullifier."),
        ("99", "This petition's public log has no signature at position 99."),
        ("ab" * 31 + "c", "A nullifier is 64 characters long, digits 0–9 and letters a–f only"),
        ("g" * 64, "A nullifier is 64 characters long"),
        ("12-b", "Enter a position in the log (a whole number) or a nullifier"),
        ("0" * 64, "No signature in this petition's public log has this nullifier."),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reference_that_finds_nothing_is_explained(
    client, moderator, open_petition, signers, reference, message, method
):
    client.force_login(moderator)
    data = {"reference": reference}
    if method == "post":
        data |= {"reason": REASON, "confirm": "on"}

    response = getattr(client, method)(page_url(open_petition), data)

    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert '<a href="#id_reference">' in page
    assert message in page
    assert f'value="{reference}"' in page or not reference
    assert response.context["leaf"] is None
    assert "Invalidate the signature" not in page
    assert nothing_changed(open_petition)


def test_a_revocation_entry_is_not_a_signature(client, moderator, open_petition, signers):
    services.signature_invalidate(
        signature=leaf_of(open_petition, 0).signature, moderator=moderator, reason=REASON
    )
    assert LogLeaf.objects.get(petition=open_petition, index=3).kind == LogLeaf.Kind.REVOCATION
    client.force_login(moderator)

    response = client.get(page_url(open_petition), {"reference": "3"})

    assert "This petition's public log has no signature at position 3." in text(response)
    assert response.context["leaf"] is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "", "confirm": "on"}, "reason", "Give the reason for invalidating"),
        ({"reason": "   ", "confirm": "on"}, "reason", "Give the reason for invalidating"),
        (
            {"reason": "x" * (REASON_MAX_LENGTH + 1), "confirm": "on"},
            "reason",
            f"at most {REASON_MAX_LENGTH} characters",
        ),
        ({"reason": REASON}, "confirm", "Confirm that the signature must no longer be counted."),
    ],
)
def test_an_incomplete_invalidation_is_explained_and_keeps_what_was_typed(
    client, moderator, open_petition, signers, data, field, message
):
    client.force_login(moderator)

    response = client.post(page_url(open_petition), {"reference": "1", **data})

    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert f'<a href="#id_{field}">' in page
    assert message in page
    assert response.context["leaf"] == leaf_of(open_petition, 1)
    assert '<input type="hidden" name="reference" value="1">' in page
    if data["reason"].strip() and field != "reason":
        assert data["reason"] in page
    assert nothing_changed(open_petition)


def test_an_invalidated_signature_shows_as_such_and_cannot_be_invalidated_twice(
    client, moderator, open_petition, signers
):
    services.signature_invalidate(
        signature=leaf_of(open_petition, 1).signature, moderator=moderator, reason=REASON
    )
    client.force_login(moderator)

    shown = text(client.get(page_url(open_petition), {"reference": "1"}))
    assert "Invalidated on" in shown and REASON in shown
    assert "Invalidate the signature" not in shown

    again = "A second report about the same signature."
    response = client.post(
        page_url(open_petition), {"reference": "1", "reason": again, "confirm": "on"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "This signature has already been invalidated." in page
    assert again in page
    assert signature_count(open_petition) == 2
    assert SignatureInvalidation.objects.count() == 1
    assert len(revocations(open_petition)) == 1


def test_a_signature_younger_than_the_lag_is_not_in_the_log_yet(
    client, moderator, open_petition, settings
):
    settings.SIGNATURE_LOG_LAG_SECONDS = 60
    old, new = UserFactory(), UserFactory()
    services.signature_create(petition=open_petition, citizen=old)
    # As if the lag had passed for the first signature: the job takes it.
    assert services.log_append(open_petition, horizon=timezone.now()) == 1
    services.signature_create(petition=open_petition, citizen=new)
    assert services.log_append(open_petition) == 0
    client.force_login(moderator)

    found = client.get(page_url(open_petition), {"reference": "0"})
    assert found.context["leaf"].signature.citizen_id == old.pk

    for response in [
        client.get(page_url(open_petition), {"reference": "1"}),
        client.post(page_url(open_petition), {"reference": "1", "reason": REASON, "confirm": "on"}),
    ]:
        assert response.status_code == 200
        page = text(response)
        assert "Position 1 is not in the public log yet." in page
        assert "60 seconds after it is made" in page
        assert "has no signature at position" not in page
    assert nothing_changed(open_petition, count=2)


def test_past_the_end_of_a_complete_log_is_not_found_rather_than_not_yet(
    client, moderator, open_petition, signers
):
    client.force_login(moderator)

    page = text(client.get(page_url(open_petition), {"reference": "3"}))

    assert "This petition's public log has no signature at position 3." in page
    assert "not in the public log yet" not in page


def test_citizens_and_anonymous_visitors_are_refused(client, citizen, open_petition, signers):
    data = {"reference": "1", "reason": REASON, "confirm": "on"}
    # Signed out: to the sign-in page; signed in without the permission: 403.
    for who, status in [(None, 302), (citizen, 403), (signers[0], 403)]:
        client.logout()
        if who is not None:
            client.force_login(who)
        assert client.get(page_url(open_petition), {"reference": "1"}).status_code == status
        assert client.post(page_url(open_petition), data).status_code == status
    assert nothing_changed(open_petition)


def test_the_change_needs_a_csrf_token(moderator, open_petition, signers):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = client.post(
        page_url(open_petition), {"reference": "1", "reason": REASON, "confirm": "on"}
    )

    assert response.status_code == 403
    assert nothing_changed(open_petition)


def test_an_unpublished_petition_has_no_such_page(client, moderator, in_moderation):
    client.force_login(moderator)

    assert client.get(page_url(in_moderation)).status_code == 404


def test_the_moderation_page_of_a_published_petition_links_here(
    client, moderator, open_petition, author, almaty_akimat
):
    waiting = services.petition_create(
        author=author, agency=almaty_akimat, title="t", problem="p", request="r", language="en"
    )
    services.petition_submit(petition=waiting, author=author)
    client.force_login(moderator)

    def link_on_detail(petition) -> bool:
        detail = client.get(reverse("petitions:moderation_detail", args=[petition.uid]))
        return f'href="{page_url(petition)}"' in detail.content.decode()

    assert link_on_detail(open_petition)
    assert not link_on_detail(waiting)
