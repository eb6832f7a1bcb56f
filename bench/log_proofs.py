"""What a proof costs on a big log: `tests/services.sh .venv/bin/python bench/log_proofs.py`.

Builds a petition whose signature log holds SIZES leaves (random leaf hashes written straight
into the table, with the kept subtree roots, as the log job would leave them), then times,
through the selectors the public endpoints call, the latest head, an inclusion proof of a leaf
in the middle and a consistency proof between half the log and all of it. Proofs read at most
two runs of 256 leaves and O(log n) kept roots, so their cost barely grows with the log.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
ROUNDS = 5


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("SIGNATURE_LOG_NULLIFIER_KEY", "bench-only-nullifier-key")
    os.environ.setdefault(
        "SIGNATURE_LOG_SIGNING_KEY", "YmVuY2gtb25seS10cmVlLWhlYWQta2V5LTMyYnl0ZXM="
    )
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def grow(petition, size: int) -> None:
    """Write leaves up to `size` with COPY, and the log state and a signed head to match."""
    from django.db import connection

    from petitions.models import LogLeaf, PetitionLog
    from petitions.services.log import growing, subtrees_save, tree_head_sign

    state, _ = PetitionLog.objects.get_or_create(petition=petition)
    frontier = growing(state)
    columns = "(petition_id, index, kind, data, leaf_hash, nullifier)"
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {LogLeaf._meta.db_table} {columns} FROM STDIN") as copy,
    ):
        for index in range(state.size, size):
            digest = secrets.token_bytes(32)
            frontier.append(digest)
            copy.write_row((petition.pk, index, "signature", "{}", digest, ""))
    subtrees_save(petition, frontier)
    state.size, state.frontier = frontier.size, frontier.to_list()
    state.save()
    tree_head_sign(petition, size=size, root=frontier.root())


def timed(call) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from agencies.models import Agency
    from petitions import selectors, services
    from tests.factories import ModeratorFactory, UserFactory

    call_command("migrate", verbosity=0)
    author, moderator = UserFactory(), ModeratorFactory()
    petition = services.petition_create(
        author=author,
        agency=Agency.objects.get(code="akimat-kz-75"),
        title="Proofs",
        problem="p",
        request="r",
        language="kk",
    )
    services.petition_submit(petition=petition, author=author)
    services.petition_publish(petition=petition, moderator=moderator)
    print(f"{'leaves':>10} {'head ms':>8} {'inclusion ms':>13} {'consistency ms':>15}")
    for size in SIZES:
        grow(petition, size)
        head = timed(lambda: selectors.log_latest_head(petition))
        inclusion = timed(lambda s=size: selectors.log_inclusion(petition, index=s // 2, size=s))
        consistency = timed(
            lambda s=size: selectors.log_consistency(petition, first=s // 2, second=s)
        )
        print(f"{size:>10,} {head:>8.1f} {inclusion:>13.1f} {consistency:>15.1f}")


if __name__ == "__main__":
    main()
