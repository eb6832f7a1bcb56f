"""Profile the sign path in one process: `tests/services.sh .venv/bin/python bench/profile_sign.py`.

Signs a petition as N distinct signed-in citizens through Django's full request handler
(middleware, view, service) with production settings, prints milliseconds per signature and
the functions where the time goes (cProfile, by cumulative time).
"""

import cProfile
import datetime
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIGNERS, WARM_UP, PROFILED = 1500, 100, 800


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only-" + "x" * 40)
    os.environ.setdefault("SIGNATURE_LOG_NULLIFIER_KEY", "bench-only-nullifier-key")
    os.environ.setdefault(
        "SIGNATURE_LOG_SIGNING_KEY", "YmVuY2gtb25seS10cmVlLWhlYWQta2V5LTMyYnl0ZXM="
    )
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from accounts.iin import make_iin
    from accounts.models import User
    from agencies.models import Agency
    from petitions import services
    from tests.factories import ModeratorFactory, UserFactory

    call_command("migrate", verbosity=0)
    author, moderator = UserFactory(), ModeratorFactory()
    petition = services.petition_create(
        author=author,
        agency=Agency.objects.get(code="akimat-kz-75"),
        title="Profile",
        problem="p",
        request="r",
        language="kk",
    )
    services.petition_submit(petition=petition, author=author)
    services.petition_publish(petition=petition, moderator=moderator)
    password = make_password("unused")
    first_day = datetime.date(1970, 1, 1)
    users = User.objects.bulk_create(
        User(
            iin=make_iin(first_day + datetime.timedelta(days=n), "male", 7000),
            password=password,
            first_name="A",
            last_name="B",
            region_code="KZ-75",
            identity_verified_at=timezone.now(),
        )
        for n in range(SIGNERS)
    )
    sessions = []
    for user in users:  # a sign-in each, as a citizen would (this also caches the user)
        signer = Client()
        signer.force_login(user)
        sessions.append(signer.cookies[settings.SESSION_COOKIE_NAME].value)

    client, url = Client(), f"/p/{petition.uid}/sign/"

    def sign(session_key: str) -> None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        client.cookies.pop("messages", None)
        response = client.post(url)
        if response.status_code != 302 or "/p/" not in response["Location"]:
            raise RuntimeError(f"signing failed: {response.status_code}")

    for key in sessions[:WARM_UP]:
        sign(key)
    started = time.perf_counter()
    for key in sessions[WARM_UP : WARM_UP + PROFILED // 2]:
        sign(key)
    per_signature = (time.perf_counter() - started) / (PROFILED // 2) * 1000
    print(f"{per_signature:.2f} ms per signature, unprofiled")
    profile = cProfile.Profile()
    profile.enable()
    for key in sessions[WARM_UP + PROFILED // 2 : WARM_UP + PROFILED]:
        sign(key)
    profile.disable()
    report = io.StringIO()
    pstats.Stats(profile, stream=report).sort_stats("cumulative").print_stats(40)
    print(report.getvalue())


if __name__ == "__main__":
    main()
