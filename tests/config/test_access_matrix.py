"""Who may open what: every URL of the project, requested as each role, against a table.

The table (ROUTES) lists every route of config.urls by its pattern; a route missing from it
fails test_every_route_is_in_the_table with its name, so a new page cannot ship unreviewed.
Each role requests each route with GET and POST (an empty body); a POST runs inside a
savepoint that is rolled back, so one role's POST never changes what the next request sees.
"""

import dataclasses
import datetime
import os
import re
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from agencies.models import Agency, Official
from petitions import services
from petitions.models import PetitionEvent, Status
from petitions.services.log import log_append, log_head_sign
from petitions.services.transitions import transition
from tests.factories import ModeratorFactory, OfficialFactory, UserFactory

ROLES = (
    "anonymous",
    "citizen",
    "author",
    "official",  # the head of the addressee (Almaty's akimat)
    "other_official",  # the head of another body (the Government)
    "moderator",
    "admin",  # a superuser
)

LOGIN = "login"  # a redirect to the sign-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's sign-in page
DENIED = frozenset({LOGIN, 403, 404})  # any way of saying no
GET_ONLY = frozenset({405})
NO_GET = frozenset({405, LOGIN, 403})  # a POST-only URL: never a page, whoever asks


def everyone(*allowed) -> dict:
    return dict.fromkeys(ROLES, frozenset(allowed))


def only(roles, *allowed, others=DENIED) -> dict:
    return {role: frozenset(allowed) if role in roles else others for role in ROLES}


SIGNED_IN = ROLES[1:]
MODERATORS = ("moderator", "admin")
# The superuser holds every permission, so sees an agency's pages; but only an official of
# the addressee acts for it (the services refuse anyone else: 403).
ADDRESSEE = ("official", "admin")
OFFICIAL = ("official",)


@dataclasses.dataclass(frozen=True)
class Route:
    get: dict
    post: dict
    uid: str = ""  # which petition of the world fills <uid>
    pk: str = ""  # which object of the world fills <pk>
    path: str = ""  # a concrete path, for regular-expression routes


PUBLIC_PAGE = {"get": everyone(200), "post": everyone(405)}


def public_of(uid: str, *allowed_get) -> Route:
    return Route(get=everyone(*(allowed_get or (200,))), post=everyone(405), uid=uid)


def signed_in(*allowed_get, post=None, uid="") -> Route:
    """A page for anyone signed in; POST answers as given (default: as GET)."""
    get = only(SIGNED_IN, *allowed_get, others=frozenset({LOGIN}))
    return Route(get=get, post=post or get, uid=uid)


def post_only(roles, *allowed_post, uid="", pk="") -> Route:
    return Route(get=everyone(*NO_GET), post=only(roles, *allowed_post), uid=uid, pk=pk)


def for_roles(roles, get, post=None, *, uid="", pk="", post_roles=None) -> Route:
    post_roles = post_roles or roles
    return Route(get=only(roles, *get), post=only(post_roles, *(post or get)), uid=uid, pk=pk)


SELF = (*SIGNED_IN,)  # allauth's own account pages: for the signed-in person, about themselves

