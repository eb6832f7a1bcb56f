"""The printable petition: a PDF download of its public page."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from petitions import selectors
from petitions.views.common import published_or_404


@require_GET
def petition_pdf(request, uid):
    page = published_or_404(uid, select=selectors.petition_page)
    pdf = selectors.petition_pdf(page["petition"], count=page["count"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="qoldau-{uid}.pdf"'
    return response
