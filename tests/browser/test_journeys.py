"""A petition's life in a real browser: filed in Kazakh, published, signed on phones, sent, decided.

Each person has their own browser and language; each step asserts what the person sees, and
axe-core checks every page they visit.
"""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from agencies.models import Agency, Official
from petitions import tasks
from petitions.models import Petition, Status
from tests.browser.conftest import (
    DESKTOP,
    NARROWEST,
    PHONE,
    assert_accessible,
    gettext_in,
    overflowing,
    screenshot,
    sign_in,
)
from tests.factories import TOTP_SECRET, ModeratorFactory, OfficialFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Медеу ауданына саябақ керек"
PROBLEM = "Достық даңғылының бойында жаяу жүріп баратын жерде бірде-бір саябақ жоқ."
REQUEST = "Достық даңғылындағы бос алаңда саябақ салуды сұраймыз."
DECISION = "Саябақ келесі жылы салынады: жоба бюджетке енгізілді."


def choose_remaining_selects(form) -> None:
    """Pick the first real option of any required list still on its empty choice.

    The filing form may ask more than these tests know of (a topic, say); a citizen answers.
    """
    for select in form.locator("select").all():
        if select.input_value() == "" and select.locator("option[value]:not([value=''])").count():
            value = select.locator("option[value]:not([value=''])").first.get_attribute("value")
            select.select_option(value)


