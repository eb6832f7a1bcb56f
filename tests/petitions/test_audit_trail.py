"""Every step of a petition and every admin edit lands in the audit trail; the petition's
timeline is the public face of its entries."""

import pytest
from django.urls import reverse

from accounts.audit.chain import verify
from accounts.audit.models import AuditEntry, Role
from accounts.audit.selectors import published
from agencies.models import Official, ThresholdPolicy
from petitions import services
from petitions.models import LogLeaf, PetitionEvent, Signature, TreeHead
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def entries_about(petition) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(target=f"petitions.petition:{petition.uid}"))


def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client, admin


def change_form_data(response, **changes) -> dict:
    """What the admin change page would post back unchanged, with `changes` applied."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(n): v for n, v in management.initial.items()})
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, list):
                value = [getattr(v, "pk", v) for v in value]
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    data.update(changes)
    return data


def test_each_step_is_an_entry_chained_and_linked_from_the_timeline(sent_petition, head):
    services.decision_publish(
        petition=sent_petition,
        head=head,
        outcome="accepted",
        text="We will install shades at forty stops by summer.",
        actions="Install shades.",
        implementation_due=sent_petition.response_due,
        announcement="The head announced the decision at a briefing.",
    )
    events = list(PetitionEvent.objects.filter(petition=sent_petition).order_by("created_at"))
    kinds = [event.kind for event in events]
    assert kinds == ["created", "submitted", "published", "sent", "accepted"]
    entries = entries_about(sent_petition)
    assert [event.audit_entry for event in events] == entries
    assert [entry.action for entry in entries] == [f"petition.{kind}" for kind in kinds]
    assert [entry.role for entry in entries] == [
        Role.AUTHOR,
        Role.AUTHOR,
        Role.MODERATOR,
        Role.SYSTEM,
        Role.HEAD,
    ]
    assert entries[-1].actor == head
    assert entries[-1].changes["status"] == ["sent", "accepted"]
    assert all(entry.public for entry in entries)
    verify(published(entry) for entry in AuditEntry.objects.order_by("seq"))


def test_a_state_change_signs_the_log_and_the_entry_names_the_head(open_petition):
    [published_entry] = [
        e for e in entries_about(open_petition) if e.action == "petition.published"
    ]
    empty = TreeHead.objects.get(petition=open_petition)
    assert empty.size == 0
    assert published_entry.changes["tree_head"] == [None, f"0:{bytes(empty.root).hex()}"]


def test_sending_records_the_closing_head(sent_petition):
    [sent] = [e for e in entries_about(sent_petition) if e.action == "petition.sent"]
    closing = sent_petition.closing_tree_head
    assert sent.changes["tree_head"] == [None, f"{closing.size}:{bytes(closing.root).hex()}"]


def test_the_address_of_the_request_is_recorded(client, draft, author):
    client.force_login(author)
    response = client.post(reverse("petitions:submit", args=[draft.uid]), REMOTE_ADDR="127.0.0.7")
    assert response.status_code == 302
    [submitted] = [e for e in entries_about(draft) if e.action == "petition.submitted"]
    assert submitted.address == "127.0.0.7"
    assert submitted.actor == author


def test_an_invalidation_is_on_the_timeline_with_the_leaf_it_revokes(
    open_petition, moderator, settings
):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    services.signature_create(petition=open_petition, citizen=UserFactory())
    services.log_append(open_petition)
    signature = Signature.objects.get(petition=open_petition)
    services.signature_invalidate(signature=signature, moderator=moderator, reason="Stolen ID")

    [entry] = [e for e in entries_about(open_petition) if e.action == "petition.invalidated"]
    leaf = LogLeaf.objects.get(signature=signature)
    assert entry.changes == {"nullifier": [leaf.nullifier, None]}
    assert entry.note == "Stolen ID"
    assert entry.role == Role.MODERATOR


def test_the_page_shows_the_timeline_with_its_records(client, open_petition, moderator, settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    services.signature_create(petition=open_petition, citizen=UserFactory())
    signature = Signature.objects.get(petition=open_petition)
    services.signature_invalidate(signature=signature, moderator=moderator, reason="Stolen ID")

    page = client.get(open_petition.get_absolute_url()).content.decode()
    for entry in entries_about(open_petition):
        assert reverse("audit:entry", args=[entry.seq]) in page
    assert "Stolen ID" in page
    assert "python -m accounts.audit.verify" in page


def test_an_admin_edit_of_an_agency_records_before_and_after(client, almaty_akimat):
    client, admin = admin_client(client)
    url = reverse("admin:agencies_agency_change", args=[almaty_akimat.pk])
    data = change_form_data(client.get(url), name_en="Akimat of Almaty city")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    entry = AuditEntry.objects.get(action="agencies.agency.changed")
    assert entry.target == "agencies.agency:akimat-kz-75"
    assert entry.changes == {"name_en": [almaty_akimat.name_en, "Akimat of Almaty city"]}
    assert (entry.actor, entry.role, entry.public) == (admin, Role.ADMINISTRATOR, True)


def test_an_admin_edit_of_a_threshold_is_recorded(client):
    client, _admin = admin_client(client)
    policy = ThresholdPolicy.objects.filter(fixed_threshold__isnull=False).first()
    url = reverse("admin:agencies_thresholdpolicy_change", args=[policy.pk])
    data = change_form_data(client.get(url), fixed_threshold=policy.fixed_threshold + 1)
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="agencies.thresholdpolicy.changed")
    assert entry.changes["fixed_threshold"] == [policy.fixed_threshold, policy.fixed_threshold + 1]


def test_an_admin_edit_of_an_official_is_recorded_privately(client, reviewer):
    client, _admin = admin_client(client)
    official = Official.objects.get(user=reviewer)
    url = reverse("admin:agencies_official_change", args=[official.pk])
    data = change_form_data(client.get(url), role=Official.Role.HEAD)
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="agencies.official.changed")
    assert entry.changes == {"role": ["reviewer", "head"]}
    assert not entry.public
    assert "changes" not in published(entry)["public"]


def test_an_official_added_inside_the_agency_page_is_recorded(client, almaty_akimat):
    client, _admin = admin_client(client)
    newcomer = UserFactory()
    url = reverse("admin:agencies_agency_change", args=[almaty_akimat.pk])
    data = change_form_data(client.get(url))
    total = int(data["officials-TOTAL_FORMS"])
    data.update(
        {
            "officials-TOTAL_FORMS": total + 1,
            f"officials-{total}-user": newcomer.pk,
            f"officials-{total}-role": Official.Role.REVIEWER,
            f"officials-{total}-agency": almaty_akimat.pk,
        }
    )
    assert client.post(url, data).status_code == 302
    added = Official.objects.get(user=newcomer)
    assert AuditEntry.objects.filter(
        action="agencies.official.added", target=f"agencies.official:{added.pk}"
    ).exists()


def test_a_user_edit_never_stores_the_iin_or_password(client, citizen):
    client, _admin = admin_client(client)
    url = reverse("admin:accounts_user_change", args=[citizen.pk])
    data = change_form_data(client.get(url), first_name="Ержан", iin=UserFactory.build().iin)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    entry = AuditEntry.objects.get(action="accounts.user.changed")
    assert entry.changes["iin"] == ["…", "…"]
    assert entry.changes["first_name"] == [citizen.first_name, "Ержан"]
    assert citizen.iin not in str(entry.changes)
    assert not entry.public


def test_an_admin_correction_of_a_petition_is_on_its_timeline(client, open_petition):
    client, admin = admin_client(client)
    url = reverse("admin:petitions_petition_change", args=[open_petition.pk])
    data = change_form_data(client.get(url), title="Shade at every bus stop")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event = PetitionEvent.objects.get(petition=open_petition, kind=PetitionEvent.Kind.EDITED)
    assert event.audit_entry.changes == {"title": ["Shade at bus stops", "Shade at every bus stop"]}
    assert event.audit_entry.role == Role.ADMINISTRATOR
    assert event.actor == admin
