"""PDF from HTML with WeasyPrint, offline: only the portal's own static files are read, from disk.

A petition's text is the author's; were any of it ever to reach the HTML as markup, the renderer
must not call out to the network (tracking pixels, internal addresses) or read local files.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch; WeasyPrint skips the resource and renders on."""


class StaticFilesOnly(URLFetcher):
    """Serves SITE_URL + STATIC_URL + path from the static files on disk; refuses the rest
    (other hosts, file:, data: and every other scheme) without opening any connection."""

    def __init__(self):
        super().__init__()
        site = urlsplit(settings.SITE_URL)
        self._origin = (site.scheme, site.netloc)
        self._prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/"

    def static_path(self, url: str) -> Path:
        """The file on disk that `url` names; RefusedURL if it names none of ours."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin or not parts.path.startswith(self._prefix):
            raise RefusedURL(f"Not one of the portal's static files: {url}")
        relative = unquote(parts.path[len(self._prefix) :])
        if not relative or ".." in Path(relative).parts:
            raise RefusedURL(f"Not one of the portal's static files: {url}")
        found = finders.find(relative)
        if not found:
            raise RefusedURL(f"No such static file: {url}")
        return Path(found)

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers=_content_type(path))


def _content_type(path: Path) -> dict:
    types = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
    return {"Content-Type": types.get(path.suffix, "application/octet-stream")}


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`, whose relative links resolve against SITE_URL."""
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=StaticFilesOnly())
    return document.write_pdf()
