"""The printable petition: its PDF, rendered once per state of the petition and its log."""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from petitions.models import Petition
from petitions.selectors.log import latest_tree_head

# A cached PDF is also dropped after this long, so that the count it shows stays recent even
# while the log's head does not move.
PDF_CACHE_SECONDS = 10 * 60


def pdf_cache_key(petition: Petition, head_id: int | None, language: str) -> str:
    """The PDF's key names the petition's status and the log's latest signed head: a new state
    or a grown log is a new key, so no state change has to drop the old one."""
    return f"petitions:pdf:{petition.uid}:{petition.status}:{head_id or 0}:{language}"


def petition_print_context(petition: Petition, *, count: int) -> dict:
    return {
        "petition": petition,
        "author_name": petition.author.public_name,
        "count": count,
        "counted_at": timezone.now(),
        "head": latest_tree_head(petition),
        "url": settings.SITE_URL + petition.get_absolute_url(),
    }


def petition_pdf(petition: Petition, *, count: int) -> bytes:
    """The petition as a PDF in the active language (its text in its own), from the cache when
    the petition and its log are as they were when it was rendered."""
    # WeasyPrint is imported on the first PDF, not by every process that loads the selectors.
    from petitions import pdf

    context = petition_print_context(petition, count=count)
    head = context["head"]
    key = pdf_cache_key(petition, head.pk if head else None, get_language() or "")
    return cache.get_or_set(
        key,
        lambda: pdf.html_to_pdf(render_to_string("petitions/print.html", context)),
        PDF_CACHE_SECONDS,
    )
