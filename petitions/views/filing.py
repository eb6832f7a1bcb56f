"""Authors: file a petition, review the draft, submit it, follow their petitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.eligibility import NotEligible, ensure_can_participate
from petitions import limits, proof_of_work, selectors, services
from petitions.errors import PetitionError
from petitions.forms import PetitionForm
from petitions.models import Petition, Status


@login_required
def petition_new(request):
    try:
        ensure_can_participate(request.user)
    except NotEligible as refusal:
        return render(request, "petitions/new.html", {"problem": str(refusal)}, status=403)
    form = PetitionForm(request.POST or None)
    limited = unproven = None
    if request.method == "POST" and form.is_valid():
        if proof_of_work.enabled() and (unproven := proof_of_work.refusal(request, purpose="file")):
            form.add_error(None, unproven)
        elif limited := limits.filing_limited(request):
            # The form comes back with everything the author typed.
            message = _(
                "Several petitions have come from your account or your internet connection"
                " today. To stop automated filing, the portal accepts only a few a day. Your"
                " text is kept below. %(advice)s"
            )
            form.add_error(None, message % {"advice": limited.advice()})
        else:
            try:
                petition = services.petition_create(author=request.user, **form.cleaned_data)
            except (PetitionError, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                return redirect("petitions:draft", uid=petition.uid)
    response = render(
        request,
        "petitions/new.html",
        {
            "form": form,
            "prohibited_topics": selectors.prohibited_topics(),
            "proof_of_work": proof_of_work.enabled()
            and proof_of_work.context(request, purpose="file"),
        },
        status=429 if limited else 400 if unproven else 200,
    )
    if limited:
        response["Retry-After"] = str(limited.retry_after)
    return response


# Suggestions while typing start from a title this long (static/js/similar.js).
SIMILAR_MIN_TITLE = 8


@login_required
@require_GET
def petition_similar_json(request):
    """Listed petitions whose titles look like the one being typed; the draft page lists the
    same without JavaScript."""
    title = request.GET.get("title", "")[:200]
    similar = selectors.petitions_similar(title) if len(title.strip()) >= SIMILAR_MIN_TITLE else []
    return JsonResponse(
        {
            "petitions": [
                {
                    "title": petition.title,
                    "url": petition.get_absolute_url(),
                    "addressee": petition.agency.name,
                    "status": petition.get_status_display(),
                }
                for petition in similar
            ]
        }
    )


def _own_petition(request, uid) -> Petition:
    try:
        return selectors.petition_for_author(uid=uid, author=request.user)
    except Petition.DoesNotExist:
        raise Http404 from None


@login_required
def petition_draft(request, uid):
    petition = _own_petition(request, uid)
    # Before submitting, the author sees the listed petitions that may already ask the same.
    similar = (
        selectors.petitions_similar(petition.title, exclude_uid=petition.uid)
        if petition.status == Status.DRAFT
        else []
    )
    return render(request, "petitions/draft.html", {"petition": petition, "similar": similar})


@login_required
@require_POST
def petition_submit(request, uid):
    petition = _own_petition(request, uid)
    try:
        services.petition_submit(petition=petition, author=request.user)
    except (PetitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your petition has been submitted. Moderators will review it."))
    return redirect("petitions:draft", uid=petition.uid)


@login_required
def my_petitions(request):
    return render(
        request,
        "petitions/mine.html",
        {
            "petitions": selectors.petitions_of_author(request.user),
            "followed": selectors.petitions_followed(request.user),
        },
    )
