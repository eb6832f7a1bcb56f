"""Pages of the stand-in eGov: who to sign in as, the signing client, and PKCE made mandatory."""

import base64
import hashlib
import hmac
import json
from urllib.parse import urlsplit

from allauth.idp.oidc.views import AuthorizationView
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from devidp import nca
from devidp.citizens import DEMO_PASSWORD, REGION_NAMES
from devidp.models import Citizen


def home(request):
    today = timezone.localdate()
    citizens = [
        {
            "citizen": citizen,
            "region": REGION_NAMES.get(citizen.residence_region, citizen.residence_region),
            "age": citizen.age_on(today),
        }
        for citizen in Citizen.objects.all()
    ]
    return render(
        request, "devidp/home.html", {"citizens": citizens, "demo_password": DEMO_PASSWORD}
    )


class PKCEAuthorizationView(AuthorizationView):
    """allauth's authorization endpoint, refusing requests without an S256 code challenge.

    allauth demands PKCE of public clients only; eGov demands it of every client, so the portal's
    confidential client must not get a code it could redeem without a code verifier.
    """

    def get(self, request, *args, **kwargs):
        if not request.GET.get("code_challenge") or (
            request.GET.get("code_challenge_method") != "S256"
        ):
            return render(request, "devidp/pkce_required.html", status=400)
        return super().get(request, *args, **kwargs)


# Where a signing request waits between its arrival and the citizen's confirmation.
PENDING_REQUEST = "devidp.eds_request"
MAX_STATEMENT_CHARS = 4000


class SigningRequestForm(forms.Form):
    """What the portal posts to the signing client: the statement and where to send the CMS."""

    statement = forms.CharField(strip=False)
    return_to = forms.CharField()

    def clean_statement(self):
        # Browsers send the line breaks of form fields as CRLF; the statement is signed with LF.
        statement = self.cleaned_data["statement"].replace("\r\n", "\n")
        if len(statement) > MAX_STATEMENT_CHARS:
            raise forms.ValidationError("statement too long")
        return statement

    def clean_return_to(self):
        return_to = self.cleaned_data["return_to"]
        if not is_allowed_return(return_to):
            raise forms.ValidationError("return_to not allowed")
        return return_to


# The portal's form posts here from its own origin, without a token of ours. That is safe only
# because this step signs nothing: it keeps the request for the citizen to read on the GET
# page, and signing takes a CSRF-protected POST to eds_sign_confirm.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def sign(request):
    """The signing client: a signing request arrives by POST, and the citizen reads it by GET.

    The request travels in the body and waits in the session, so neither the statement (which
    holds the citizen's IIN) nor the CMS ever appears in a URL or an access log.
    """
    if request.method == "POST":
        return _receive(request)
    return _show(request)


def _receive(request):
    form = SigningRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request)
    request.session[PENDING_REQUEST] = {
        "statement": form.cleaned_data["statement"],
        "return_to": form.cleaned_data["return_to"],
    }
    return HttpResponseRedirect(reverse("eds_sign"), status=303)


@login_required
def _show(request):
    # Django's login keeps the session's data when it rotates its key, so a request that
    # arrived before the citizen signed in is still here afterwards.
    pending = request.session.get(PENDING_REQUEST)
    if pending is None:
        return render(request, "devidp/sign_nothing_pending.html", status=400)
    context = {
        **pending,
        "digest": request_digest(pending),
        "return_origin": origin_of(pending["return_to"]),
    }
    return render(request, "devidp/sign.html", context)


@login_required
@require_POST
def sign_confirm(request):
    """Sign the pending statement's UTF-8 bytes as the citizen and hand the CMS back by POST."""
    pending = request.session.get(PENDING_REQUEST)
    if pending is None:
        return render(request, "devidp/sign_nothing_pending.html", status=400)
    # Another request may have replaced the one on the citizen's page: never sign unread text.
    if not hmac.compare_digest(request.POST.get("digest", ""), request_digest(pending)):
        messages.warning(request, _("The statement to sign has changed. Please read it again."))
        return HttpResponseRedirect(reverse("eds_sign"), status=303)
    iin = request.user.get_username()
    authority, citizens = nca.load_directory(settings.DEVIDP_EDS_DIR)
    if iin not in citizens:
        return render(request, "devidp/no_certificate.html", {"iin": iin}, status=404)
    cert, key = citizens[iin]
    statement = pending["statement"]
    cms = nca.sign_detached(statement.encode(), cert=cert, key=key, chain=[authority.issuing_cert])
    del request.session[PENDING_REQUEST]
    context = {
        "statement": statement,
        "return_to": pending["return_to"],
        "cms_base64": base64.b64encode(cms).decode("ascii"),
    }
    return render(request, "devidp/signed.html", context)


def _refused(request):
    return render(
        request,
        "devidp/sign_refused.html",
        {"origins": settings.DEVIDP_RETURN_ORIGINS, "max_chars": MAX_STATEMENT_CHARS},
        status=400,
    )


def request_digest(pending: dict[str, str]) -> str:
    """A fingerprint of a signing request, for the confirmation to name what the citizen read."""
    encoded = json.dumps([pending["statement"], pending["return_to"]]).encode()
    return hashlib.sha256(encoded).hexdigest()


def is_allowed_return(url: str) -> bool:
    """Whether url's scheme, host and port are those of an allowed origin (not a prefix match)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return origin_of(url).lower() in {
        allowed.rstrip("/").lower() for allowed in settings.DEVIDP_RETURN_ORIGINS
    }


def origin_of(url: str) -> str:
    """url's scheme, host and port, e.g. http://127.0.0.1:8000."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
