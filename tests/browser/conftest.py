"""Browser tests: Debian's Chromium driven by Playwright against the live server, with axe-core.

Playwright's own browser download cannot work here, so the tests launch /usr/bin/chromium
(tests/services.sh installs it); without it they fail, never skip. Each check of a page with
axe is written to tests/artifacts/axe-report.json, beside screenshots of the main pages.
"""

import json
import os
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.utils import translation
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("QOLDAU_CHROMIUM", "/usr/bin/chromium"))
# The network is closed: nothing may start a download, an update or a sync in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE = {"width": 375, "height": 812}
NARROWEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
# WCAG 2.1 A and AA, plus axe's best practices (landmarks, heading order, one h1 ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
PASSWORD = "pass-12345"  # tests.factories.UserFactory's

_axe = Axe()
_axe_log: list[dict] = []


def gettext_in(language: str, message: str) -> str:
    """What the portal shows for `message` in `language`: tests find buttons by their text."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture(scope="session", autouse=True)
def axe_report():
    """Every axe check of the run, written to tests/artifacts/axe-report.json at the end."""
    ARTIFACTS.mkdir(exist_ok=True)
    _axe_log.clear()
    yield _axe_log
    (ARTIFACTS / "axe-report.json").write_text(
        json.dumps(_axe_log, ensure_ascii=False, indent=1), encoding="utf-8"
    )


# Chromium reports each CSP violation on the console ("... violates the following Content
# Security Policy directive ..."); the listener also catches those the console might not show.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${
    event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}`);
});"""


def watch_csp(context, violations: list[str]) -> None:
    """Collect the CSP violations of every page of the context."""
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and violations.append(f"{message.page.url if message.page else '?'}: {message.text}")
        ),
    )


@pytest.fixture
def browser(transactional_db, live_server, monkeypatch):
    """Chromium, started after the test's database is ready and stopped before it is flushed.

    While Playwright runs, Django's thread-local connections resolve to new objects in this
    thread, so the database must be set up (and restored from its serialized copy) first.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (tests/services.sh does, as root)",
            pytrace=False,
        )
    # Playwright's sync API keeps an event loop in this thread; the tests' own database calls
    # (factories, running a job directly) run between its calls, never inside them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # Every page any test opens also proves the Content-Security-Policy holds.
        violations: list[str] = []
        new_context = browser.new_context

        def new_watched_context(**options):
            context = new_context(**options)
            watch_csp(context, violations)
            return context

        monkeypatch.setattr(browser, "new_context", new_watched_context)
        yield browser
        browser.close()
        # Close the connections opened while Playwright ran, or the test database stays in use.
        connections.close_all()
        assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def open_browser(browser, live_server):
    """A new person at a browser: open_browser(language="kk", viewport=PHONE) -> page."""
    contexts = []

    def open_page(*, language: str = "en", viewport: dict = DESKTOP):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale=language,
            is_mobile=viewport["width"] < 600,
            has_touch=viewport["width"] < 600,
        )
        # The language switch's choice, as if the person had made it on an earlier visit.
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check_accessible(page, name: str) -> list[dict]:
    """Run axe-core on the page as it stands; log and return its violations."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    _axe_log.append(
        {
            "page": name,
            "url": page.url,
            "language": page.evaluate("document.documentElement.lang"),
            "width": page.viewport_size["width"],
            "violations": len(violations),
            "rules": {v["id"]: [n["target"] for n in v["nodes"]] for v in violations},
        }
    )
    return violations


def assert_accessible(page, name: str) -> None:
    violations = check_accessible(page, name)
    assert not violations, f"axe on {name} ({page.url}):\n" + _axe_report(violations)


def _axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


# The outermost elements that stick out past the right edge, to say what to fix.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.body.querySelectorAll("*")].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5
  );
  return out.filter((e) => !out.includes(e.parentElement)).slice(0, 5).map(
    (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} ${Math.round(
      e.getBoundingClientRect().right)}px`
  );
}"""


def overflowing(page) -> list[str]:
    """What makes the page scroll sideways (empty when it fits its viewport's width)."""
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width <= client_width:
        return []
    return page.evaluate(OVERFLOWING) or [f"page {scroll_width}px wide"]


def screenshot(page, name: str) -> None:
    """A picture of the whole page for a reviewer, named by page and width."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{page.viewport_size['width']}.png", full_page=True)


def sign_in(page, user, *, totp_secret: str | None = None) -> None:
    """Sign in through the portal's own pages: IIN and password, then the authenticator code."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.iin)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    if totp_secret:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        page.locator("input[name=code]").fill(code)
        page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, "sign-in failed"
