"""The public signature log: signed tree heads, leaves and proofs, as JSON anyone may check.

`python -m petitions.verify` reads these; their formats are in petitions.transparency.formats.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from petitions import selectors
from petitions.services.log import public_key_base64
from petitions.transparency import answers
from petitions.transparency.merkle import inclusion_proof_from
from petitions.views.common import published_or_404

PAGE = answers.PAGE


def _number(request, name: str, *, default: int | None = None) -> int:
    value = request.GET.get(name)
    if value is None and default is not None:
        return default
    if value is None or not value.isdigit() or len(value) > 12:
        raise ValueError(_("“%(name)s” must be a whole number.") % {"name": name})
    return int(value)


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_GET
def public_key(request):
    return JsonResponse({"algorithm": "Ed25519", "public_key": public_key_base64()})


@require_GET
def tree_head(request, uid):
    petition = published_or_404(uid)
    head = selectors.log_latest_head(petition)
    if head is None:
        return JsonResponse({"error": _("This petition's log has no signed tree head yet.")}, 404)
    return JsonResponse({"petition": petition.uid, **head})


@require_GET
def tree_heads(request, uid):
    petition = published_or_404(uid)
    try:
        after = _number(request, "after", default=0)
    except ValueError as error:
        return _bad(str(error))
    heads = selectors.log_heads(petition, after=after)
    return JsonResponse({"petition": petition.uid, "tree_heads": heads})


@require_GET
def leaves(request, uid):
    petition = published_or_404(uid)
    try:
        start = _number(request, "start", default=0)
    except ValueError as error:
        return _bad(str(error))
    page = [
        {"index": index, "data": data}
        for index, data in selectors.log_leaves(petition, start=start, limit=PAGE)
    ]
    following = start + PAGE if len(page) == PAGE else None
    return JsonResponse({"petition": petition.uid, "leaves": page, "next_start": following})


@require_GET
def leaves_download(request, uid):
    """Every leaf, one JSON line each, streamed: the whole log for offline checking."""
    petition = published_or_404(uid)
    lines = (
        json.dumps({"index": index, "data": data}, ensure_ascii=False) + "\n"
        for index, data in selectors.log_leaves(petition, start=0, limit=None)
    )
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.uid}-log.jsonl"'
    return response


@require_GET
def inclusion(request, uid):
    petition = published_or_404(uid)
    try:
        index, size = _number(request, "index"), _number(request, "size")
        return JsonResponse(selectors.log_inclusion(petition, index=index, size=size))
    except ValueError as error:
        return _bad(str(error))


@require_GET
def consistency(request, uid):
    petition = published_or_404(uid)
    try:
        first, second = _number(request, "first"), _number(request, "second")
        return JsonResponse(selectors.log_consistency(petition, first=first, second=second))
    except ValueError as error:
        return _bad(str(error))


@login_required
@require_GET
def receipt(request, uid):
    """The signed-in citizen's receipt: their leaf, the latest head and the proof between them.

    Check it later on the site, or offline with `python -m petitions.verify URL --receipt FILE`.
    """
    petition = published_or_404(uid)
    leaf = selectors.own_log_leaf(petition, request.user)
    head = selectors.latest_tree_head(petition)
    if leaf is None or head is None or head.size <= leaf.index:
        message = _("Your signature is not in the public log yet: it is added within a minute.")
        return JsonResponse({"error": message}, status=404)
    tree = selectors.LogTree(petition, head.size)
    proof = inclusion_proof_from(tree.root_of, tree.size, leaf.index)
    response = JsonResponse(
        {
            "petition": petition.uid,
            "leaf": {"index": leaf.index, "data": leaf.data},
            "tree_head": answers.tree_head(head),
            "inclusion_proof": [node.hex() for node in proof],
        }
    )
    response["Content-Disposition"] = f'attachment; filename="{petition.uid}-receipt.json"'
    return response