ROUTES: dict[str, Route] = {
    # --- public pages and open data -----------------------------------------------------------
    "": public_of(""),
    "petitions/": public_of(""),
    "p/<slug:uid>/": public_of("open"),
    "p/<slug:uid>/count.json": public_of("open"),
    "p/<slug:uid>/hourly.json": public_of("open"),
    "p/<slug:uid>/hourly.csv": public_of("open"),
    "p/<slug:uid>/print.pdf": public_of("open"),
    # Only a decision signed with an EDS has these; a decision without one answers 404.
    "p/<slug:uid>/decision/statement.txt": Route(everyone(404), everyone(404), uid="accepted"),
    "p/<slug:uid>/decision/signature.p7s": Route(everyone(404), everyone(404), uid="accepted"),
    "p/<slug:uid>/log/head.json": public_of("open"),
    "p/<slug:uid>/log/heads.json": public_of("open"),
    "p/<slug:uid>/log/leaves.json": public_of("open"),
    "p/<slug:uid>/log/leaves.jsonl": public_of("open"),
    "p/<slug:uid>/log/inclusion.json": public_of("open", 400),  # no index, size given
    "p/<slug:uid>/log/consistency.json": public_of("open", 400),
    "transparency/key.json": public_of(""),
    "agencies/": public_of(""),
    "agencies/ranking/": public_of(""),
    "agencies/ranking.csv": public_of(""),
    "agencies/<slug:code>/": public_of(""),
    "audit/head.json": public_of(""),
    "audit/entries.json": public_of(""),
    "audit/entries/<int:seq>.json": public_of(""),
    "api/v1/": Route(everyone(404), everyone(404)),
    "api/v1/openapi.json": Route(everyone(200), everyone(200)),
    "api/v1/docs": Route(everyone(200), everyone(200)),
    "api/v1/petitions": public_of(""),
    "api/v1/petitions/<uid>": public_of("open"),
    "api/v1/petitions/<uid>/regions.csv": public_of("open"),
    "api/v1/decisions": public_of(""),
    "api/v1/agencies": public_of(""),
    "api/v1/agencies/<code>": public_of(""),
    "api/v1/petitions/<uid>/log/head": public_of("open"),
    "api/v1/petitions/<uid>/log/heads": public_of("open"),
    "api/v1/petitions/<uid>/log/inclusion": public_of("open", 400),
    "api/v1/petitions/<uid>/log/consistency": public_of("open", 400),
    "i18n/setlang/": Route(everyone(405), everyone(302)),
    # --- citizens --------------------------------------------------------------------------------
    "petitions/new/": signed_in(200),
    "petitions/new/similar.json": signed_in(200, post=only(SIGNED_IN, 405, others={LOGIN})),
    "petitions/mine/": signed_in(200),
    "petitions/mine/<slug:uid>/": for_roles(("author",), (200,), uid="draft"),
    "petitions/mine/<slug:uid>/submit/": post_only(("author",), 302, uid="draft"),
    # 429: the signing rate limit (per address and petition) answers first.
    "p/<slug:uid>/sign/": signed_in(200, post=only(SIGNED_IN, 302, 429), uid="open"),
    # 302: one who has signed already is sent back to the petition with that message.
    "p/<slug:uid>/sign/eds/": post_only(SIGNED_IN, 302, 400, 429, uid="open"),
    "p/<slug:uid>/follow/": post_only(SIGNED_IN, 302, uid="open"),
    "p/<slug:uid>/follow-emails/": post_only(SIGNED_IN, 302, uid="open"),
    "p/<slug:uid>/unfollow/": post_only(SIGNED_IN, 302, uid="open"),
    # Nobody but the signer gets their receipt (the world's citizen signed the open petition).
    "p/<slug:uid>/log/receipt.json": Route(
        get=only(("citizen",), 200),
        post=only(SIGNED_IN, 405, others={LOGIN}),
        uid="open",
    ),
    # --- moderators ----------------------------------------------------------------------------
    "moderation/": for_roles(MODERATORS, (200,)),
    "moderation/<slug:uid>/": for_roles(MODERATORS, (200,), uid="moderation"),
    "moderation/<slug:uid>/publish/": post_only(MODERATORS, 302, uid="moderation"),
    "moderation/<slug:uid>/reject/": post_only(MODERATORS, 200, uid="moderation"),
    "moderation/<slug:uid>/invalidate/": for_roles(MODERATORS, (200,), uid="open"),
    "moderation/<slug:uid>/paper/": for_roles(MODERATORS, (200,), uid="open"),
    "moderation/paper/new/": for_roles(MODERATORS, (200,)),
    # Bulk invalidation; the world has no job, so a job's pages answer moderators 404.
    "moderation/<slug:uid>/bulk/": for_roles(MODERATORS, (200,), (200, 400), uid="open"),
    "moderation/<slug:uid>/bulk/<int:pk>/": for_roles(MODERATORS, (404,), uid="open"),
    "moderation/<slug:uid>/bulk/<int:pk>/cancel/": post_only(MODERATORS, 404, uid="open"),
    # Moderators, and the addressee's officials once it has arrived.
    "petitions/<slug:uid>/redirect/": for_roles(("official", *MODERATORS), (200,), uid="sent"),
    # --- officials of the addressee --------------------------------------------------------------
    # The dashboard is every official's own agency's queue (test_officials_see_only_their_queue).
    "review/": for_roles(("official", "other_official"), (200,)),
    "review/<slug:uid>/": for_roles(ADDRESSEE, (200,), uid="sent"),
    "review/<slug:uid>/decide/": post_only(ADDRESSEE, 200, uid="sent"),
    "review/<slug:uid>/decision/draft/": post_only(OFFICIAL, 302, uid="sent"),
    "review/<slug:uid>/decision/sign/": for_roles(ADDRESSEE, (302,), (200,), uid="sent"),
    "review/<slug:uid>/decision/sign/eds/": post_only(ADDRESSEE, 302, uid="sent"),
    "review/<slug:uid>/hearings/new/": for_roles(ADDRESSEE, (200,), uid="accepted"),
    "review/<slug:uid>/hearings/<int:pk>/move/": for_roles(
        ADDRESSEE, (200,), uid="accepted", pk="hearing"
    ),
    "review/<slug:uid>/hearings/<int:pk>/cancel/": for_roles(
        ADDRESSEE, (200,), (302,), uid="accepted", pk="hearing", post_roles=OFFICIAL
    ),
    "review/<slug:uid>/hearings/<int:pk>/minutes/": for_roles(
        ADDRESSEE, (200,), uid="accepted", pk="hearing"
    ),
    "review/<slug:uid>/commission/": for_roles(ADDRESSEE, (200,), uid="accepted"),
    "review/<slug:uid>/commission/<int:pk>/remove/": post_only(
        OFFICIAL, 302, uid="accepted", pk="member"
    ),
    "review/<slug:uid>/plan/milestones/": for_roles(ADDRESSEE, (200,), uid="accepted"),
    "review/<slug:uid>/plan/<int:pk>/done/": post_only(
        OFFICIAL, 302, uid="accepted", pk="milestone"
    ),
    "review/<slug:uid>/plan/progress/": for_roles(ADDRESSEE, (200,), uid="accepted"),
    "review/<slug:uid>/plan/implemented/": for_roles(
        ADDRESSEE, (200,), uid="accepted", post_roles=OFFICIAL
    ),
    # --- signing in and one's own account (django-allauth) -------------------------------------
    "accounts/login/": Route(
        only(("anonymous",), 200, others={302}), only(("anonymous",), 200, others={302})
    ),
    "accounts/signup/": Route(
        only(("anonymous",), 200, others={302}), only(("anonymous",), 200, others={302})
    ),
    "accounts/logout/": Route(only(SELF, 200, others={302}), everyone(302)),
    "accounts/inactive/": Route(everyone(200), everyone(405)),
    "accounts/reauthenticate/": signed_in(200),
    "accounts/reauthenticate/code/": signed_in(302),
    "accounts/reauthenticate/code/confirm/": signed_in(302),
    "accounts/email/": signed_in(200, post=only(SELF, 302, others={LOGIN})),
    "accounts/confirm-email/": Route(everyone(200), everyone(405)),
    "accounts/password/change/": signed_in(200),
    "accounts/password/set/": signed_in(302),
    "accounts/password/reset/": Route(everyone(200), everyone(200)),
    "accounts/password/reset/done/": Route(everyone(200), everyone(405)),
    "accounts/password/reset/key/done/": Route(everyone(200), everyone(405)),
    "accounts/login/code/confirm/": signed_in(302),
    "accounts/2fa/": signed_in(200, post=only(SELF, 405, others={LOGIN})),
    # Without an authentication in progress, or without an authenticator, these send one on.
    "accounts/2fa/authenticate/": signed_in(302),
    "accounts/2fa/reauthenticate/": signed_in(302),
    "accounts/2fa/totp/activate/": signed_in(302),
    "accounts/2fa/totp/deactivate/": signed_in(404),
    "accounts/2fa/recovery-codes/": signed_in(404, post=only(SELF, 405, others={LOGIN})),
    "accounts/2fa/recovery-codes/generate/": signed_in(302),
    "accounts/2fa/recovery-codes/download/": signed_in(404),
    "accounts/3rdparty/": signed_in(200),
    "accounts/3rdparty/login/cancelled/": Route(everyone(200), everyone(405)),
    "accounts/3rdparty/login/error/": Route(everyone(401), everyone(405)),
    "accounts/3rdparty/signup/": Route(everyone(LOGIN), everyone(LOGIN)),
    "accounts/social/login/cancelled/": Route(everyone(301), everyone(301)),
    "accounts/social/login/error/": Route(everyone(301), everyone(301)),
    "accounts/social/signup/": Route(everyone(301), everyone(301)),
    "accounts/social/connections/": Route(everyone(301), everyone(301)),
    # eGov: the sign-in starts from a POST (a confirmation page on GET); a callback without a
    # pending sign-in is refused.
    "accounts/egov/login/": Route(everyone(200), everyone(302)),
    "accounts/egov/login/callback/": Route(everyone(401), everyone(401)),
    "admin/login/": Route(only(("admin",), 302, others={200}), everyone(200, 302)),
    "admin/logout/": Route(everyone(200, 302, 405), everyone(200, 302, 405)),
}


