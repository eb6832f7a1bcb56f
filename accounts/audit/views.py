"""The public audit trail: the chain's tip and its entries, as JSON anyone may check.

`python -m accounts.audit.verify URL` reads these and recomputes every hash.
"""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.audit import selectors
from accounts.audit.models import AuditEntry

PAGE = 1000


@require_GET
def head(request):
    tip = selectors.chain_tip()
    return JsonResponse({"size": tip.size, "hash": tip.head_hash})


@require_GET
def entries(request):
    after = request.GET.get("after", "0")
    if not after.isdigit() or len(after) > 18:
        return JsonResponse({"error": _("“after” must be a whole number.")}, status=400)
    page = [selectors.published(e) for e in selectors.entries_after(int(after), limit=PAGE)]
    following = page[-1]["public"]["seq"] if len(page) == PAGE else None
    return JsonResponse({"entries": page, "next_after": following})


@require_GET
def entry(request, seq):
    try:
        found = AuditEntry.objects.get(seq=seq)
    except AuditEntry.DoesNotExist:
        raise Http404(_("No such entry in the audit trail.")) from None
    return JsonResponse(selectors.published(found))
