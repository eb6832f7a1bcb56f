"""Benchmark data: citizens and signatures by COPY, petitions through the real services.

Run inside a configured Django process (bench/run.py sets it up).
"""

import datetime
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.backends import remember_user
from accounts.iin import make_iin
from accounts.models import User
from agencies.models import Agency
from petitions import services
from petitions.models import Petition, Signature, SignatureCounterShard
from petitions.models.signature import COUNTER_SHARDS

REGION = "KZ-75"
AGENCY = "akimat-kz-75"
PASSWORD = "bench-password-unused"  # noqa: S105 (nobody signs in with it; sessions are made directly)
FIRST_BIRTH_DATE = datetime.date(1950, 1, 1)
# Thresholds no benchmark petition reaches, so the watcher sends only the threshold petition.
UNREACHABLE = 2_000_000_000
COPY_BATCH = 50_000


def iins(count: int):
    """`count` distinct valid IINs of adults: make_iin over birth dates, sexes and serials."""
    made = 0
    day = FIRST_BIRTH_DATE
    while True:
        for sex in ("male", "female"):
            for serial in range(10000):
                iin = make_iin(day, sex, serial)
                if iin[7:11] != f"{serial:04d}":
                    continue  # make_iin moved to the next serial; that one comes next
                yield iin
                made += 1
                if made == count:
                    return
        day += datetime.timedelta(days=1)


def _copy(cursor, sql: str, lines) -> None:
    with cursor.copy(sql) as copy:
        batch = []
        for line in lines:
            batch.append(line)
            if len(batch) == COPY_BATCH:
                copy.write("".join(batch))
                batch.clear()
        if batch:
            copy.write("".join(batch))


def create_citizens(count: int) -> range:
    """COPY `count` adult citizens of Almaty, known to eGov, with one shared password hash.

    Returns their ids.
    """
    password = make_password(PASSWORD)
    joined = timezone.now().isoformat()
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        lines = (
            f"{first + i}\t{password}\t\\N\tf\t{iin}\tBench{i % 997}\tCitizen\t\t\t{REGION}"
            f"\tt\tkk\tf\tt\t{joined}\t{joined}\n"
            for i, iin in enumerate(iins(count))
        )
        _copy(
            cursor.cursor,
            f"COPY {table} (id, password, last_login, is_superuser, iin, last_name, first_name, "
            "patronymic, email, region_code, is_citizen, preferred_language, is_staff, "
            "is_active, date_joined, identity_verified_at) FROM STDIN",
            lines,
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + count - 1]
        )
        cursor.execute(f"ANALYZE {table}")
    return range(first, first + count)


def add_signatures(petition: Petition, citizen_ids: range) -> None:
    """COPY one signature per citizen onto `petition` and set its counter shards to match.

    Foreign-key triggers are skipped for the COPY (session_replication_role): every id is one
    just created, and checking 5,000,000 of them one by one would dominate the setup.
    """
    now = timezone.now()
    table = Signature._meta.db_table
    count = len(citizen_ids)
    start = now - datetime.timedelta(seconds=count // 100 + 1)
    stamps = {}

    def stamp(i):
        second = i // 100
        if second not in stamps:
            stamps.clear()
            stamps[second] = (start + datetime.timedelta(seconds=second)).isoformat()
        return stamps[second]

    pid = petition.pk
    lines = (f"{pid}\t{cid}\t{REGION}\t{stamp(i)}\n" for i, cid in enumerate(citizen_ids))
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            _copy(
                cursor.cursor,
                f"COPY {table} (petition_id, citizen_id, region_code, created_at) FROM STDIN",
                lines,
            )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    for shard in range(COUNTER_SHARDS):
        SignatureCounterShard.objects.filter(petition=petition, shard=shard).update(
            count=count // COUNTER_SHARDS + (1 if shard < count % COUNTER_SHARDS else 0)
        )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Signature._meta.db_table}")
        cursor.execute(f"ANALYZE {SignatureCounterShard._meta.db_table}")


def create_staff() -> tuple[User, User]:
    """An author and a moderator, with IINs outside the citizens' birth dates."""
    author = User.objects.create(
        iin=make_iin(datetime.date(1945, 5, 9), "female", 1),
        first_name="Bench",
        last_name="Author",
        region_code=REGION,
        password=make_password(PASSWORD),
        identity_verified_at=timezone.now(),
    )
    moderator = User.objects.create(
        iin=make_iin(datetime.date(1945, 5, 9), "male", 2),
        first_name="Bench",
        last_name="Moderator",
        region_code=REGION,
        password=make_password(PASSWORD),
    )
    moderator.groups.add(Group.objects.get(name="moderators"))
    return author, moderator


def open_petition(author, moderator, name: str, threshold: int = UNREACHABLE) -> Petition:
    """A petition to the Almaty city akimat, filed, submitted and published via the services."""
    petition = services.petition_create(
        author=author,
        agency=Agency.objects.get(code=AGENCY),
        title=f"Benchmark petition: {name}",
        problem="A benchmark fixture.",
        request="Measure the portal.",
        language="en",
    )
    petition = services.petition_submit(petition=petition, author=author)
    petition = services.petition_publish(petition=petition, moderator=moderator)
    Petition.internal.filter(pk=petition.pk).update(signature_threshold=threshold)
    petition.refresh_from_db()
    return petition


def _session_backend() -> str:
    """The configured backend that restores users from sessions (the one a sign-in records)."""
    for path in settings.AUTHENTICATION_BACKENDS:
        if hasattr(import_string(path), "get_user"):
            return path
    raise RuntimeError("no authentication backend with get_user")


def create_sessions(user_ids, threads: int = 8) -> list[tuple[int, str]]:
    """A signed-in session per user through the configured SESSION_ENGINE, as login() leaves it."""
    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    backend = _session_backend()
    users = {u.pk: u for u in User.objects.filter(pk__in=list(user_ids))}

    def one(user_id):
        user = users[user_id]
        session = store_class()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        remember_user(user)  # as a sign-in does (accounts.signals.cache_signed_in_user)
        return user_id, session.session_key

    def many(chunk):
        try:
            return [one(user_id) for user_id in chunk]
        finally:
            connections.close_all()

    chunks = [user_ids[i::threads] for i in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        made = dict(pair for part in pool.map(many, chunks) for pair in part)
    return [(user_id, made[user_id]) for user_id in user_ids]


class Timer:
    def __init__(self):
        self.times = {}

    def __call__(self, name):
        timer = self

        class _Span:
            def __enter__(self):
                self.started = time.monotonic()

            def __exit__(self, *exc):
                timer.times[name] = round(time.monotonic() - self.started, 2)

        return _Span()
