"""schemathesis against the open-data API's own OpenAPI schema: every operation, with generated
parameters (valid and invalid), answers without a 5xx and exactly as the schema documents."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agencies.models import Agency
from config.wsgi import application
from conftest import set_count
from petitions import services
from petitions.api import api
from petitions.models import Decision
from tests.factories import UserFactory

EXAMPLES_PER_OPERATION = 25
CROSS_PARAMETER_RULES = ("/log/inclusion", "/log/consistency")

# Loaded from the API object, not over HTTP, so collecting the tests needs no database; the
# requests still go through the whole WSGI application (middleware included).
# (schemathesis.pytest.from_fixture would load it over HTTP per test, but it does not run
# under pytest 9.)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
# Codes of the seeded petitions and state bodies, filled in by the `seeded` fixture.
KNOWN: dict[str, list[str]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the requests name a seeded petition or state body instead of a made-up one."""
    known = {
        name: st.sampled_from(KNOWN[name]) for name in path_parameters or {} if KNOWN.get(name)
    }
    if not known:
        return st.just(path_parameters)
    real = st.fixed_dictionaries(
        {name: st.just(value) for name, value in path_parameters.items()} | known
    )
    return st.one_of(st.just(path_parameters), real)


@pytest.fixture
def in_process(settings):
    """Serve the WSGI application in the test's own thread and transaction, as Django's test
    client does: a request must not close the connection that holds the seeded rows."""
    settings.SIGNATURE_LOG_LAG_SECONDS = 0
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(in_process, open_petition, moderator, head):
    """A listed petition with signatures and a signed log, and a decided one: real answers for
    the generated requests to find besides the 404s of made-up codes."""
    for _ in range(3):
        services.signature_create(petition=open_petition, citizen=UserFactory())
    services.log_append(open_petition)
    set_count(open_petition, 60)
    listed = services.petition_list(petition=open_petition)

    decided = services.petition_create(
        author=UserFactory(region_code="KZ-75"),
        agency=open_petition.agency,
        title="Lights in the underpass",
        problem="The underpass is dark at night.",
        request="Light it.",
        language="en",
    )
    services.petition_submit(petition=decided, author=decided.author)
    decided = services.petition_publish(petition=decided, moderator=moderator)
    set_count(decided, decided.signature_threshold)
    decided = services.petition_send_to_agency(petition=decided)
    services.decision_publish(
        petition=decided,
        head=head,
        outcome=Decision.Outcome.ACCEPTED,
        text="We will light the underpass.",
        actions="Lamps along the underpass.",
        implementation_due=timezone.localdate() + datetime.timedelta(days=60),
        announcement="The head announced the decision at a briefing.",
    )
    KNOWN["uid"] = [listed.uid, decided.uid]
    KNOWN["code"] = list(Agency.objects.order_by("code").values_list("code", flat=True)[:5])
    yield
    KNOWN.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(seeded, case):
    excluded = []
    if case.operation.path.endswith(CROSS_PARAMETER_RULES):
        # "index < size" and "first <= second" relate two parameters, which an OpenAPI schema
        # cannot say: such a request is valid by the schema, and its 400 is the right answer.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
