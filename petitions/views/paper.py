"""Staff: enter a petition filed on paper, and paper signature sheets of an open petition.

The pages show IINs to the staff member entering them and to nobody else: nothing here is
cached, and error reports leave the posted IINs out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from petitions import selectors, services
from petitions.errors import PetitionError
from petitions.forms.paper import PaperPetitionForm, PaperSheetForm
from petitions.models import Petition, Status

enter_paper_required = permission_required("petitions.enter_paper", raise_exception=True)


@sensitive_post_parameters("iin", "last_name", "first_name", "patronymic", "email")
@never_cache
@login_required
@enter_paper_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper_petition_new(request):
    form = PaperPetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.paper_petition_enter(by=request.user, **form.cleaned_data)
        except (PetitionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The paper petition is entered and waits in the moderation queue.")
            )
            return redirect("petitions:moderation_detail", uid=petition.uid)
    return render(request, "petitions/paper/petition_new.html", {"form": form})


@sensitive_post_parameters("lines")
@never_cache
@login_required
@enter_paper_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper_sheet(request, uid):
    """The sheet form (GET changes nothing); entering it and the report line by line (POST)."""
    petition = get_object_or_404(
        Petition.internal.published().select_related("agency", "agency__region"), uid=uid
    )
    collecting = petition.status == Status.OPEN
    form = PaperSheetForm(request.POST or None, petition=petition)
    report = None
    if collecting and request.method == "POST" and form.is_valid():
        try:
            report = services.paper_sheet_enter(
                petition=petition,
                by=request.user,
                text=form.cleaned_data["lines"],
                region_attested=form.cleaned_data.get("region_attested", False),
            )
        except (PetitionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            if not report.problems:  # the whole sheet is in: ready for the next one
                form = PaperSheetForm(petition=petition)
    return render(
        request,
        "petitions/paper/sheet.html",
        {
            "petition": petition,
            "collecting": collecting,
            "form": form,
            "report": report,
            "count": selectors.signature_count(petition),
            "paper_count": selectors.signature_paper_count(petition),
        },
    )