def field(scope, label: str):
    """The field whose label reads `label` (Django adds a colon to its labels)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def see_message(page, text: str) -> None:
    assert text in page.locator(".messages").inner_text()


@pytest.fixture
def medeu(db):
    # 5% of 60 residents: three real signatures reach the threshold.
    agency = Agency.objects.get(code="akimat-almaty-medeu")
    agency.population = 60
    agency.save()
    return agency


def file_in_kazakh(page, medeu) -> Petition:
    """(a) The author files in Kazakh: first an empty form, then a complete one."""
    kk = "kk"
    page.goto("/petitions/new/")
    assert page.locator("html").get_attribute("lang") == kk
    assert page.locator("h1").inner_text() == gettext_in(kk, "Start a petition")
    page.get_by_role("button", name=gettext_in(kk, "Save and review")).click()

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # Focus moves to the summary (no JavaScript needed), so a screen reader reads it first.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert gettext_in(kk, "There is a problem") in summary.inner_text()
    # Each error in the summary links to its field, which the person can then fill in.
    links = summary.locator("a")
    assert links.count() >= 3
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href
    assert page.locator(".field-error").count() == links.count()
    assert_accessible(page, "filing form with errors")
    screenshot(page, "filing-errors")

    summary.locator("a").first.click()
    field(page, gettext_in(kk, "Addressee")).select_option(str(medeu.pk))
    field(page, gettext_in(kk, "Title")).fill(TITLE)
    field(page, gettext_in(kk, "The problem")).fill(PROBLEM)
    field(page, gettext_in(kk, "What you ask the state body to do")).fill(REQUEST)
    form = page.locator("main form").filter(has=page.locator("textarea"))
    assert field(form, gettext_in(kk, "Language of the petition")).input_value() == kk
    choose_remaining_selects(form)
    page.get_by_role("button", name=gettext_in(kk, "Save and review")).click()

    assert page.locator("h1").inner_text() == TITLE
    assert gettext_in(kk, "Kazakh") in page.locator("main").inner_text()
    assert_accessible(page, "draft")
    page.get_by_role("button", name=gettext_in(kk, "Submit for moderation")).click()
    see_message(
        page, gettext_in(kk, "Your petition has been submitted. Moderators will review it.")
    )
    assert_accessible(page, "draft submitted")
    return Petition.internal.get(title=TITLE)


def publish_in_russian(page, petition) -> None:
    """(b) A moderator, in Russian, finds it in the queue and publishes it."""
    ru = "ru"
    page.goto("/moderation/")
    assert page.locator("h1").inner_text() == gettext_in(ru, "Moderation queue")
    assert_accessible(page, "moderation queue")
    screenshot(page, "moderation-queue")
    page.set_viewport_size(NARROWEST)
    assert_accessible(page, "moderation queue at 320 px")
    assert not overflowing(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("h1").inner_text() == TITLE
    assert PROBLEM in page.locator("main").inner_text()
    assert_accessible(page, "moderation detail")
    page.get_by_role("button", name=gettext_in(ru, "Publish the petition")).click()
    see_message(page, gettext_in(ru, "The petition is published."))
    assert page.get_by_role("link", name=TITLE).count() == 0


def sign_on_phone(page, petition, number: int) -> None:
    """(c) A citizen follows the link on a phone and signs."""
    kk = "kk"
    page.goto(petition.get_absolute_url())
    assert page.locator("h1").inner_text() == TITLE
    page.get_by_role("link", name=gettext_in(kk, "Sign this petition")).click()
    assert page.locator("h1").inner_text() == gettext_in(kk, "Sign the petition")
    assert_accessible(page, "sign confirmation")
    if number == 1:
        screenshot(page, "sign-confirmation")
    page.get_by_role("button", name=gettext_in(kk, "Confirm my signature")).click()
    see_message(page, gettext_in(kk, "Thank you: your signature is counted."))
    assert gettext_in(kk, "You have signed this petition.") in page.locator("main").inner_text()
    assert_accessible(page, "petition page after signing")


def decide_in_english(page, petition) -> None:
    """(e) The head of the akimat, with the second factor, accepts the petition."""
    page.goto("/review/")
    assert page.locator("h1").inner_text() == "Review dashboard"
    row = page.locator("tr").filter(has=page.get_by_role("link", name=TITLE))
    assert "sent to the state body" in row.inner_text()
    assert_accessible(page, "review dashboard")
    screenshot(page, "review-dashboard")
    page.set_viewport_size(NARROWEST)
    assert_accessible(page, "review dashboard at 320 px")
    assert not overflowing(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name=TITLE).click()
    assert_accessible(page, "review page")
    page.get_by_role("radio", name="accepted into work").check()
    field(page, "Reasoned statement of the decision").fill(DECISION)
    field(page, "What will be done (for an acceptance)").fill("Build the park.")
    due = timezone.localdate() + datetime.timedelta(days=200)
    field(page, "By which date (for an acceptance)").fill(due.isoformat())
    field(page, "The head's public statement").fill("The akim announced it on television.")
    page.get_by_role("button", name="Publish the decision").click()
    page.wait_for_load_state("load")
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert page.url.endswith(petition.get_absolute_url())
    assert DECISION in page.locator("main").inner_text()
    assert_accessible(page, "petition page after the decision")


def test_a_petition_from_filing_in_kazakh_to_its_decision(open_browser, medeu):
    author = UserFactory(region_code="KZ-75", preferred_language="kk", first_name="Айгүл")
    moderator = ModeratorFactory(preferred_language="ru")
    head = OfficialFactory(agency=medeu, role=Official.Role.HEAD).user
    TOTP.activate(head, TOTP_SECRET)
    signers = [UserFactory(region_code="KZ-75", preferred_language="kk") for _ in range(3)]

    author_page = open_browser(language="kk", viewport=PHONE)
    sign_in(author_page, author)
    petition = file_in_kazakh(author_page, medeu)
    assert petition.status == Status.MODERATION and petition.language == "kk"

    moderator_page = open_browser(language="ru", viewport=DESKTOP)
    sign_in(moderator_page, moderator)
    publish_in_russian(moderator_page, petition)
    petition.refresh_from_db()
    assert petition.status == Status.OPEN and petition.signature_threshold == 3

    for number, signer in enumerate(signers, start=1):
        page = open_browser(language="kk", viewport=PHONE)
        sign_in(page, signer)
        sign_on_phone(page, petition, number)

    # (d) The beat job finds the threshold reached and sends the petition.
    assert tasks.watch_thresholds() == {"sent": 1, "listed": 0}
    author_page.goto(petition.get_absolute_url())
    assert gettext_in("kk", "sent to the state body") in author_page.locator("main").inner_text()

    head_page = open_browser(language="en", viewport=DESKTOP)
    sign_in(head_page, head, totp_secret=TOTP_SECRET)
    decide_in_english(head_page, petition)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED

    # (f) The author reads the answer on the petition's page, in Kazakh.
    author_page.goto(petition.get_absolute_url())
    main = author_page.locator("main").inner_text()
    assert DECISION in main
    assert gettext_in("kk", "accepted into work") in main
    assert_accessible(author_page, "petition page with the decision")
    screenshot(author_page, "petition-decided")


def test_the_language_switch_works_without_javascript_and_is_remembered(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="kk", java_script_enabled=False
    )
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.goto("/agencies/")
        assert page.locator("html").get_attribute("lang") == "kk"
        switch = page.locator("form.language-switch")
        switch.locator("select").select_option("ru")
        switch.get_by_role("button").click()
        # Back on the same page, in Russian; the next page stays Russian.
        assert page.url.endswith("/agencies/")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("h1").inner_text() == gettext_in("ru", "State bodies")
        page.get_by_role("link", name=gettext_in("ru", "Petitions"), exact=True).first.click()
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("h1").inner_text() == gettext_in("ru", "Petitions")
    finally:
        context.close()
