"""The public open-data API (read-only JSON, OpenAPI at /api/v1/openapi.json): petitions,
decisions, state bodies, counts by region and the signature log.

Nothing personal leaves through it: an author is a first name and surname initial, and
neither officials, signers nor accounts are named.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from petitions.api.agencies import router as agencies_router
from petitions.api.errors import validation_message
from petitions.api.log import router as log_router
from petitions.api.petitions import router as petitions_router


class Renderer(JSONRenderer):
    # Kazakh and Russian text as UTF-8, not \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Qoldau open data",
    version="1",
    urls_namespace="api",
    description=(
        "Read-only public data of the Qoldau e-petition portal: listed petitions, published "
        "decisions, state bodies, valid signatures by region and the verifiable signature log. "
        "No personal data: authors appear as first name and surname initial only."
    ),
    renderer=Renderer(),
    # The bundled Swagger UI (ninja is in INSTALLED_APPS), without its online validator badge.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("", petitions_router)
api.add_router("", agencies_router)
api.add_router("", log_router)


@api.exception_handler(ValidationError)
def bad_input(request, exc: ValidationError):
    return api.create_response(request, {"error": validation_message(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"error": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"error": _("Not found.")}, status=404)
