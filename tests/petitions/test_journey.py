"""A petition from filing to a published refusal, through pages, jobs and real signatures."""

import pytest
from django.core import mail
from django.urls import reverse

from agencies.models import Agency, Official
from petitions import tasks
from petitions.models import Petition, PetitionEvent, RefusalGround, Status, Topic
from tests.factories import ModeratorFactory, OfficialFactory, UserFactory, sign_in_with_totp

pytestmark = pytest.mark.django_db

REFUSAL = (
    "The district has already planned a new park on this site for 2028 in its approved master "
    "plan, and the land is reserved for it. Building a second park nearby would duplicate "
    "spending that the district budget does not allow this year, as the maslikhat's budget "
    "decision fixes every line of spending. We will publish the master plan hearing dates."
)


def test_whole_journey(client, django_capture_on_commit_callbacks):
    medeu = Agency.objects.get(code="akimat-almaty-medeu")
    medeu.population = 1000  # 5% of 1,000: a threshold of 50 real signatures
    medeu.save()
    author = UserFactory(region_code="KZ-75")
    moderator = ModeratorFactory()
    head = OfficialFactory(agency=medeu, role=Official.Role.HEAD).user

    client.force_login(author)
    client.post(
        reverse("petitions:new"),
        {
            "agency": medeu.pk,
            "title": "A park for Medeu",
            "problem": "There is no park within walking distance.",
            "request": "Build a park on the empty site on Dostyk avenue.",
            "language": "en",
            "topic": Topic.objects.get(slug="environment").pk,
        },
    )
    petition = Petition.internal.get()
    client.post(reverse("petitions:submit", args=[petition.uid]))

    client.force_login(moderator)
    client.post(reverse("petitions:publish", args=[petition.uid]))
    petition.refresh_from_db()
    assert petition.status == Status.OPEN and petition.signature_threshold == 50

    for _ in range(50):
        client.force_login(UserFactory(region_code="KZ-75"))
        client.post(reverse("petitions:sign", args=[petition.uid]))
    assert client.get(reverse("petitions:count", args=[petition.uid])).json()["signatures"] == 50

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.watch_thresholds() == {"sent": 1, "listed": 0}
    petition.refresh_from_db()
    assert petition.status == Status.SENT
    assert head.email in {m.to[0] for m in mail.outbox}

    sign_in_with_totp(client, head)
    dashboard = client.get(reverse("petitions:dashboard")).content.decode()
    assert "A park for Medeu" in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("petitions:decide", args=[petition.uid]),
            {
                "outcome": "refused",
                "text": REFUSAL,
                "legal_basis": "Budget Code, article 4",
                "refusal_ground": RefusalGround.objects.get(code="no-means").pk,
                "announcement": "The akim announced the answer at a briefing.",
            },
        )

    client.logout()
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Budget Code, article 4" in page
    assert "The district has already planned a new park" in page
    petition.refresh_from_db()
    assert petition.status == Status.REFUSED
    assert list(petition.events.values_list("kind", flat=True)) == [
        PetitionEvent.Kind.CREATED,
        PetitionEvent.Kind.SUBMITTED,
        PetitionEvent.Kind.PUBLISHED,
        PetitionEvent.Kind.SENT,
        PetitionEvent.Kind.REFUSED,
    ]
    assert len([m for m in mail.outbox if "answered" in m.subject]) == 51  # author + 50 signers
