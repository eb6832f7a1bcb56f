"""EXPLAIN every query that signing and the petition page send; fail when one scans or sorts a big
table instead of looking it up in an index."""

import re

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from petitions import selectors
from petitions.models import Petition, Signature, Status
from petitions.selectors import with_signature_counts
from petitions.services import signature_create

# Tables that grow with signers and signatures: scanning or sorting them on a hot path is a defect.
BIG_TABLES = (Signature._meta.db_table, User._meta.db_table)
NOT_EXPLAINABLE = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def _captured(action) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        action()
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(NOT_EXPLAINABLE)]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        # The SQL is what the ORM just ran for our own actions, already with its parameters.
        cursor.execute(f"EXPLAIN {sql}")  # nosemgrep: qoldau-sql-built-from-strings
        return "\n".join(row[0] for row in cursor.fetchall())


def hot_path_plans(petition: Petition, citizen) -> list[tuple[str, str, str]]:
    """(path, sql, plan) for the queries of one signature and one petition page, rolled back."""
    uid = petition.uid
    cache.delete_many(selectors.petition_cache_keys(uid))
    with transaction.atomic():
        sign = _captured(
            lambda: signature_create(petition=selectors.published_petition(uid), citizen=citizen)
        )
        page = _captured(
            lambda: (
                selectors.signature_count(found := selectors.petition_public_detail(uid)),
                selectors.recent_signers(found),
                selectors.has_signed(found, citizen),
            )
        )
        plans = [("sign", sql, _plan(sql)) for sql in sign]
        plans += [("page", sql, _plan(sql)) for sql in page]
        transaction.set_rollback(True)
    return plans


def scans_of_big_tables(plan: str) -> list[str]:
    """Plan nodes that read a big table whole, or sort its rows: neither is an index lookup."""
    names = "|".join(re.escape(table) for table in BIG_TABLES)
    if not re.search(rf"\b({names})\b", plan):
        return []
    nodes = [line.strip().removeprefix("->").strip() for line in plan.splitlines()]
    return [
        node
        for node in nodes
        if node.startswith(("Sort ", "Incremental Sort "))
        or re.match(rf"Seq Scan on ({names})\b", node)
    ]


class Command(BaseCommand):
    help = "EXPLAIN the sign path and the petition page on the most signed open petition."

    def add_arguments(self, parser):
        parser.add_argument("--uid", help="the petition to use (default: the most signed open one)")
        parser.add_argument(
            "--force-indexes",
            action="store_true",
            help="forbid scans and sorts the planner would pick on a small database, to prove "
            "that an index serves each query",
        )

    def handle(self, *args, uid=None, force_indexes=False, verbosity=1, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Plans are checked on PostgreSQL, the production database.")
        open_petitions = with_signature_counts(Petition.internal.filter(status=Status.OPEN))
        petition = (
            open_petitions.filter(uid=uid).first()
            if uid
            else open_petitions.order_by("-signature_count").first()
        )
        if petition is None:
            raise CommandError("No open petition to explain.")
        candidates = User.objects.exclude(signatures__petition=petition)
        if petition.agency.is_local:
            candidates = candidates.filter(region_code=petition.agency.region_id)
        citizen = candidates.first()
        if citizen is None:
            raise CommandError("No citizen who could still sign this petition.")
        with transaction.atomic():
            if force_indexes:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    cursor.execute("SET LOCAL enable_sort = off")
            plans = hot_path_plans(petition, citizen)
        failures = 0
        for path, sql, plan in plans:
            scans = scans_of_big_tables(plan)
            failures += bool(scans)
            if verbosity > 1 or scans:
                self.stdout.write(f"[{path}] {sql}\n{plan}\n")
        self.stdout.write(f"{len(plans)} queries explained, {failures} scan a big table.")
        if failures:
            raise CommandError(f"{failures} hot-path queries scan {', '.join(BIG_TABLES)}.")