class World(dict):
    """Named people and objects; `paths` fills a route's converters from them."""


def build_world() -> World:
    """A petition at each stage, addressed to Almaty's akimat, and the people around it."""
    almaty = Agency.objects.get(code="akimat-kz-75")
    government = Agency.objects.get(code="government")
    author = UserFactory(region_code="KZ-75", first_name="Айгүл")
    citizen = UserFactory(region_code="KZ-75")
    moderator = ModeratorFactory()
    official = OfficialFactory(agency=almaty, role=Official.Role.HEAD).user
    other_official = OfficialFactory(agency=government, role=Official.Role.HEAD).user
    admin = UserFactory(is_staff=True, is_superuser=True)

    def petition(title):
        return services.petition_create(
            author=author,
            agency=almaty,
            title=title,
            problem="People wait in the sun.",
            request="Install shades.",
            language="en",
        )

    def published(title):
        submitted = services.petition_submit(petition=petition(title), author=author)
        return services.petition_publish(petition=submitted, moderator=moderator)

    def sent(title):
        from conftest import set_count

        petition = published(title)
        set_count(petition, petition.signature_threshold)
        return services.petition_send_to_agency(petition=petition)

    draft = petition("A draft about shade")
    in_moderation = services.petition_submit(petition=petition("Shade, moderated"), author=author)
    open_petition = published("Shade, open")
    services.signature_create(petition=open_petition, citizen=citizen)
    # The signature is in the public log, so its signer has a receipt.
    log_append(open_petition, horizon=timezone.now() + datetime.timedelta(seconds=1))
    log_head_sign(open_petition)
    sent_petition = sent("Shade, sent")
    accepted = transition(
        sent("Shade, accepted"),
        allowed=(Status.SENT,),
        to=Status.ACCEPTED,
        event=PetitionEvent.Kind.ACCEPTED,
        actor=official,
        decided_at=timezone.now(),
    )
    hearing = services.hearing_schedule(
        petition=accepted,
        official=official,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Almaty, Abai avenue 90, room 1",
    )
    member = services.commission_member_add(
        petition=accepted,
        official=official,
        name="Asel Bekova",
        position="Deputy akim",
        role="member",
    )
    (milestone,) = services.milestones_add(
        petition=accepted,
        official=official,
        milestones=[("Shades at 100 stops", timezone.localdate() + datetime.timedelta(days=30))],
    )
    return World(
        people={
            "citizen": citizen,
            "author": author,
            "official": official,
            "other_official": other_official,
            "moderator": moderator,
            "admin": admin,
        },
        petitions={
            "draft": draft,
            "moderation": in_moderation,
            "open": open_petition,
            "sent": sent_petition,
            "accepted": accepted,
        },
        objects={"hearing": hearing, "member": member, "milestone": milestone, "user": author},
    )


