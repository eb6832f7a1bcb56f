"""`bench/run.py --quick` starts the portal, runs every phase briefly and reports sound figures."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import scratch_database, with_path

ROOT = Path(__file__).resolve().parent.parent.parent
SMOKE_DATABASE = "qoldau_bench_smoke"


@pytest.fixture
def bench_database():
    """A database of its own on the tests' server (not pytest's test_qoldau), dropped after."""
    with scratch_database(SMOKE_DATABASE) as url:
        yield url


def test_quick_bench_completes(bench_database, tmp_path):
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.skip("needs the Redis server of `make test` (REDIS_URL)")
    out = tmp_path / "latest.json"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    # Redis database 1, so the sessions and pages it caches stay apart from the tests' cache.
    env.update(DATABASE_URL=bench_database, REDIS_URL=with_path(redis_url, "/1"))

    finished = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hang, not a performance check: on a busy 2-core machine the quick
        # run alone takes over two minutes.
        timeout=420,
    )

    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    results = json.loads(out.read_text())
    assert {"setup", "sign", "read", "storm", "growth", "ceiling", "gunicorn_worker_rss_mb"} <= set(
        results
    )
    sign = results["sign"]
    assert sign["signatures_per_s"] > 0
    assert sign["lost"] == 0
    assert sign["duplicated"] == 0
    assert sign["errors"] == 0
    assert sign["checks"]["sign"]["counter_equals_table"]
    assert sign["log"]["leaves_equal_signatures"]
    assert sign["threshold"]["sent_events"] == 1
    assert results["storm"]["ok"]
    assert results["read"]["count_json"]["requests_per_s"] > 0
    assert results["ceiling"]["errors"] == []
    assert results["ceiling"]["rows_per_s"] > 0
