"""A follower chooses which e-mails they get (every update, the decision and implementation,
or none); the e-mails respect it and come in each recipient's language; "My petitions" lists
what they follow."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Agency
from petitions import services
from petitions.errors import PetitionError
from petitions.models import Follow, Hearing
from petitions.notifications import notify_decision
from petitions.notifications.deadlines import notify_escalated
from petitions.notifications.hearings import notify_hearing_cancelled, notify_hearing_scheduled
from petitions.notifications.plan import PLAN_SUBJECTS, notify_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERY, DECISIONS, NONE = (
    Follow.Emails.EVERY_UPDATE,
    Follow.Emails.DECISIONS,
    Follow.Emails.NONE,
)


def follower(petition, emails, **fields) -> object:
    citizen = UserFactory(**fields)
    services.follow_create(petition=petition, citizen=citizen, emails=emails)
    return citizen


@pytest.fixture
def followers(sent_petition):
    return {choice: follower(sent_petition, choice) for choice in (EVERY, DECISIONS, NONE)}


def mailed(petition) -> set[str]:
    """Who got mail, the author left out (they get every e-mail whatever anyone chose)."""
    return {message.to[0] for message in mail.outbox} - {petition.author.email}


# --- The choice -----------------------------------------------------------------------------


def test_following_defaults_to_every_update(open_petition, citizen):
    assert services.follow_create(petition=open_petition, citizen=citizen).emails == EVERY


def test_following_again_changes_the_choice_in_the_same_row(open_petition, citizen):
    first = services.follow_create(petition=open_petition, citizen=citizen, emails=DECISIONS)
    second = services.follow_create(petition=open_petition, citizen=citizen, emails=NONE)

    assert second.pk == first.pk
    assert Follow.objects.get(petition=open_petition, citizen=citizen).emails == NONE


def test_an_unknown_choice_is_refused(open_petition, citizen):
    with pytest.raises(PetitionError):
        services.follow_create(petition=open_petition, citizen=citizen, emails="weekly")
    assert not Follow.objects.exists()


def test_the_database_keeps_the_choice_to_the_known_ones(open_petition, citizen):
    services.follow_create(petition=open_petition, citizen=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.update(emails="weekly")


# --- The page ------------------------------------------------------------------------------


def follow_form(page: str) -> str:
    return page[page.index('<div class="follow">') : page.index("</div>\n", page.index("radios"))]


def test_the_follow_form_offers_the_three_choices_in_a_fieldset(client, open_petition, citizen):
    client.force_login(citizen)
    form = follow_form(client.get(open_petition.get_absolute_url()).content.decode())

    assert "<fieldset" in form and "<legend>Follow this petition</legend>" in form
    assert form.count('type="radio" name="emails"') == 3
    for value in ("every", "decisions", "none"):
        radio = f'<input type="radio" name="emails" value="{value}" id="follow-emails-{value}"'
        assert f'<label for="follow-emails-{value}">{radio}' in form
    assert 'value="every" id="follow-emails-every" checked' in form


def test_a_citizen_follows_with_a_choice_and_changes_it(client, open_petition, citizen):
    client.force_login(citizen)
    url = open_petition.get_absolute_url()

    response = client.post(
        reverse("petitions:follow", args=[open_petition.uid]), {"emails": "decisions"}
    )
    assert response.status_code == 302
    assert Follow.objects.get(citizen=citizen).emails == DECISIONS
    page = client.get(url).content.decode()
    assert reverse("petitions:follow_emails", args=[open_petition.uid]) in page
    assert 'value="decisions" id="follow-emails-decisions" checked' in page
    assert 'value="every" id="follow-emails-every" checked' not in page

    client.post(reverse("petitions:follow_emails", args=[open_petition.uid]), {"emails": "none"})
    assert Follow.objects.get(citizen=citizen).emails == NONE
    page = client.get(url).content.decode()
    assert 'value="none" id="follow-emails-none" checked' in page
    assert "without e-mails" in page


def test_an_unknown_choice_from_the_page_changes_nothing(client, open_petition, citizen):
    services.follow_create(petition=open_petition, citizen=citizen, emails=DECISIONS)
    client.force_login(citizen)

    response = client.post(
        reverse("petitions:follow_emails", args=[open_petition.uid]),
        {"emails": "hourly"},
        follow=True,
    )

    assert "Choose which e-mails you want to get." in response.content.decode()
    assert Follow.objects.get(citizen=citizen).emails == DECISIONS


def test_my_petitions_lists_what_i_follow_with_my_choice(client, open_petition, citizen):
    services.follow_create(petition=open_petition, citizen=citizen, emails=NONE)
    services.follow_create(petition=open_petition, citizen=UserFactory(), emails=EVERY)
    client.force_login(citizen)

    page = client.get(reverse("petitions:mine")).content.decode()

    section = page[page.index("Petitions you follow") :]
    assert section.count(open_petition.get_absolute_url()) == 1
    assert "No e-mails" in section
    assert "Every update" not in section


# --- Which e-mails reach whom --------------------------------------------------------------


def test_steps_of_the_plan_reach_only_those_who_chose_every_update(sent_petition, followers):
    notify_plan(sent_petition.pk, "published")

    assert mailed(sent_petition) == {followers[EVERY].email}


def test_the_implementation_reaches_those_who_chose_it_too(sent_petition, followers):
    notify_plan(sent_petition.pk, "implemented")

    assert mailed(sent_petition) == {followers[EVERY].email, followers[DECISIONS].email}


def test_a_hearing_reaches_only_those_who_chose_every_update(sent_petition, followers, head):
    hearing = Hearing.objects.create(
        petition=sent_petition,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Akimat, hall 1",
        scheduled_by=head,
    )
    notify_hearing_scheduled(sent_petition.pk, hearing.pk)
    assert mailed(sent_petition) == {followers[EVERY].email}
    (to_follower,) = [m for m in mail.outbox if m.to == [followers[EVERY].email]]
    assert "Akimat, hall 1" in to_follower.body

    mail.outbox = []
    notify_hearing_cancelled(sent_petition.pk, hearing.pk)
    assert mailed(sent_petition) == {followers[EVERY].email}


def test_an_escalation_reaches_only_those_who_chose_every_update(sent_petition, followers):
    government = Agency.objects.get(code="government")
    type(sent_petition).internal.filter(pk=sent_petition.pk).update(
        escalated_to=government, escalated_at=timezone.now()
    )

    notify_escalated(sent_petition.pk)

    assert mailed(sent_petition) == {followers[EVERY].email}


def test_the_decision_reaches_signers_and_followers_once_each_but_not_who_chose_none(
    open_petition,
):
    followers = {choice: follower(open_petition, choice) for choice in (EVERY, DECISIONS, NONE)}
    signer, signer_following_decisions, signer_following_none = (
        UserFactory(region_code="KZ-75") for _ in range(3)
    )
    for citizen in (signer, signer_following_decisions, signer_following_none):
        services.signature_create(petition=open_petition, citizen=citizen)
    services.follow_create(
        petition=open_petition, citizen=signer_following_decisions, emails=DECISIONS
    )
    services.follow_create(petition=open_petition, citizen=signer_following_none, emails=NONE)

    notify_decision(open_petition.pk)

    recipients = [m.to[0] for m in mail.outbox if m.to[0] != open_petition.author.email]
    assert sorted(recipients) == sorted(
        [
            followers[EVERY].email,
            followers[DECISIONS].email,
            signer.email,
            signer_following_decisions.email,
        ]
    )


# --- Each in their own language ------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_follower_gets_the_e_mail_in_their_language(open_petition, language):
    reader = follower(open_petition, EVERY, preferred_language=language)
    english_reader = follower(open_petition, EVERY, preferred_language="en")

    notify_plan(open_petition.pk, "published")

    (theirs,) = [m for m in mail.outbox if m.to == [reader.email]]
    (english,) = [m for m in mail.outbox if m.to == [english_reader.email]]
    with translation.override(language):
        expected_subject = str(PLAN_SUBJECTS["published"])
    assert expected_subject != str(PLAN_SUBJECTS["published"])  # the catalogue has it
    assert theirs.subject == expected_subject
    assert english.subject == "The state body has published its implementation plan for a petition"
    assert theirs.body != english.body.replace(english_reader.first_name, reader.first_name)
    assert not theirs.body.startswith("Dear")