# --- every route of the project ---------------------------------------------------------------


def _walk(patterns, prefix="") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name or ""


def project_routes() -> list[str]:
    """Every route of config.urls, allauth's, the admin's and the API's included, in order."""
    return list(dict.fromkeys(route for route, _name in _walk(get_resolver().url_patterns)))


CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def fill(route: str, spec: Route, world: World) -> str:
    if spec.path:
        return spec.path

    def value(match):
        name = match["name"]
        if name == "uid":
            return world["petitions"][spec.uid].uid
        if name in ("pk", "seq"):
            return str(world["objects"][spec.pk].pk) if spec.pk else "1"
        if name == "code":
            return world["petitions"]["sent"].agency.code
        if name == "content_type_id":
            return "1"
        if name in ("object_id", "id"):
            return str(world["objects"]["user"].pk)
        raise AssertionError(f"No value for <{match[0]}> in {route!r}: add one to fill().")

    path = "/" + CONVERTER.sub(value, route)
    assert "^" not in path and "(?P" not in path, f"{route!r} needs a concrete `path` in ROUTES"
    return path


def outcome(response) -> str | int:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/accounts/login/"):
            return LOGIN
    return response.status_code


def request_as(world, role: str, method: str, path: str):
    # A server error is an answer to judge like any other, not an exception in the test.
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["people"][role])
    if method == "get":
        return client.get(path)
    with transaction.atomic():
        response = client.post(path, {})
        transaction.set_rollback(True)
    return response


