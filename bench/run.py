"""`make bench`: the portal under gunicorn with production settings, loaded on loopback.

Run beside PostgreSQL and Redis (tests/services.sh exports DATABASE_URL and REDIS_URL):
    tests/services.sh .venv/bin/python bench/run.py [--quick] [--big N] [--out PATH] ...
Every phase is bounded in time and in count. See bench/README.md for how to read the table.
"""

import argparse
import asyncio
import http.client
import io
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
QUICK = {
    "signers": 16,
    "seconds": 3.0,
    "users": 3000,
    "read_size": 10_000,
    "small": 1000,
    "big": 20_000,
    "read_seconds": 2.0,
    "read_concurrency": 8,
    "ceiling_seconds": 2.0,
    "ceiling_connections": 16,
    "threshold": 40,
    "watch_interval": 1.0,
    "growth_requests": 5,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--quick", action="store_true", help="small sizes and a few seconds per phase (smoke test)")
    add("--signers", type=int, default=64, help="concurrent signers in the sign load")
    add("--seconds", type=float, default=20.0, help="duration of the sign load")
    add("--users", type=int, default=20_000, help="signed-in citizens available to the sign load")
    add("--read-size", type=int, default=1_000_000, help="signatures of the read-load petition")
    add("--small", type=int, default=1000, help="signatures of the small growth petition")
    add("--big", type=int, default=5_000_000, help="signatures of the big growth petition")
    add("--read-seconds", type=float, default=10.0, help="duration of each read load")
    add("--read-concurrency", type=int, default=32)
    add("--ceiling-seconds", type=float, default=10.0)
    add("--ceiling-connections", type=int, default=64)
    add("--threshold", type=int, default=300, help="threshold of the threshold petition")
    add("--watch-interval", type=float, default=30.0, help="seconds between watcher runs (beat)")
    add("--growth-requests", type=int, default=30, help="sequential GETs per growth measure")
    add("--workers", type=int, default=2, help="gunicorn workers")
    add("--threads", type=int, default=4, help="gunicorn threads per worker (gthread)")
    add("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    return apply_quick(parser.parse_args(argv), argv, QUICK)


def apply_quick(args, argv, quick: dict):
    """With --quick, the `quick` values replace the defaults of options not given explicitly."""
    if args.quick:
        for name in quick.keys() - explicit_options(argv):
            setattr(args, name, quick[name])
    return args


def explicit_options(argv) -> set[str]:
    """The option names (as attributes) given on the command line."""
    return {a.split("=")[0].lstrip("-").replace("-", "_") for a in (argv or sys.argv[1:])}


def configure_django():
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"bench: {name} is not set; run through tests/services.sh (make bench)")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("SIGNATURE_LOG_NULLIFIER_KEY", "bench-only-nullifier-key")
    os.environ.setdefault("EDS_STORAGE_KEY", "YmVuY2gtb25seS1lZHMtc3RvcmFnZS1rZXktMzJiISE=")
    os.environ.setdefault(
        "SIGNATURE_LOG_SIGNING_KEY", "YmVuY2gtb25seS10cmVlLWhlYWQta2V5LTMyYnl0ZXM="
    )
    os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # Every signer comes from 127.0.0.1: limits no run reaches, still counted on every request,
    # so that the figures include the limits' cost (petitions.limits).
    # The same for the softer rule past which signing asks for a proof of work.
    limits = (
        "sign_per_address_per_petition",
        "sign_per_address",
        "sign_per_citizen",
        "sign_suspicious_per_address",
    )
    os.environ.setdefault("PETITIONS_RATE_LIMITS", json.dumps(dict.fromkeys(limits, "10000000/d")))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- processes --------------------------------------------------------------------------------


def cpu_snapshot() -> dict:
    """{pid: (name, cpu ticks)} of every process; names are the kernel's (comm)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (name, int(fields[11]) + int(fields[12]))
    return found


def cpu_seconds(before: dict, after: dict) -> dict:
    """CPU seconds spent between two snapshots, by process name (processes alive at the end)."""
    tick = os.sysconf("SC_CLK_TCK")
    spent = {}
    for pid, (name, ticks) in after.items():
        used = ticks - before.get(pid, (name, 0))[1]
        if used > 0:
            spent[name] = spent.get(name, 0) + used
    return {name: round(t / tick, 1) for name, t in sorted(spent.items(), key=lambda x: -x[1])}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def start_gunicorn(port: int, args, log_path: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]
    log = log_path.open("w")
    return subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log
    )


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def get(port: int, path: str, conn=None) -> tuple[int, bytes]:
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def wait_until_up(port: int, path: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.stderr.write(log_path.read_text()[-4000:])
    raise SystemExit("bench: gunicorn did not answer within 60 s (log above)")


# --- database checks --------------------------------------------------------------------------


def table_count(petition) -> int:
    from petitions.models import Signature

    return Signature.objects.filter(petition=petition).count()


def counter_sum(petition) -> int:
    from petitions.selectors import signature_count

    return signature_count(petition)


def signers_of(petition) -> dict[int, int]:
    from django.db.models import Count

    from petitions.models import Signature

    rows = Signature.objects.filter(petition=petition).values("citizen_id").annotate(n=Count("id"))
    return {row["citizen_id"]: row["n"] for row in rows}


# --- phases -----------------------------------------------------------------------------------


def classify(records, petitions_by_uid) -> dict:
    """Acknowledged (success message), refused (warning message) and errors, by petition uid."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(None)
    acked = {uid: [] for uid in petitions_by_uid}
    refused = errors = 0
    statuses = {}
    latencies = []
    for _slot, uid, user_id, status, location, messages, elapsed in records:
        latencies.append(elapsed)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        level = None
        if messages:
            cookie = SimpleCookie()
            cookie.load(messages)
            decoded = storage._decode(cookie["messages"].value) or []
            level = max((m.level for m in decoded), default=None)
        if status == 302 and location == f"/p/{uid}/" and level == constants.SUCCESS:
            acked[uid].append(user_id)
        elif status == 302 and location == f"/p/{uid}/" and level is not None:
            refused += 1
        else:
            errors += 1
    return {"acked": acked, "refused": refused, "errors": errors, "statuses": statuses}, latencies


def verify(petition, acked_users: list[int]) -> dict:
    stored = signers_of(petition)
    counted, table = counter_sum(petition), sum(stored.values())
    return {
        "acknowledged": len(acked_users),
        "lost": sum(1 for user_id in set(acked_users) if user_id not in stored),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "acknowledged_twice": len(acked_users) - len(set(acked_users)),
        "table": table,
        "counter": counted,
        "counter_equals_table": counted == table,
    }


def beat_loop(stop_event: threading.Event, interval: float, runs: list, job) -> None:
    """What beat does: run `job` every `interval` seconds until told to stop."""
    from django.db import connection

    try:
        while True:
            runs.append((time.time(), job()))
            if stop_event.wait(interval):
                return
    finally:
        connection.close()


def log_result(petition, appended_runs: list) -> dict:
    """The sign petition's log after the load: what the job appended, then a catch-up to now."""
    from django.utils import timezone

    from petitions import services
    from petitions.models import LogLeaf, Signature

    during = sum(count for _, count in appended_runs)
    now = timezone.now()
    while services.log_append(petition, horizon=now):
        continue
    leaves = LogLeaf.objects.filter(petition=petition).count()
    signatures = Signature.objects.filter(petition=petition).count()
    return {
        "job_runs": len(appended_runs),
        "appended_during_load": during,
        "leaves": leaves,
        "signatures": signatures,
        "leaves_equal_signatures": leaves == signatures,
    }


def sign_phase(args, port, fx, sessions) -> dict:
    from client import percentiles, sign_headers, sign_requests
    from django.conf import settings

    from petitions.models import Petition

    sign, threshold = fx["sign"], fx["threshold"]
    csrf = secrets.token_hex(16)  # 32 alphanumeric characters: an unmasked CSRF secret
    origin = f"http://{HOST}:{port}"

    def make_headers(session_key):
        return sign_headers(
            session_cookie=settings.SESSION_COOKIE_NAME,
            session_key=session_key,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            csrf=csrf,
            origin=origin,
        )

    # A few slots sign the threshold petition until enough of them went out, then the main one.
    threshold_slots = max(1, args.signers // 16)
    budget = [args.threshold + args.threshold // 10 + 10]

    def queue(slot):
        for user_id, session_key in sessions[slot :: args.signers]:
            if slot < threshold_slots and budget[0] > 0:
                budget[0] -= 1
                yield threshold.uid, user_id, session_key
            else:
                yield sign.uid, user_id, session_key

    from petitions import services
    from petitions.tasks import watch_thresholds

    runs, stop_event = [], threading.Event()
    watcher = threading.Thread(
        target=beat_loop,
        args=(stop_event, args.watch_interval, runs, watch_thresholds),
        daemon=True,
    )
    # The log job appends, as beat runs it, for the petitions being signed (the COPYed ones
    # stand for logs kept current before the bench, so they are left out).
    log_runs, log_stop = [], threading.Event()
    appender = threading.Thread(
        target=beat_loop,
        args=(
            log_stop,
            settings.SIGNATURE_LOG_INTERVAL_SECONDS,
            log_runs,
            lambda: services.log_append(sign) + services.log_append(threshold),
        ),
        daemon=True,
    )
    cpu_before, process_before = cpu_snapshot(), time.process_time()
    watcher.start()
    appender.start()
    records, elapsed = asyncio.run(
        sign_requests(
            HOST,
            port,
            [queue(slot) for slot in range(args.signers)],
            seconds=args.seconds,
            make_headers=make_headers,
        )
    )
    client_cpu = time.process_time() - process_before
    cpu = cpu_seconds(cpu_before, cpu_snapshot())
    log_stop.set()
    appender.join(60)
    # The watcher keeps its beat until the threshold petition is sent, or one interval and 15 s.
    deadline = time.monotonic() + args.watch_interval + 15
    while time.monotonic() < deadline:
        if Petition.internal.filter(pk=threshold.pk, status="sent").exists():
            break
        time.sleep(0.2)
    stop_event.set()
    watcher.join(args.watch_interval + 60)

    outcome, latencies = classify(records, {sign.uid: sign, threshold.uid: threshold})
    acked = sum(len(users) for users in outcome["acked"].values())
    from petitions.selectors import PAGE_CACHE_SECONDS

    time.sleep(PAGE_CACHE_SECONDS + 0.5)
    shown = json.loads(get(port, f"/p/{sign.uid}/count.json")[1])["signatures"]
    checks = {
        name: verify(fx[name], outcome["acked"][fx[name].uid]) for name in ("sign", "threshold")
    }
    checks["sign"]["shown_count"] = shown
    return {
        "signers": args.signers,
        "seconds": round(elapsed, 2),
        "requests": len(records),
        "signatures_acknowledged": acked,
        "signatures_per_s": round(acked / elapsed, 1),
        "refused": outcome["refused"],
        "errors": outcome["errors"],
        "statuses": outcome["statuses"],
        **percentiles(latencies),
        "lost": sum(c["lost"] for c in checks.values()),
        "duplicated": sum(c["duplicated"] for c in checks.values()),
        "checks": checks,
        "users_left": len(sessions) - len(records),
        "client_cpu_s": round(client_cpu, 1),
        "cpu_s_by_process": cpu,
        "threshold": threshold_result(threshold, args.threshold, runs),
        "log": log_result(sign, log_runs),
    }


def threshold_result(petition, threshold: int, runs) -> dict:
    from petitions.models import PetitionEvent, Signature

    petition.refresh_from_db()
    crossing = (
        Signature.objects.filter(petition=petition)
        .order_by("created_at", "id")
        .values_list("created_at", flat=True)[threshold - 1 : threshold]
    )
    crossed_at = crossing[0] if crossing else None
    sent_events = PetitionEvent.objects.filter(petition=petition, kind="sent").count()
    latency = None
    if crossed_at and petition.sent_at:
        latency = round((petition.sent_at - crossed_at).total_seconds(), 2)
    return {
        "threshold": threshold,
        "status": petition.status,
        "crossed": crossed_at is not None,
        "seconds_to_sent": latency,
        "sent_events": sent_events,
        "watcher_runs": len(runs),
    }


def storm_phase(port, fx, sessions) -> dict:
    """Each citizen sends 8 concurrent sign requests for the same petition."""
    from client import Connection, sign_headers
    from django.conf import settings

    petition = fx["storm"]
    before_counter, before_table = counter_sum(petition), table_count(petition)
    csrf = secrets.token_hex(16)
    origin = f"http://{HOST}:{port}"

    async def one(session_key):
        conn = Connection(HOST, port)
        try:
            headers = sign_headers(
                session_cookie=settings.SESSION_COOKIE_NAME,
                session_key=session_key,
                csrf_cookie=settings.CSRF_COOKIE_NAME,
                csrf=csrf,
                origin=origin,
            )
            return (
                await asyncio.wait_for(
                    conn.request("POST", f"/p/{petition.uid}/sign/", headers), 30
                )
            )[0]
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            return type(error).__name__
        finally:
            conn.close()

    async def storm():
        return await asyncio.gather(*(one(key) for _, key in sessions for _ in range(8)))

    statuses = {}
    for status in asyncio.run(storm()):
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    after_counter, after_table = counter_sum(petition), table_count(petition)
    stored = after_table - before_table
    rose = after_counter - before_counter
    return {
        "citizens": len(sessions),
        "requests": len(sessions) * 8,
        "statuses": statuses,
        "stored": stored,
        "count_rose_by": rose,
        "ok": stored == len(sessions) and rose == len(sessions),
    }


def read_phase(args, port, petition) -> dict:
    from client import read_load

    results = {}
    for name, path in (
        ("page", f"/p/{petition.uid}/"),
        ("count_json", f"/p/{petition.uid}/count.json"),
    ):
        cpu_before, process_before = cpu_snapshot(), time.process_time()
        result = asyncio.run(
            read_load(
                HOST, port, path, concurrency=args.read_concurrency, seconds=args.read_seconds
            )
        )
        result["client_cpu_s"] = round(time.process_time() - process_before, 1)
        result["cpu_s_by_process"] = cpu_seconds(cpu_before, cpu_snapshot())
        results[name] = result
    results["signatures"] = counter_sum(petition)
    return results


def growth_phase(args, port, fx) -> dict:
    """Median time of sequential page GETs: cold (page cache dropped first) and warm."""
    from django.core.cache import cache

    from petitions.selectors import petition_cache_keys

    results = {}
    for name in ("small", "big"):
        petition = fx[name]
        path = f"/p/{petition.uid}/"
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        cold, warm = [], []
        for _ in range(args.growth_requests):
            cache.delete_many(petition_cache_keys(petition.uid))
            started = time.perf_counter()
            status, _ = get(port, path, conn)
            cold.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status}")
        for _ in range(args.growth_requests):
            started = time.perf_counter()
            status, _ = get(port, path, conn)
            warm.append(time.perf_counter() - started)
        conn.close()
        results[name] = {
            "signatures": counter_sum(petition),
            "cold_median_ms": round(statistics.median(cold) * 1000, 2),
            "warm_median_ms": round(statistics.median(warm) * 1000, 2),
        }
    results["cold_ratio_big_to_small"] = round(
        results["big"]["cold_median_ms"] / results["small"]["cold_median_ms"], 2
    )
    return results


def explain_phase(petition) -> dict:
    """EXPLAIN the sign path and the page on the biggest petition (manage.py explain_hot_paths)."""
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    try:
        call_command("explain_hot_paths", uid=petition.uid, stdout=out)
        failed = False
    except CommandError as error:
        out.write(str(error))
        failed = True
    summary = out.getvalue().strip().splitlines()
    return {"petition_signatures": counter_sum(petition), "failed": failed, "output": summary}


def ceiling_phase(args, petition, citizen_ids: range) -> dict:
    """The sign path's two statements straight into PostgreSQL from many connections."""
    import random

    import psycopg
    from django.utils import timezone

    from petitions.models.signature import COUNTER_SHARDS
    from petitions.services.signing import INCREMENT_SHARD, INSERT_SIGNATURE

    ids = iter(citizen_ids)
    lock = threading.Lock()
    done, failed = [], []
    deadline = time.monotonic() + args.ceiling_seconds
    url = os.environ["DATABASE_URL"]

    def worker():
        inserted = 0
        try:
            with psycopg.connect(url) as conn:
                while time.monotonic() < deadline:
                    with lock:
                        citizen_id = next(ids, None)
                    if citizen_id is None:
                        break
                    now = timezone.now()
                    with conn.transaction(), conn.cursor() as cur:
                        cur.execute(
                            INSERT_SIGNATURE,
                            # region, time, no EDS, not on paper, a loopback address
                            [petition.pk, citizen_id, "KZ-75", now, "", None, False, "127.0.0.1"]
                            + [petition.pk, now],
                        )
                        if cur.fetchone() is not None:
                            cur.execute(
                                INCREMENT_SHARD,
                                # One signature, no EDS, not on paper.
                                [petition.pk, random.randrange(COUNTER_SHARDS), 1, 0, 0],  # noqa: S311
                            )
                            inserted += 1
        except psycopg.Error as error:
            failed.append(repr(error))
        done.append(inserted)

    threads = [threading.Thread(target=worker) for _ in range(args.ceiling_connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.ceiling_seconds + 60)
    elapsed = time.monotonic() - started
    rows = sum(done)
    return {
        "connections": args.ceiling_connections,
        "seconds": round(elapsed, 2),
        "rows": rows,
        "rows_per_s": round(rows / elapsed, 1),
        "errors": failed[:5],
        "counter_equals_table": counter_sum(petition) == table_count(petition),
    }


# --- report -----------------------------------------------------------------------------------


def table(results: dict) -> str:
    sign, read, growth = results["sign"], results["read"], results["growth"]
    th, storm, ceiling = sign["threshold"], results["storm"], results["ceiling"]
    rss = results["gunicorn_worker_rss_mb"]
    rows = [
        ("sign: signatures/s", sign["signatures_per_s"], ">= 400"),
        (
            "sign: p50 / p95 / p99 ms",
            f"{sign['p50_ms']} / {sign['p95_ms']} / {sign['p99_ms']}",
            "p99 < 300",
        ),
        (
            "sign: acked / refused / errors",
            f"{sign['signatures_acknowledged']} / {sign['refused']} / {sign['errors']}",
            "errors 0",
        ),
        ("sign: lost / duplicated", f"{sign['lost']} / {sign['duplicated']}", "0 / 0"),
        (
            "sign: counter = table = shown",
            "{counter} = {table} = {shown_count}".format(**sign["checks"]["sign"]),
            "equal",
        ),
        (
            "sign: log leaves = signatures",
            "{leaves} = {signatures} ({appended_during_load} during load)".format(**sign["log"]),
            "equal",
        ),
        (
            "sign: share of DB ceiling",
            f"{sign['signatures_per_s'] / ceiling['rows_per_s']:.0%}"
            if ceiling["rows_per_s"]
            else "-",
            "",
        ),
        ("DB ceiling: rows/s (direct)", ceiling["rows_per_s"], ""),
    ]
    for name in ("page", "count_json"):
        r = read[name]
        rows.append((f"read {name}: requests/s", r["requests_per_s"], ">= 800"))
        rows.append((f"read {name}: p50 / p99 ms", f"{r['p50_ms']} / {r['p99_ms']}", "p99 < 150"))
    rows += [
        ("read: signatures on petition", f"{read['signatures']:,}", "1,000,000"),
        (
            "threshold: s to sent / sends",
            f"{th['seconds_to_sent']} / {th['sent_events']}",
            "< 60 / 1",
        ),
        (
            "storm: stored / count rose",
            f"{storm['stored']} / {storm['count_rose_by']} of {storm['citizens']}",
            "exactly",
        ),
        (
            f"growth: page cold ms @ {growth['small']['signatures']:,}",
            growth["small"]["cold_median_ms"],
            "",
        ),
        (
            f"growth: page cold ms @ {growth['big']['signatures']:,}",
            growth["big"]["cold_median_ms"],
            "",
        ),
        ("growth: big / small (cold)", growth["cold_ratio_big_to_small"], "<= 1.5"),
        ("gunicorn worker RSS MB", " / ".join(str(v) for v in rss), "< 150 each"),
        (
            f"explain @ {results['explain']['petition_signatures']:,}: big-table scans",
            "failed" if results["explain"]["failed"] else "none",
            "none",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure':<{width}}  {'value':>24}  target", "-" * (width + 40)]
    lines += [f"{name:<{width}}  {value!s:>24}  {target}" for name, value, target in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    configure_django()
    import fixtures
    from django.core.management import call_command

    timer = fixtures.Timer()
    results = {"args": {k: str(v) for k, v in vars(args).items()}}
    with timer("migrate_and_collectstatic_s"):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)

    pool_size = max(args.big, args.read_size, args.small, args.users + 50)
    with timer("create_citizens_s"):
        citizens = fixtures.create_citizens(pool_size)
    author, moderator = fixtures.create_staff()
    fx = {
        name: fixtures.open_petition(author, moderator, name)
        for name in ("sign", "storm", "read", "small", "big", "ceiling")
    }
    fx["threshold"] = fixtures.open_petition(author, moderator, "threshold", args.threshold)
    with timer("signatures_small_s"):
        fixtures.add_signatures(fx["small"], citizens[: args.small])
    with timer("signatures_read_s"):
        fixtures.add_signatures(fx["read"], citizens[: args.read_size])
    with timer("signatures_big_s"):
        fixtures.add_signatures(fx["big"], citizens[: args.big])
    with timer("analyze_s"):
        fixtures.analyze()
    with timer("sessions_s"):
        sessions = fixtures.create_sessions(list(citizens[: args.users + 50]))
    sign_sessions, storm_sessions = sessions[: args.users], sessions[args.users :]
    results["setup"] = {"citizens": pool_size, **timer.times}
    print("bench: setup done", json.dumps(results["setup"]), flush=True)

    from django.db import connections

    connections.close_all()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="qoldau-bench-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
        server = start_gunicorn(port, args, log_path)
        try:
            wait_until_up(port, f"/p/{fx['read'].uid}/count.json", server, log_path)
            results["gunicorn"] = {
                "workers": args.workers,
                "threads": args.threads,
                "worker_class": "gthread",
            }
            print("bench: sign load", flush=True)
            results["sign"] = sign_phase(args, port, fx, sign_sessions)
            print("bench: read load", flush=True)
            results["read"] = read_phase(args, port, fx["read"])
            print("bench: duplicate storm", flush=True)
            results["storm"] = storm_phase(port, fx, storm_sessions)
            print("bench: growth", flush=True)
            results["growth"] = growth_phase(args, port, fx)
            print("bench: explain", flush=True)
            results["explain"] = explain_phase(fx["big"])
            results["gunicorn_worker_rss_mb"] = [rss_mb(pid) for pid in children(server.pid)]
            print("bench: database ceiling", flush=True)
            results["ceiling"] = ceiling_phase(args, fx["ceiling"], citizens)
        finally:
            stop(server)
            errors = [line for line in log_path.read_text().splitlines() if "Error" in line]
            results["server_log_errors"] = errors[-20:]
    sign = results["sign"]
    sign["share_of_ceiling"] = (
        round(sign["signatures_per_s"] / results["ceiling"]["rows_per_s"], 3)
        if results["ceiling"]["rows_per_s"]
        else None
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(table(results))
    print(f"\nsetup: {json.dumps(results['setup'])}")
    print(f"written to {args.out}")
    ok = (
        sign["signatures_acknowledged"] > 0
        and sign["lost"] == 0
        and sign["duplicated"] == 0
        and results["storm"]["ok"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
