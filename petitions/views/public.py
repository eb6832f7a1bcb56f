"""Public pages: home, search, a petition, its count, the agencies."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agencies.models import Agency
from petitions import selectors
from petitions.forms.search import SearchForm
from petitions.rules import is_author
from petitions.views.common import published_or_404

PAGE_SIZE = 20
FILTERS = ("status", "level", "region", "agency", "topic", "sort")


@require_GET
def home(request):
    return render(
        request,
        "petitions/home.html",
        {
            "most_signed": selectors.petitions_open_most_signed(),
            "newest": selectors.petitions_newest(),
            "answered": selectors.petitions_recently_answered(),
        },
    )


@require_GET
def petition_list(request):
    form = SearchForm(request.GET or None)
    petitions = selectors.petition_search(**form.filters())
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    # The pages' links keep the search and filters.
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "petitions/list.html",
        {
            "form": form,
            "page": page,
            "page_query": kept.urlencode(),
            # The filters stay unfolded while one is in use or wrong.
            "filtered": bool(form.errors) or any(kept.get(name) for name in FILTERS),
        },
    )


@require_GET
def petition_detail(request, uid):
    page = published_or_404(uid, select=selectors.petition_page)
    petition = page["petition"]
    has_signed = selectors.has_signed(petition, request.user)
    return render(
        request,
        "petitions/detail.html",
        {
            **page,
            "page_cache_seconds": selectors.PAGE_CACHE_SECONDS,
            "has_signed": has_signed,
            "own_leaf": selectors.own_log_leaf(petition, request.user) if has_signed else None,
            "is_author": is_author(request.user, petition),
            "follow": selectors.follow_of(petition, request.user),
        },
    )


@require_GET
def petition_count(request, uid):
    page = published_or_404(uid, select=selectors.petition_page)
    petition = page["petition"]
    return JsonResponse(
        {
            "petition": petition.uid,
            "status": petition.status,
            "signatures": page["count"],
            "signatures_with_eds": page["eds_count"],
            "threshold": petition.signature_threshold,
        }
    )


@require_GET
def agency_list(request):
    agencies = Agency.objects.filter(is_active=True).select_related("region")
    return render(request, "petitions/agency_list.html", {"agencies": agencies})


@require_GET
def agency_detail(request, code):
    agency = get_object_or_404(Agency.objects.select_related("region", "parent"), code=code)
    page = Paginator(selectors.agency_public_petitions(agency), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "petitions/agency_detail.html",
        {
            "agency": agency,
            "page": page,
            "accountability": selectors.agency_accountability(agency),
        },
    )
