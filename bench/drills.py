"""`make drills`: the portal under a sign load while its dependencies fail and come back.

Run beside PostgreSQL and Redis (tests/services.sh exports their URLs and where they live):
    tests/services.sh .venv/bin/python bench/drills.py [--quick] [--runs N] [--out PATH]
gunicorn, a Celery worker and Celery beat run as real processes with production settings; the
drills kill Redis, the worker and beat, and PostgreSQL, and bring them back. Every load and every
wait is bounded. See bench/README.md for what each drill does and how to read the table.
"""

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402 (bench/run.py: settings, gunicorn and the checks it shares)
from client import Connection, ConnectionLost, sign_headers  # noqa: E402

HOST = run.HOST
QUICK = {
    "signers": 64,
    "seconds": 15.0,
    "citizens": 3000,
    "runs": 3,
    "run_signers": 300,
    "redis_down": 5.0,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--quick", action="store_true", help="shorter loads, 3 runs of drill 5 (a smoke test)")
    add("--signers", type=int, default=64, help="concurrent signers in drills 1-4")
    add("--seconds", type=float, default=30.0, help="length of the sign load in drills 1-4")
    add("--citizens", type=int, default=12_000, help="signed-in citizens prepared")
    add("--runs", type=int, default=20, help="runs of drill 5")
    add("--run-signers", type=int, default=1200, help="concurrent signers in each run of drill 5")
    add("--run-threshold", type=int, default=1000, help="threshold crossed in each run of drill 5")
    add("--redis-down", type=float, default=10.0, help="seconds Redis stays dead in drill 1")
    add("--watch-interval", type=int, default=2, help="seconds between threshold watcher runs")
    add(
        "--kills",
        default="redis,worker,redis and worker",
        help="what drill 5 may kill, comma-separated",
    )
    add("--seed", type=int, default=None, help="seed of drill 5's random kills")
    add("--only", default="1,2,3,4,5", help="which drills to run, e.g. 1,4")
    add("--out", type=Path, default=ROOT / "bench" / "results" / "drills.json")
    args = run.apply_quick(parser.parse_args(argv), argv, QUICK)
    if args.quick and "run_threshold" not in run.explicit_options(argv):
        args.run_threshold = args.run_signers * 5 // 6
    args.run_threshold = min(args.run_threshold, args.run_signers)
    args.seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    return args


# --- the dependencies: Redis, PostgreSQL, the Celery worker and beat ---------------------------


class Dependencies:
    """Kills and restarts the servers tests/services.sh started, and runs worker and beat."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        redis = urlsplit(os.environ["REDIS_URL"])
        self.redis_port = str(redis.port)
        self.redis_dir = Path(os.environ["SERVICES_REDIS_DIR"])
        self.pg_ctl = str(Path(os.environ["SERVICES_PG_BIN"]) / "pg_ctl")
        self.pgdata = Path(os.environ["SERVICES_PGDATA"])
        # As root, PostgreSQL runs as nobody (tests/services.sh), and so must pg_ctl.
        self.as_pg = ["runuser", "-u", "nobody", "--"] if os.getuid() == 0 else []
        self.celery = str(Path(sys.executable).parent / "celery")
        self.lock = threading.Lock()
        self.processes = {}  # "worker" and "beat" while they should run
        self.restarts = []  # (name, exit status, when) of each restart by the supervisor

    # Redis
    def redis_kill(self) -> None:
        pid = int((self.redis_dir / "redis.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)

    def redis_start(self) -> None:
        subprocess.run(  # noqa: S603 (the same server and arguments as tests/services.sh)
            [shutil.which("redis-server"), "--bind", HOST, "--port", self.redis_port, "--save", "",
             "--appendonly", "no", "--dir", str(self.redis_dir), "--daemonize", "yes",
             "--pidfile", str(self.redis_dir / "redis.pid"),
             "--logfile", str(self.redis_dir / "redis.log")],
            check=True,
        )  # fmt: skip
        _until(lambda: _redis_ping(self.redis_port), 10, "Redis did not come back")

    # PostgreSQL
    def pg_restart_immediate(self) -> None:
        subprocess.run(  # noqa: S603 (pg_ctl of the throwaway cluster)
            [*self.as_pg, self.pg_ctl, "restart", "-D", str(self.pgdata), "-m", "immediate",
             "-w", "-t", "60", "-l", str(self.pgdata.parent / "postgres.log")],
            check=True, cwd=self.pgdata.parent, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    # Celery
    CELERY = {
        # Three processes, so that three deliveries of one task can run at the same moment.
        "worker": ["worker", "--pool", "prefork", "--concurrency", "3", "--loglevel", "info",
                   "--without-gossip", "--without-mingle", "-n", "drills@%h"],
        "beat": ["beat", "--loglevel", "warning", "--schedule", "{tmp}/beat-schedule",
                 "--pidfile", "{tmp}/beat.pid"],
    }  # fmt: skip

    def log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def start(self, name: str) -> None:
        with self.lock:
            self.processes[name] = self._spawn(name)

    def _spawn(self, name: str) -> subprocess.Popen:
        arguments = [a.format(tmp=self.tmp) for a in self.CELERY[name]]
        log = self.log(name).open("a")
        return subprocess.Popen(  # noqa: S603 (our own celery, fixed arguments)
            [self.celery, "-A", "config", *arguments],
            cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip

    def kill(self, name: str) -> None:
        """SIGKILL a Celery process and its pool's children (its own process group)."""
        with self.lock:
            process = self.processes.pop(name, None)
        if process is not None:
            _killpg(process, signal.SIGKILL)

    def stop(self, name: str) -> None:
        """A warm shutdown: running tasks finish, unstarted ones go back to the queue."""
        with self.lock:
            process = self.processes.pop(name, None)
        if process is not None:
            _killpg(process, signal.SIGTERM)

    def supervise(self, stop_event: threading.Event) -> None:
        """What systemd's Restart=always or compose's `restart: unless-stopped` does in
        production: a worker or beat that exited by itself is started again a second later.
        The drills' own kills are not restarts (kill and stop take the process out first)."""
        while not stop_event.wait(1.0):
            with self.lock:
                for name, process in list(self.processes.items()):
                    if process.poll() is not None:
                        _killpg(process, signal.SIGKILL)  # its pool's orphans, if any
                        self.restarts.append((name, process.returncode, time.monotonic()))
                        self.processes[name] = self._spawn(name)


def _killpg(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        return
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def _wait_gone(pid: int) -> None:
    def gone():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    _until(gone, 10, f"process {pid} did not die")


def _redis_ping(port: str) -> bool:
    import socket

    try:
        with socket.create_connection((HOST, int(port)), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _until(condition, seconds: float, failure: str, step: float = 0.1) -> float:
    """Wait for `condition`; the seconds it took. Raises when it does not hold in time."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    raise RuntimeError(failure)


# --- the sign load -----------------------------------------------------------------------------

RETRY_PAUSE = 0.5
RETRIES = 30  # a signer tries again for up to 15 s after an error, as a person would


def error_kind(status, body: bytes) -> str | None:
    """None for an answer the portal meant; else what kind of error it was."""
    if isinstance(status, str):
        return status  # "connection" or "timeout"
    if status == 302:
        return None
    if status == 503:
        clear = b'<main id="main"' in body and b"Traceback" not in body
        return "503 page" if clear else "503 bare"
    return str(status)


async def sign_load(port, petition_uid, slots, *, seconds, make_headers, stop_event=None):
    """Each slot signs as its citizens one after another until its queue or the time runs out.

    A citizen whose attempt failed (5xx, lost connection, timeout) tries again after a pause,
    as someone at a phone would. Every attempt is recorded:
    (uid, user_id, status, location, messages cookie, error kind, monotonic time at the end).
    """
    deadline = time.monotonic() + seconds
    records = []

    async def attempt(conn, user_id, session_key):
        location = messages = None
        try:
            status, headers, body = await asyncio.wait_for(
                conn.request("POST", f"/p/{petition_uid}/sign/", make_headers(session_key)), 30
            )
        except TimeoutError:
            conn.close()
            status, body = "timeout", b""
        except (OSError, asyncio.IncompleteReadError, ConnectionLost):
            conn.close()
            status, body = "connection", b""
        else:
            for name, value in headers:
                if name == "location":
                    location = value
                elif name == "set-cookie" and value.startswith("messages="):
                    messages = value
        kind = error_kind(status, body)
        records.append((petition_uid, user_id, status, location, messages, kind, time.monotonic()))
        return kind is None

    async def worker(queue):
        conn = Connection(HOST, port)
        try:
            for user_id, session_key in queue:
                if time.monotonic() >= deadline:
                    break
                for _ in range(RETRIES):
                    if await attempt(conn, user_id, session_key):
                        break
                    await asyncio.sleep(RETRY_PAUSE)
        finally:
            conn.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(queue) for queue in slots))
    return records, time.monotonic() - started


def outcome(records, petition_uid) -> dict:
    """Acknowledged users, refusals (already signed) and errors by kind."""
    as_run = [(0, uid, user, status, location, messages, 0) for uid, user, status, location,
              messages, _kind, _t in records]  # fmt: skip
    classified, _ = run.classify(as_run, {petition_uid: None})
    errors = {}
    for *_, kind, _t in records:
        if kind is not None:
            errors[kind] = errors.get(kind, 0) + 1
    return {
        "acked": classified["acked"][petition_uid],
        "refused": classified["refused"],
        "errors": errors,
        "requests": len(records),
    }


# --- one drill ---------------------------------------------------------------------------------


class Drill:
    """A petition, its signers, a disruption running beside the load, and the checks after."""

    def __init__(self, ctx, name: str, number: int, signers: int, seconds: float):
        self.ctx, self.name, self.number = ctx, name, number
        self.signers, self.seconds = signers, seconds
        self.notes = {}
        self.restored_at = None  # monotonic time the last dependency came back
        self.recovered_s = None  # from then until the portal and the worker answer
        self.petition = run_fixture_petition(ctx, f"drill {number}: {name}")

    # what a disruption calls
    def count(self) -> int:
        from django.db import connection

        from petitions.selectors import signature_count

        try:
            return signature_count(self.petition)
        finally:
            connection.close()

    def set_threshold(self, threshold: int) -> None:
        from django.db import connection

        from petitions.models import Petition

        Petition.internal.filter(pk=self.petition.pk).update(signature_threshold=threshold)
        connection.close()
        self.notes["threshold"] = threshold

    def crossing_soon(self, margin: int = 100) -> int:
        """Move the threshold just ahead of the count, so it is crossed in the next moments."""
        threshold = self.count() + margin
        self.set_threshold(threshold)
        return threshold

    def wait_crossed(self, threshold: int, seconds: float = 60) -> None:
        _until(lambda: self.count() >= threshold, seconds, "the threshold was not crossed")

    def restored(self) -> None:
        """The dependency is back: time until the portal and the worker answer again, by
        themselves. The portal: a signed-in citizen's petition page (session, user and page
        from the database and the cache). The worker: a threshold watcher run, delivered
        through the broker, that finishes."""
        from petitions.tasks import watch_thresholds

        self.restored_at = started = time.monotonic()
        user_id, session_key = self.ctx.reserve
        headers = {"Cookie": self.ctx.make_headers(session_key)[0].partition(": ")[2]}

        def page_answers():
            try:
                conn = http.client.HTTPConnection(HOST, self.ctx.port, timeout=5)
                conn.request("GET", f"/p/{self.petition.uid}/", headers=headers)
                return conn.getresponse().status == 200
            except OSError:
                return False

        self.notes["web_back_s"] = round(_until(page_answers, 60, "the portal did not recover"), 2)
        probe = f"drills-probe-{self.number}-{time.monotonic_ns()}"
        watch_thresholds.apply_async(task_id=probe)
        log = self.ctx.deps.log("worker")
        _until(
            lambda: f"[{probe}] succeeded" in log.read_text(errors="replace"),
            90,
            "the worker did not recover",
            step=0.2,
        )
        self.recovered_s = round(time.monotonic() - started, 2)

    def run(self, disruption) -> dict:
        ctx = self.ctx
        self.restarts_before = len(ctx.deps.restarts)
        citizens = ctx.sessions
        slots = [citizens[i :: self.signers] for i in range(self.signers)]
        failure = []

        def disrupt():
            try:
                disruption(self)
            except Exception as error:  # reported in the table, the drill fails
                failure.append(repr(error))

        chaos = threading.Thread(target=disrupt, daemon=True)
        chaos.start()
        records, elapsed = asyncio.run(
            sign_load(
                ctx.port, self.petition.uid, slots, seconds=self.seconds,
                make_headers=ctx.make_headers,
            )
        )  # fmt: skip
        chaos.join(120)
        if chaos.is_alive():
            failure.append("the disruption did not finish within 120 s")
        return self.check(records, elapsed, failure)

    def check(self, records, elapsed, failure) -> dict:
        from django.db import connections

        from petitions.models import Petition, PetitionEvent
        from petitions.selectors import PAGE_CACHE_SECONDS

        connections.close_all()  # the database may have restarted under us
        result = outcome(records, self.petition.uid)
        threshold = self.notes.get("threshold")
        sent_after = None
        if threshold is not None and self.count() >= threshold:
            try:
                sent_after = _until(
                    lambda: Petition.internal.filter(pk=self.petition.pk, status="sent").exists(),
                    self.ctx.args.watch_interval * 2 + 60,
                    "not sent",
                    step=0.2,
                )
            except RuntimeError:
                sent_after = None
        # Two counting intervals: the shown count may be as old as the page cache allows.
        time.sleep(2 * PAGE_CACHE_SECONDS)
        try:
            status, body = run.get(self.ctx.port, f"/p/{self.petition.uid}/count.json")
            shown = json.loads(body)["signatures"] if status == 200 else None
        except OSError:
            shown = None
        checked = run.verify(self.petition, result["acked"])
        sends = PetitionEvent.objects.filter(petition=self.petition, kind="sent").count()
        recovered = self.recovered_s
        connections.close_all()
        bad_errors = {k: v for k, v in result["errors"].items() if k != "503 page"}
        row = {
            "drill": f"{self.number}. {self.name}",
            "signers": self.signers,
            "seconds": round(elapsed, 1),
            "requests": result["requests"],
            "acknowledged": checked["acknowledged"],
            "refused": result["refused"],
            "stored": checked["table"],
            "lost": checked["lost"],
            "duplicates": checked["duplicated"] + checked["acknowledged_twice"],
            "counter": checked["counter"],
            "shown": shown,
            "sends": sends,
            "sent_s_after_check": None if sent_after is None else round(sent_after, 1),
            "errors": result["errors"],
            "recovered_s": recovered,
            "supervisor_restarts": [
                name for name, _status, _when in self.ctx.deps.restarts[self.restarts_before :]
            ],
            "notes": self.notes,
            "failure": failure,
        }
        row["ok"] = (
            not failure
            and row["lost"] == 0
            and row["duplicates"] == 0
            and row["counter"] == row["stored"] == row["shown"]
            and row["sends"] == (1 if threshold is not None else 0)
            and not bad_errors
            and (self.restored_at is None or recovered is not None)
        )
        return row


def run_fixture_petition(ctx, name: str):
    import fixtures
    from django.db import connection

    try:
        return fixtures.open_petition(ctx.author, ctx.moderator, name)
    finally:
        connection.close()


# --- the drills --------------------------------------------------------------------------------


def drill_redis(ctx) -> dict:
    """1. Redis killed for --redis-down (10) s, then started again empty (no persistence)."""
    name = f"Redis killed for {ctx.args.redis_down:g} s"
    drill = Drill(ctx, name, 1, ctx.args.signers, ctx.args.seconds)

    def disruption(d):
        time.sleep(3)
        d.crossing_soon()
        ctx.deps.redis_kill()
        time.sleep(ctx.args.redis_down)
        ctx.deps.redis_start()
        d.restored()

    return drill.run(disruption)


def drill_worker(ctx) -> dict:
    """2. Worker and beat SIGKILLed as the threshold is crossed, then started again."""
    drill = Drill(ctx, "worker and beat SIGKILLed at the crossing", 2, ctx.args.signers,
                  ctx.args.seconds)  # fmt: skip

    def disruption(d):
        time.sleep(3)
        threshold = d.crossing_soon()
        d.wait_crossed(threshold)
        # Somewhere inside the watcher's interval: before, during or just after its run.
        delay = random.uniform(0, ctx.args.watch_interval)  # noqa: S311 (not a secret)
        time.sleep(delay)
        d.notes["killed_s_after_crossing"] = round(delay, 2)
        ctx.deps.kill("worker")
        ctx.deps.kill("beat")
        time.sleep(3)
        ctx.deps.start("worker")
        ctx.deps.start("beat")
        d.restored()

    return drill.run(disruption)


def drill_postgres(ctx) -> dict:
    """3. PostgreSQL restarted once with `pg_ctl restart -m immediate` (a crash)."""
    drill = Drill(ctx, "PostgreSQL restart -m immediate", 3, ctx.args.signers, ctx.args.seconds)

    def disruption(d):
        time.sleep(3)
        d.crossing_soon(margin=200)
        started = time.monotonic()
        ctx.deps.pg_restart_immediate()
        d.notes["restart_s"] = round(time.monotonic() - started, 2)
        d.restored()

    return drill.run(disruption)


def drill_triple_delivery(ctx) -> dict:
    """4. The threshold task delivered three times at the same moment (beat paused)."""
    from petitions.tasks import watch_thresholds

    drill = Drill(ctx, "threshold task delivered 3 times at once", 4, ctx.args.signers,
                  ctx.args.seconds)  # fmt: skip
    task_ids = [f"drill-4-delivery-{i}-{os.getpid()}" for i in range(3)]

    def disruption(d):
        time.sleep(2)
        ctx.deps.stop("beat")  # only our three deliveries may send it
        threshold = d.crossing_soon()
        d.wait_crossed(threshold)
        for task_id in task_ids:
            watch_thresholds.apply_async(task_id=task_id)
        d.notes["deliveries"] = 3

    row = drill.run(disruption)
    ctx.deps.start("beat")
    # Each delivery ran to the end in its own worker process.
    log = ctx.deps.log("worker").read_text()
    ran = [t for t in task_ids if re.search(rf"\[{re.escape(t)}\] succeeded", log)]
    row["notes"]["deliveries_run"] = len(ran)
    row["ok"] = row["ok"] and len(ran) == 3
    return row


def drill_runs(ctx) -> list[dict]:
    """5. A threshold crossed by many concurrent signers, with random Redis and worker kills."""
    args = ctx.args
    rng = random.Random(args.seed)  # noqa: S311 (chooses kills, not secrets)
    rows = []
    for number in range(1, args.runs + 1):
        drill = Drill(ctx, f"run {number}", 5, args.run_signers, 60)
        drill.set_threshold(args.run_threshold)
        kill = rng.choice(args.kills.split(","))
        at = round(rng.uniform(0.2, 3.0), 2)
        down = round(rng.uniform(1.0, 5.0), 2)
        sessions = ctx.sessions
        ctx.sessions = sessions[: args.run_signers]  # one signature each, all at once

        def disruption(d, kill=kill, at=at, down=down):
            d.notes.update(kill=kill, at_s=at, down_s=down)
            time.sleep(at)
            if "redis" in kill:
                ctx.deps.redis_kill()
            if "worker" in kill:
                ctx.deps.kill("worker")
            time.sleep(down)
            if "redis" in kill:
                ctx.deps.redis_start()
            if "worker" in kill:
                ctx.deps.start("worker")
            d.restored()

        try:
            row = drill.run(disruption)
        finally:
            ctx.sessions = sessions
        print(f"drills: {row['drill']}: {'ok' if row['ok'] else 'FAILED'}", flush=True)
        rows.append(row)
    return rows


# --- set-up and report -------------------------------------------------------------------------


class Context:
    pass


def configure(args) -> None:
    # Before Django starts: the watcher's interval (beat reads it from settings), no SMTP.
    os.environ["PETITIONS_WATCH_INTERVAL_SECONDS"] = str(args.watch_interval)
    os.environ["DJANGO_EMAIL_URL"] = "dummymail://"
    for name in ("SERVICES_PGDATA", "SERVICES_PG_BIN", "SERVICES_REDIS_DIR"):
        if not os.environ.get(name):
            sys.exit(f"drills: {name} is not set; run through tests/services.sh (make drills)")
    run.configure_django()


def durable_commits() -> None:
    """The throwaway cluster trades durability for speed (tests/services.sh); a crash drill
    needs what production has: a commit acknowledged only once its WAL is written."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET synchronous_commit = on")
        cursor.execute("SELECT pg_reload_conf()")
    connection.close()


def table(rows: list[dict]) -> str:
    head = ("drill", "acknowledged", "stored", "lost", "duplicates", "counter = shown",
            "sends", "errors by kind", "recovered s", "supervisor restarts", "ok")  # fmt: skip
    lines = []
    for r in rows:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(r["errors"].items())) or "none"
        lines.append(
            (r["drill"], r["acknowledged"], r["stored"], r["lost"], r["duplicates"],
             f"{r['counter']} = {r['shown']}", r["sends"], errors,
             "-" if r["recovered_s"] is None else r["recovered_s"],
             ", ".join(r["supervisor_restarts"]) or "none",
             "yes" if r["ok"] else "NO")
        )  # fmt: skip
    widths = [max(len(str(x)) for x in column) for column in zip(head, *lines, strict=True)]
    out = ["  ".join(f"{h:<{w}}" for h, w in zip(head, widths, strict=True))]
    out.append("-" * len(out[0]))
    out += ["  ".join(f"{x!s:<{w}}" for x, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def summary(runs: list[dict]) -> dict:
    return {
        "drill": f"5. threshold {runs[0]['notes']['threshold']} by {runs[0]['signers']} "
        f"signers, {sum(r['ok'] for r in runs)} of {len(runs)} runs ok",
        "acknowledged": sum(r["acknowledged"] for r in runs),
        "stored": sum(r["stored"] for r in runs),
        "lost": sum(r["lost"] for r in runs),
        "duplicates": sum(r["duplicates"] for r in runs),
        "counter": sum(r["counter"] for r in runs),
        "shown": sum(r["shown"] or 0 for r in runs),
        "sends": sum(r["sends"] for r in runs),
        "errors": {
            k: sum(r["errors"].get(k, 0) for r in runs) for r0 in runs for k in r0["errors"]
        },
        "recovered_s": max((r["recovered_s"] or 0) for r in runs),
        "supervisor_restarts": [
            f"{name} {sum(name in r['supervisor_restarts'] for r in runs)}"
            for name in ("worker", "beat")
            if any(name in r["supervisor_restarts"] for r in runs)
        ],
        "ok": all(r["ok"] for r in runs) and sum(r["sends"] for r in runs) == len(runs),
    }


def main(argv=None) -> int:
    import resource

    args = parse_args(argv)
    # 1,200 signers at once need as many sockets, and gunicorn as many again.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    configure(args)
    import fixtures
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    ctx = Context()
    ctx.args = args
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    durable_commits()
    citizens = fixtures.create_citizens(args.citizens)
    ctx.author, ctx.moderator = fixtures.create_staff()
    *ctx.sessions, ctx.reserve = fixtures.create_sessions(list(citizens))
    connections.close_all()
    print(f"drills: {len(ctx.sessions)} signed-in citizens; seed {args.seed}", flush=True)

    csrf = "drills" + "0" * 26  # 32 alphanumeric characters: an unmasked CSRF secret

    def make_headers(session_key):
        return sign_headers(
            session_cookie=settings.SESSION_COOKIE_NAME,
            session_key=session_key,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            csrf=csrf,
            origin=f"http://{HOST}:{ctx.port}",
        )

    ctx.make_headers = make_headers
    only = {int(n) for n in args.only.split(",")}
    rows = []
    with tempfile.TemporaryDirectory(prefix="qoldau-drills-") as tmp:
        tmp = Path(tmp)
        ctx.port = run.free_port()
        ctx.deps = Dependencies(tmp)
        server_log = tmp / "gunicorn.log"
        server = run.start_gunicorn(ctx.port, argparse.Namespace(workers=2, threads=4), server_log)
        ctx.deps.start("worker")
        ctx.deps.start("beat")
        supervisor_stop = threading.Event()
        supervisor = threading.Thread(target=ctx.deps.supervise, args=(supervisor_stop,))
        supervisor.start()
        try:
            run.wait_until_up(ctx.port, "/", server, server_log)
            for number, drill in ((1, drill_redis), (2, drill_worker), (3, drill_postgres),
                                  (4, drill_triple_delivery)):  # fmt: skip
                if number in only:
                    print(f"drills: {drill.__doc__.splitlines()[0]}", flush=True)
                    rows.append(drill(ctx))
                    print(f"drills: {rows[-1]['drill']}: {'ok' if rows[-1]['ok'] else 'FAILED'}")
            runs = drill_runs(ctx) if 5 in only and args.runs else []
        finally:
            supervisor_stop.set()
            supervisor.join(30)
            ctx.deps.stop("beat")
            ctx.deps.stop("worker")
            run.stop(server)
            logs = {
                name: path.read_text(errors="replace")
                for name, path in (
                    ("gunicorn", server_log),
                    ("worker", ctx.deps.log("worker")),
                    ("beat", ctx.deps.log("beat")),
                )  # fmt: skip
                if path.exists()
            }
            kept = args.out.parent / "drills-logs"
            kept.mkdir(parents=True, exist_ok=True)
            for name, text in logs.items():
                (kept / f"{name}.log").write_text(text)
    shown_rows = rows + ([summary(runs)] if runs else [])
    results = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "drills": rows,
        "runs": runs,
        # What the processes logged as errors (a 503 is logged with its cause, by design).
        "log_errors": {
            name: [line for line in text.splitlines() if "Error" in line][-10:]
            for name, text in logs.items()
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(table(shown_rows))
    print(f"\nseed {args.seed}; written to {args.out}; logs in {args.out.parent / 'drills-logs'}")
    return 0 if shown_rows and all(r["ok"] for r in shown_rows) else 1


if __name__ == "__main__":
    sys.exit(main())
