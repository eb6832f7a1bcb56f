"""Search under `make run`'s SQLite, which has no full-text search: every word or "phrase" must
occur whatever its case (Kazakh and Russian letters too), and a -word must not."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from petitions.selectors.search import search_terms

ROOT = Path(__file__).resolve().parent.parent.parent
# The demo petition: "Алматыдағы аялдамаларға күннен қорғайтын шатыр орнату".
QUERIES = {
    "алматы": 1,
    "АЛМАТЫДАҒЫ": 1,
    "Шатыр": 1,
    '"шатыр орнату"': 1,
    '"орнату шатыр"': 0,
    "шатыр -xyz": 1,
    "шатыр -АЛМАТЫ": 0,
    "шатыр xyz": 0,
}
SCRIPT = """
import json
from petitions.selectors import petition_search
print(json.dumps({q: petition_search(query=q).count() for q in %r}))
"""


def test_the_query_is_read_as_words_phrases_and_exclusions():
    assert search_terms('школа "новый парк" -дорога  "" -"old road"') == [
        (False, "школа"),
        (False, "новый парк"),
        (True, "дорога"),
        (True, "old road"),
    ]


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{database}")

    def manage(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.stdout

    manage("migrate", "--noinput")
    manage("seed_demo")
    return json.loads(manage("shell", "-c", SCRIPT % list(QUERIES)).strip().splitlines()[-1])


@pytest.mark.parametrize(("query", "found"), QUERIES.items())
def test_sqlite_search_ignores_case_and_reads_phrases_and_exclusions(sqlite_demo, query, found):
    assert sqlite_demo[query] == found
