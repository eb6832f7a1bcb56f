"""Running a job in several threads at once, each with its own database connection."""

import threading

from django.db import connection


def run_at_once(job, runs=2) -> list:
    """Run `job` in `runs` threads released together by a barrier; returns their results.

    Fails the test if any run raised.
    """
    barrier = threading.Barrier(runs)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(job())
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