def test_every_route_is_in_the_table():
    missing = [route for route in project_routes() if spec_for(route) is None]
    assert not missing, (
        "These URLs are not in the access matrix of tests/config/test_access_matrix.py; "
        "add each to ROUTES with who may GET and POST it:\n  " + "\n  ".join(missing)
    )


def test_the_table_lists_no_route_that_is_gone():
    routes = set(project_routes())
    gone = [route for route in ROUTES if route not in routes]
    assert not gone, f"ROUTES lists URLs the project no longer has: {gone}"


def spec_for(route: str) -> Route | None:
    if route in ROUTES:
        return ROUTES[route]
    if route.startswith("admin/") and route not in ("admin/login/", "admin/logout/"):
        return ADMIN_ROUTE
    return None


# Django's admin: staff only; the superuser may still be refused what no one may do there
# (403: adding or deleting append-only records) or find nothing (404).
ADMIN_ROUTE = Route(
    get=only(("admin",), 200, 302, 403, 404, 405, others=frozenset({ADMIN_LOGIN})),
    post=only(("admin",), 200, 302, 403, 404, 405, others=frozenset({ADMIN_LOGIN})),
)
ADMIN_APP_LIST = (
    "admin/^(?P<app_label>auth|account|socialaccount|mfa|audit|accounts|agencies|petitions)/$"
)
ROUTES[ADMIN_APP_LIST] = dataclasses.replace(ADMIN_ROUTE, path="/admin/petitions/")
ROUTES["admin/(?P<url>.*)$"] = dataclasses.replace(ADMIN_ROUTE, path="/admin/no-such-page/")
# A key that is not valid: the page says so (POST: 404 for the e-mail confirmation).
ROUTES["accounts/^confirm-email/(?P<key>[-:\\w]+)/$"] = Route(
    get=everyone(200), post=everyone(404), path="/accounts/confirm-email/no-such-key/"
)
ROUTES["accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$"] = Route(
    get=everyone(200), post=everyone(200), path="/accounts/password/reset/key/1-no-such-key/"
)


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(db, egov, role):
    world = build_world()
    wrong = []
    discover = os.environ.get("ACCESS_MATRIX_DISCOVER")
    for route in project_routes():
        spec = spec_for(route)
        if spec is None:
            continue  # test_every_route_is_in_the_table names it
        path = fill(route, spec, world)
        # Django's own admin views need no POST as the superuser: the gate is what matters.
        methods = ("get",) if spec is ADMIN_ROUTE and role == "admin" else ("get", "post")
        for method in methods:
            got = outcome(request_as(world, role, method, path))
            allowed = getattr(spec, method)[role]
            if discover:
                print(f"DISCOVER {route}\t{method}\t{role}\t{got}")
            elif got not in allowed:
                wrong.append(
                    f"{method.upper()} {path} ({route}) as {role}: {got}, "
                    f"allowed {sorted(map(str, allowed))}"
                )
    assert not wrong, "\n".join(wrong)


PUBLIC_PETITION_ROUTES = [
    route
    for route in ROUTES
    if route.startswith(("p/<slug:uid>/", "api/v1/petitions/<uid>"))
    # the same public answer for everyone
    and len(set(ROUTES[route].get.values())) == 1
    and ROUTES[route].get["anonymous"] not in ({404}, NO_GET)
]


@pytest.mark.parametrize("stage", ["draft", "moderation"])
@pytest.mark.parametrize("role", ["anonymous", "citizen", "author", "official"])
def test_an_unpublished_petition_is_on_no_public_url(db, stage, role):
    world = build_world()
    shown = []
    for route in PUBLIC_PETITION_ROUTES:
        path = fill(route, dataclasses.replace(ROUTES[route], uid=stage), world)
        # Good parameters, so that a proof is looked up rather than its parameters refused.
        got = outcome(request_as(world, role, "get", path + "?index=0&size=1&first=1&second=1"))
        if got not in {404, LOGIN}:
            shown.append(f"{path} ({route}): {got}")
    assert not shown, f"A petition in {stage} is reachable by {role}: {shown}"


def test_officials_see_only_their_agency_s_queue(db):
    world = build_world()
    sent = world["petitions"]["sent"]
    own = request_as(world, "official", "get", "/review/").content.decode()
    other = request_as(world, "other_official", "get", "/review/").content.decode()
    assert sent.uid in own
    assert sent.uid not in other
    assert sent.title not in other
