"""Every public page in every language: zero axe-core violations at 320 px and on a desktop,
nothing scrolls sideways at 320 px, and screenshots of the main pages for a reviewer."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import set_count
from petitions import services
from petitions.models import Petition
from tests.browser.conftest import (
    ARTIFACTS,
    DESKTOP,
    NARROWEST,
    PHONE,
    check_accessible,
    overflowing,
    screenshot,
)
from tests.factories import ModeratorFactory, OfficialFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Astana and Almaty are shown exactly; Akmola's 3 signers as "fewer than 10".
SIGNERS = {"KZ-71": 25, "KZ-75": 27, "KZ-11": 3}


def _published(author, agency, moderator, title: str, language: str = "ru") -> Petition:
    draft = services.petition_create(
        author=author,
        agency=agency,
        title=title,
        problem="В сёлах нет автобуса до районного центра, люди ходят пешком по трассе.",
        request="Открыть субсидируемые маршруты до каждого села с населением от 300 человек.",
        language=language,
    )
    services.petition_submit(petition=draft, author=author)
    return services.petition_publish(petition=draft, moderator=moderator)


@pytest.fixture
def public_pages(government, almaty_akimat, settings) -> dict[str, str]:
    """A listed petition collecting signatures, a decided one, and the pages that show them."""
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    moderator = ModeratorFactory()
    collecting = _published(
        UserFactory(first_name="Айгүл"), government, moderator, "Автобусы в каждое село"
    )
    for region, count in SIGNERS.items():
        for _ in range(count):
            services.signature_create(petition=collecting, citizen=UserFactory(region_code=region))
    services.log_append(collecting)
    services.petition_list(petition=collecting)

    decided = _published(
        UserFactory(), almaty_akimat, moderator, "Көлеңке аялдамаларда", language="kk"
    )
    set_count(decided, decided.signature_threshold)
    services.petition_send_to_agency(petition=decided)
    services.decision_publish(
        petition=decided,
        head=OfficialFactory(agency=almaty_akimat).user,
        outcome="accepted",
        text="Аялдамаларға көлеңке орнатылады.",
        actions="200 аялдамаға көлеңке орнату.",
        implementation_due=timezone.localdate() + datetime.timedelta(days=90),
        announcement="Әкім брифингте жариялады.",
    )
    return {
        "home": "/",
        "petition-list": "/petitions/?q=автобус",
        "petition": collecting.get_absolute_url(),
        "petition-decided": decided.get_absolute_url(),
        "agencies": "/agencies/",
        "agency": f"/agencies/{almaty_akimat.code}/",
        "ranking": "/agencies/ranking/",
        "sign-in": "/accounts/login/",
        "password-reset": "/accounts/password/reset/",
        "not-found": "/p/no-such-petition/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_axe_violations(open_browser, public_pages, language):
    found = {}
    for viewport in (NARROWEST, DESKTOP):
        page = open_browser(language=language, viewport=viewport)
        for name, path in public_pages.items():
            page.goto(path)
            violations = check_accessible(page, name)
            if violations:
                found[f"{name} at {viewport['width']} px"] = sorted(v["id"] for v in violations)
    assert not found, f"axe violations in {language}: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_at_320px(open_browser, public_pages, language):
    page = open_browser(language=language, viewport=NARROWEST)
    wider = {}
    for name, path in public_pages.items():
        page.goto(path)
        if sticking_out := overflowing(page):
            wider[name] = sticking_out
    assert not wider, f"pages wider than 320 px in {language}: {wider}"


def test_screenshots_of_the_main_pages(open_browser, public_pages):
    """Written to tests/artifacts/ for a reviewer; the test only checks they were written."""
    for viewport in (PHONE, DESKTOP):
        page = open_browser(language="kk", viewport=viewport)
        for name, path in public_pages.items():
            page.goto(path)
            screenshot(page, name)
    for name in public_pages:
        for width in (PHONE["width"], DESKTOP["width"]):
            assert (ARTIFACTS / f"{name}-{width}.png").stat().st_size > 0
