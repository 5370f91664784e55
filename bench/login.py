"""Logins per second with the production password hasher (issue 7 item 3), measured apart from
the pages because a login is bound by password hashing, not by the web stack.

``python bench/login.py SECONDS`` under the bench's production settings: one applicant gets a
known password, then 2 processes (one per web worker of the bench server) call Django's
``authenticate`` with the applicant's document number for SECONDS each, through the real
backends (django-axes' lockout check, the blind-index lookup, the hash check). Prints one
``BENCH_LOGIN {...}`` line. A login through the site adds the captcha check and the session
write, a few milliseconds next to the hash.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROCESSES = 2
PASSWORD = "Bench-2026-login"  # noqa: S105 (a throwaway account in a throwaway database)


def _worker(document_number: str, seconds: float, results: Any) -> None:
    from django.contrib.auth import authenticate
    from django.db import connections
    from django.test import RequestFactory

    request = RequestFactory().post("/account/login/", REMOTE_ADDR="127.0.0.1")
    done = 0
    failed = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        if authenticate(request, document_number=document_number, password=PASSWORD) is None:
            failed += 1
        done += 1
    results.put((done, failed, time.perf_counter() - start))
    connections.close_all()


def measure(seconds: float) -> dict[str, Any]:
    from django.contrib.auth.hashers import check_password, get_hasher
    from django.db import connections

    from teacherreg.accounts.models import User, UserKind

    user = User.objects.filter(kind=UserKind.APPLICANT, is_active=True).order_by("pk").first()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    hasher = get_hasher()
    start = time.perf_counter()
    check_password(PASSWORD, user.password)
    hash_ms = (time.perf_counter() - start) * 1000
    number = user.document_number
    connections.close_all()  # each forked worker opens its own connection

    results: Any = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_worker, args=(number, seconds, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(10)
    logins = sum(done for done, _, _ in found)
    elapsed = max(took for _, _, took in found)
    return {
        "hasher": hasher.algorithm,
        "iterations": getattr(hasher, "iterations", None),
        "processes": PROCESSES,
        "seconds": elapsed,
        "logins": logins,
        "failed": sum(failed for _, failed, _ in found),
        "logins_per_s": logins / elapsed,
        "hash_ms": hash_ms,
        "login_ms": PROCESSES * elapsed * 1000 / logins if logins else None,
    }


def main() -> None:
    import django

    if os.environ.get("DJANGO_SETTINGS_MODULE") != "config.settings.production":
        raise SystemExit("login.py runs under config.settings.production (bench/run.py sets it).")
    django.setup()
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    print("BENCH_LOGIN " + json.dumps(measure(seconds)))


if __name__ == "__main__":
    main()
