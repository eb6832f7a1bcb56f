"""Scratch databases on the PostgreSQL server of `make test`, for tests that need a database
of their own beside pytest's (the quick bench, a restore)."""

import contextlib
import os
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest


def with_path(url: str, path: str) -> str:
    """`url` naming another database of the same server."""
    return urlunsplit(urlsplit(url)._replace(path=path))


def server_url() -> str:
    """DATABASE_URL, which tests/services.sh sets; skips outside `make test`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs the PostgreSQL server of `make test` (DATABASE_URL)")
    return url


@contextlib.contextmanager
def scratch_database(name: str, *, create: str = "") -> Iterator[str]:
    """An empty database `name` (dropped first if left over, and dropped after): its URL.
    `create` adds options to CREATE DATABASE, e.g. "TEMPLATE template0 ENCODING 'UTF8'"."""
    url = server_url()
    admin_url = with_path(url, "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} {create}")
    try:
        yield with_path(url, f"/{name}")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
