"""A small HTTP/1.1 keep-alive client on asyncio streams, and time-bounded load loops.

Only what the benchmark needs against gunicorn on loopback: GET and an empty POST, bodies by
Content-Length or chunked. No dependency beyond the standard library, so `make bench` and the smoke
test run on a fresh clone.
"""

import asyncio
import time


class ConnectionLost(Exception):
    """The server closed a kept-alive connection before answering."""


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: list[str] = ()) -> tuple:
        """(status, [(name, value)], body); retries once if a reused connection was closed."""
        reused = self.writer is not None
        try:
            return await self._request(method, path, headers)
        except (ConnectionError, asyncio.IncompleteReadError, ConnectionLost):
            self.close()
            if not reused:
                raise
            return await self._request(method, path, headers)

    async def _request(self, method, path, headers):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", *headers]
        if method == "POST":
            lines.append("Content-Length: 0")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as lost:
            if not lost.partial:
                raise ConnectionLost from None
            raise
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        found, length, chunked, close = [], None, False, False
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            found.append((name, value))
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = await self._read_chunked()
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body, close = await self.reader.read(), True
        if close:
            self.close()
        return status, found, body

    async def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


def percentiles(latencies: list[float]) -> dict:
    """p50/p95/p99/max in milliseconds."""
    if not latencies:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(latencies)

    def at(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


async def read_load(host, port, path, *, concurrency: int, seconds: float) -> dict:
    """GET `path` from `concurrency` connections for `seconds`; requests/s and latencies."""
    deadline = time.monotonic() + seconds
    latencies, statuses = [], {}

    async def worker():
        conn = Connection(host, port)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    status, _, _ = await conn.request("GET", path, ["Accept: */*"])
                except (OSError, asyncio.IncompleteReadError, ConnectionLost):
                    status = "connection error"
                    conn.close()
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            conn.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.monotonic() - started
    ok = statuses.get(200, 0)
    return {
        "path": path,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "errors": len(latencies) - ok,
        "statuses": {str(k): v for k, v in statuses.items()},
        **percentiles(latencies),
    }


def sign_headers(*, session_cookie: str, session_key: str, csrf_cookie: str, csrf: str, origin):
    return [
        f"Cookie: {session_cookie}={session_key}; {csrf_cookie}={csrf}",
        f"X-CSRFToken: {csrf}",
        f"Origin: {origin}",
        f"Referer: {origin}/",
        "Content-Type: application/x-www-form-urlencoded",
    ]


async def sign_requests(host, port, slots, *, seconds: float, make_headers) -> tuple[list, float]:
    """Each slot signs from its queue of (petition uid, user id, session key) until the deadline.

    A slot's queue is an iterator, so a slot may switch petitions as it goes. Returns the records
    [(slot, uid, user_id, status, location, messages cookie, seconds)] and the elapsed time.
    """
    deadline = time.monotonic() + seconds
    records = []

    async def worker(slot, queue):
        conn = Connection(host, port)
        try:
            for uid, user_id, session_key in queue:
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter()
                location = messages = None
                try:
                    status, headers, _ = await conn.request(
                        "POST", f"/p/{uid}/sign/", make_headers(session_key)
                    )
                    for name, value in headers:
                        if name == "location":
                            location = value
                        elif name == "set-cookie" and value.startswith("messages="):
                            messages = value
                except (OSError, asyncio.IncompleteReadError, ConnectionLost):
                    status = "connection error"
                    conn.close()
                elapsed = time.perf_counter() - started
                records.append((slot, uid, user_id, status, location, messages, elapsed))
        finally:
            conn.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(slot, queue) for slot, queue in enumerate(slots)))
    return records, time.monotonic() - started
