"""The printable petition: a PDF rendered offline with WeasyPrint, cached per state, and the
print stylesheet of the pages."""

import socket

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from petitions import selectors, services
from petitions.pdf import RefusedURL, StaticFilesOnly, html_to_pdf
from petitions.selectors import printable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KAZAKH_TITLE = "Аялдамаларға күннен қорғайтын шатыр орнату"


@pytest.fixture
def kazakh_petition(author, almaty_akimat, moderator):
    draft = services.petition_create(
        author=author,
        agency=almaty_akimat,
        title=KAZAKH_TITLE,
        problem="Адамдар күн астында күтеді. https://tracker.example/pixel.png",
        request="Әр аялдамаға шатыр орнатыңыз.",
        language="kk",
    )
    services.petition_submit(petition=draft, author=author)
    return services.petition_publish(petition=draft, moderator=moderator)


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to resolve or reach a host is recorded and fails."""
    attempts = []

    def refuse(host, *args, **kwargs):
        attempts.append(host)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def texts(document) -> str:
    """The text WeasyPrint laid out on the document's pages."""

    def walk(box):
        if hasattr(box, "text"):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return " ".join(text for page in document.pages for text in walk(page._page_box))


def test_the_pdf_download_is_a_pdf(client, kazakh_petition, no_network):
    response = client.get(f"/p/{kazakh_petition.uid}/print.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    assert no_network == []


def test_the_printable_page_has_what_a_reader_needs(kazakh_petition):
    services.log_append(kazakh_petition)  # a first signed tree head
    context = printable.petition_print_context(kazakh_petition, count=1234)
    html = render_to_string("petitions/print.html", context)

    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=StaticFilesOnly())
    rendered = document.render()
    text = texts(rendered)

    for expected in (
        KAZAKH_TITLE,
        "Almaty",  # the addressee, in English (the active language)
        kazakh_petition.author.public_name,
        "Kazakh",
        kazakh_petition.get_status_display(),
        "1,234 signatures",
        "Әр аялдамаға шатыр орнатыңыз.",
        f"{settings.SITE_URL}/p/{kazakh_petition.uid}/",
    ):
        assert expected in text, expected
    # The root breaks across lines anywhere, so it is looked for without the line breaks.
    assert context["head"].root.hex() in text.replace(" ", "")
    # Every letter is drawn in DejaVu (print.css, Debian's fonts-dejavu-core), which has them all.
    rendered.write_pdf()
    assert {font.family for font in rendered.fonts.values()} == {"DejaVu Sans", "DejaVu Sans Mono"}


def test_the_pdf_of_an_unknown_or_unpublished_petition_is_not_found(client, draft, in_moderation):
    assert client.get("/p/nosuchcode/print.pdf").status_code == 404
    assert client.get(f"/p/{in_moderation.uid}/print.pdf").status_code == 404


def test_the_fetcher_serves_the_portals_static_files_from_disk():
    response = StaticFilesOnly()(f"{settings.SITE_URL}/static/css/print.css")

    assert b"DejaVu Sans" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://tracker.example/pixel.png",
        "http://127.0.0.1:9/static/css/print.css",  # another origin
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{settings.SITE_URL}/static/../config/settings/base.py",
        f"{settings.SITE_URL}/static/%2E%2E/config/settings/base.py",
        f"{settings.SITE_URL}/admin/",
        f"{settings.SITE_URL}/static/css/no-such-file.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url, no_network):
    with pytest.raises(RefusedURL):
        StaticFilesOnly()(url)
    assert no_network == []


def test_an_external_url_in_the_html_is_not_fetched(no_network):
    html = (
        '<link rel="stylesheet" href="https://evil.example/style.css">'
        '<p>Hello <img src="https://tracker.example/pixel.png" alt=""></p>'
    )

    pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF-")
    assert no_network == []


def test_the_pdf_is_rendered_once_per_state(client, kazakh_petition, monkeypatch, settings):
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    renders = []

    def counting(html):
        renders.append(html)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr("petitions.pdf.html_to_pdf", counting)
    url = f"/p/{kazakh_petition.uid}/print.pdf"

    client.get(url)
    client.get(url)
    assert len(renders) == 1

    services.signature_create(petition=kazakh_petition, citizen=UserFactory(region_code="KZ-75"))
    services.log_append(kazakh_petition)  # the log grows: a new signed head
    client.get(url)
    assert len(renders) == 2

    client.get(url, headers={"accept-language": "ru"})  # another language, another PDF
    assert len(renders) == 3


def test_the_petition_page_links_to_the_pdf_and_prints(client, kazakh_petition):
    page = client.get(kazakh_petition.get_absolute_url()).content.decode()

    assert f'href="/p/{kazakh_petition.uid}/print.pdf"' in page
    assert "Download as PDF" in page
    assert "data-print hidden" in page
    assert 'href="/static/css/print.css" media="print"' in page


def test_the_selector_caches_the_pdf_bytes(kazakh_petition):
    first = selectors.petition_pdf(kazakh_petition, count=0)

    assert first.startswith(b"%PDF-")
    assert selectors.petition_pdf(kazakh_petition, count=0) == first
