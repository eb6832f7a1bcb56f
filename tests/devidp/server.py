"""Start the stand-in eGov (devidp/) in its own process, for tests of either side of OIDC.

    idp = start_idp(tmp_path, redirect_uris=["http://127.0.0.1:8000/accounts/egov/login/callback/"])
    try:
        requests.get(idp.discovery_url)
    finally:
        idp.stop()

It gets its own SQLite database, signing key and NCA directory under tmp_dir, and none of the
portal's settings: DJANGO_*, DATABASE_URL and REDIS_URL are kept out of its environment.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
MANAGE = REPO_ROOT / "devidp" / "manage.py"
STARTUP_SECONDS = 30
# Whatever configures the portal must not reach the stand-in.
INHERITED_PREFIXES_DROPPED = ("DJANGO_", "DEVIDP_", "DATABASE_URL", "REDIS_URL", "CELERY_")


@dataclass
class IdpProcess:
    base_url: str  # e.g. http://127.0.0.1:41234, no trailing slash
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    eds_dir: Path  # the stand-in NCA: root.pem, crl.pem, citizens/<iin>/{cert,key}.pem
    log_path: Path
    process: subprocess.Popen

    @property
    def issuer(self) -> str:
        return self.base_url  # allauth's issuer is the site root without its slash

    @property
    def discovery_url(self) -> str:
        return f"{self.base_url}/.well-known/openid-configuration"

    @property
    def sign_url(self) -> str:
        return f"{self.base_url}/eds/sign/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_idp(
    tmp_dir: Path,
    *,
    redirect_uris: Sequence[str],
    client_id: str = "qoldau-test",
    client_secret: str = "qoldau-test-secret",
    return_origins: Sequence[str] = ("http://127.0.0.1:8000",),
) -> IdpProcess:
    """Set up the stand-in under tmp_dir, serve it on a free loopback port, wait until it answers.

    A redirect URI on http://127.0.0.1 matches any port (allauth treats loopback URIs so, after
    RFC 8252), so a live server's callback may be registered before its port is known.
    """
    tmp_dir.mkdir(parents=True, exist_ok=True)
    env = idp_environment(tmp_dir, return_origins)
    setup = [sys.executable, str(MANAGE), "devidp_setup"]
    setup += ["--client-id", client_id, "--client-secret", client_secret]
    for uri in redirect_uris:
        setup += ["--redirect-uri", uri]
    done = subprocess.run(  # noqa: S603 -- fixed command, arguments from the test itself
        setup, env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"devidp_setup failed:\n{done.stdout}\n{done.stderr}")

    port = _free_port()
    log_path = tmp_dir / "devidp-server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 -- fixed command, arguments from the test itself
            [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    idp = IdpProcess(
        base_url=f"http://127.0.0.1:{port}",
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=list(redirect_uris),
        eds_dir=tmp_dir / "eds",
        log_path=log_path,
        process=process,
    )
    try:
        _wait_until_serving(idp)
    except BaseException:
        idp.stop()
        raise
    return idp


def idp_environment(tmp_dir: Path, return_origins: Sequence[str]) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(INHERITED_PREFIXES_DROPPED)
    }
    env.update(
        DJANGO_SETTINGS_MODULE="devidp.settings",
        DEVIDP_DB=str(tmp_dir / "devidp.sqlite3"),
        DEVIDP_SIGNING_KEY=str(tmp_dir / "signing-key.pem"),
        DEVIDP_EDS_DIR=str(tmp_dir / "eds"),
        DEVIDP_RETURN_ORIGINS=",".join(return_origins),
        PYTHONUNBUFFERED="1",
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(idp: IdpProcess) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if idp.process.poll() is not None:
            raise RuntimeError(f"devidp exited:\n{idp.log_path.read_text(errors='replace')}")
        try:
            if requests.get(idp.discovery_url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"devidp did not answer within {STARTUP_SECONDS}s:\n"
        f"{idp.log_path.read_text(errors='replace')}"
    )
