"""Moderators: invalidate a petition's signatures in bulk, by signing time, region or address
range. Choose, preview the count, confirm; the job runs in the background and can be cancelled."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.selectors import region_choices
from petitions import services, tasks
from petitions.errors import PetitionError
from petitions.forms.bulk_invalidation import BulkInvalidationForm
from petitions.models import BulkInvalidation, Petition
from petitions.services.bulk_invalidation import SignatureSelection
from petitions.views.moderation import moderator_required


def _form_page(request, petition, form, status=200):
    jobs = petition.bulk_invalidations.order_by("-created_at")[:20]
    return render(
        request,
        "petitions/moderation/bulk_new.html",
        {"petition": petition, "form": form, "jobs": jobs},
        status=status,
    )


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request, uid):
    """The selection (GET); its preview (POST); the request, once confirmed (POST "confirm")."""
    petition = get_object_or_404(Petition.internal.published(), uid=uid)
    if request.method != "POST":
        return _form_page(request, petition, BulkInvalidationForm())
    form = BulkInvalidationForm(request.POST)
    if not form.is_valid():
        return _form_page(request, petition, form, status=400)
    if "edit" in request.POST:
        return _form_page(request, petition, form)
    if "confirm" in request.POST:
        try:
            job = services.bulk_invalidation_request(
                petition=petition,
                moderator=request.user,
                selection=form.selection,
                reason=form.cleaned_data["reason"],
            )
        except PetitionError as error:
            form.add_error(None, str(error))
            return _form_page(request, petition, form, status=400)
        # Queued here, once the request is committed: the job runs services, which must not
        # import the tasks module back.
        tasks.run_bulk_invalidation.delay(job.pk)
        messages.success(request, _("The invalidation has started."))
        return redirect("petitions:bulk_invalidation", uid=petition.uid, pk=job.pk)
    matched = services.bulk_invalidation_preview(petition=petition, selection=form.selection)
    return render(
        request,
        "petitions/moderation/bulk_preview.html",
        {
            "petition": petition,
            "form": form,
            "matched": matched,
            "region_name": dict(region_choices()).get(form.cleaned_data["region"], ""),
        },
    )


@moderator_required
def status(request, uid, pk):
    """How far the job has got; refresh to follow it (no JavaScript needed)."""
    job = get_object_or_404(
        BulkInvalidation.objects.select_related("petition", "requested_by"),
        pk=pk,
        petition__uid=uid,
    )
    selection = SignatureSelection.from_json(job.criteria)
    return render(
        request,
        "petitions/moderation/bulk_status.html",
        {
            "petition": job.petition,
            "job": job,
            "selection": selection,
            "region_name": dict(region_choices()).get(selection.region, ""),
        },
    )


@moderator_required
@require_POST
def cancel(request, uid, pk):
    job = get_object_or_404(BulkInvalidation, pk=pk, petition__uid=uid)
    try:
        services.bulk_invalidation_cancel(job=job, moderator=request.user)
    except (PetitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invalidation is cancelled. Signatures it had already invalidated stay so."),
        )
    return redirect("petitions:bulk_invalidation", uid=uid, pk=pk)
