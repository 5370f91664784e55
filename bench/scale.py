"""How server time grows with the data (issue 7 item 4): certificate lookups, the third-party
query, the desk and review queues and the statistics page at 10k / 100k (and 1M) certificates.

    .venv/bin/python bench/scale.py            # throwaway PostgreSQL database, prints a table
    BENCH_FULL=1 .venv/bin/python bench/scale.py   # adds 1M certificates

``measure(database_env, full)`` is what ``make bench`` calls. For each size it builds the data
with ``manage.py bench_data`` and then runs this file again as a worker (``--worker``) in a
subprocess with the given environment, so Django is configured exactly as the caller's
database and settings say. The worker times each path in-process (median of several calls
after a warm-up: server time, no network, no load generator), captures the SQL each path runs
and saves ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement on a large table, listing the
Seq Scans on large tables. A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# (label, certificates, applications at the big agency)
SIZES = [("10k", 10_000, 10_000), ("100k", 100_000, 100_000)]
FULL_SIZES = [("1m", 1_000_000, 100_000)]
# Tables whose size grows with the country: a Seq Scan on one of them is a finding.
LARGE_TABLES = (
    "certificates_certificate",
    "certificates_registrationrecord",
    "certificates_certificatelookup",
    "registration_application",
    "registration_decision",
    "accounts_user",
    "audit_auditevent",
)
PAGE_RUNS = 15
LOOKUP_RUNS = 51
STANDALONE_DB = "teacherreg_scale"
STANDALONE_SERVER = "postgres://postgres@127.0.0.1:5432"


# --- the caller's side ---------------------------------------------------------------------------


def _env(database_env: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **database_env, "TEACHERREG_BENCH_DATA_ALLOWED": "1", "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603 — our own commands
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done.stdout


def _manage(env: dict[str, str], *args: str) -> str:
    return _run([PYTHON, "manage.py", *args], env)


def measure(database_env: dict[str, str], full: bool) -> dict[str, Any]:
    """``{"scale": {size: {query: ms}}, "explain": {size: {query: text}}, "seq_scans": {size:
    {query: [table, …]}}, "build_s": {size: seconds}}`` for the database ``database_env`` names.

    Writes bench rows (all under the ``基准·`` province) and removes them again at the end.
    """
    env = _env(database_env)
    _manage(env, "load_reference")  # idempotent; the bench rows need its regions and types
    result: dict[str, Any] = {"scale": {}, "explain": {}, "seq_scans": {}, "build_s": {}}
    try:
        for label, certificates, applications in SIZES + (FULL_SIZES if full else []):
            started = time.perf_counter()
            _manage(
                env, "bench_data", "--reset", "--certificates", str(certificates), "--applications", str(applications)
            )
            result["build_s"][label] = round(time.perf_counter() - started, 1)
            output = _run([PYTHON, str(Path(__file__).resolve()), "--worker"], env)
            figures = json.loads(output.strip().splitlines()[-1])
            for key in ("scale", "explain", "seq_scans"):
                result[key][label] = figures[key]
    finally:
        _manage(env, "bench_data", "--reset")
    return result


# --- the worker (runs with Django set up) -------------------------------------------------------


class Capture:
    """Every SELECT a block runs, with its parameters (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: connection, caches, first template compile
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def _explain(statements: list[tuple[str, Any]]) -> tuple[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement on a large table; the Seq Scans found."""
    from django.db import connection

    texts, seq_scans = [], []
    for sql, params in statements:
        tables = [t for t in LARGE_TABLES if f'"{t}"' in sql]
        if not tables:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        seq_scans += [t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in LARGE_TABLES]
        texts.append(f"-- {sql}\n-- params: {params!r}\n{plan}")
    return "\n\n".join(texts), sorted(set(seq_scans))


def _staff_client(username: str) -> Any:
    """A client whose session is signed in and has passed the second factor, built directly
    (the login form, captcha and TOTP are not what is measured here)."""
    from django.conf import settings
    from django.test import Client

    from teacherreg.accounts.models import User
    from teacherreg.office.second_factor import VERIFIED, _fingerprint

    hosts = [h for h in settings.ALLOWED_HOSTS if h not in {"*"} and not h.startswith(".")]
    client = Client(HTTP_HOST=hosts[0] if hosts else "testserver")
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    session[VERIFIED] = {"seed": _fingerprint(user), "at": time.time()}
    session.save()
    return client


def _page(client: Any, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return get


def _paths() -> dict[str, tuple[Callable[[], object], int]]:
    """Each measured path as a callable, with how many times to run it."""
    import itertools

    from django.urls import reverse

    from teacherreg.certificates.models import Certificate
    from teacherreg.certificates.services import third_party
    from teacherreg.common.fields import index_for
    from teacherreg.common.normalise import certificate_number
    from teacherreg.demo.bench_world import PREFIX, STAFF_PREFIX

    # A spread of bench certificates (decrypting their holders' numbers on the way).
    bench = Certificate.objects.filter(issuing_agency__name__startswith=PREFIX).order_by("pk")
    total = bench.count()
    samples = [bench[i] for i in range(0, total, max(total // 40, 1))][:40]
    cycle = itertools.cycle(samples)
    counter = itertools.count()

    def by_index() -> object:
        cert = next(cycle)
        return list(
            Certificate.objects.filter(holder_document_index=index_for("document_number", cert.holder_document_number))
        )

    def by_number() -> object:
        return Certificate.objects.filter(number=certificate_number(next(cycle).number)).first()

    def third_party_query() -> object:
        # The service path after the captcha and the SMS code, which are replaced here at the
        # service boundary: the limits check, then the query (it logs the lookup and audits).
        cert, n = next(cycle), next(counter)
        phone, ip = f"1770000{n % 10000:04d}", f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        third_party.within_limits(phone=phone, ip=ip, document_number=cert.holder_document_number)
        found = third_party.query(
            name=cert.holder_name,
            document_number=cert.holder_document_number,
            certificate_number=cert.number,
            phone=phone,
            ip=ip,
        )
        if found is None:
            raise RuntimeError("the third-party query found no bench certificate")
        return found

    operator = _staff_client(STAFF_PREFIX + "operator")
    county = _staff_client(STAFF_PREFIX + "county")
    return {
        "certificate_by_index": (by_index, LOOKUP_RUNS),
        "certificate_by_number": (by_number, LOOKUP_RUNS),
        "third_party_query": (third_party_query, LOOKUP_RUNS),
        "desk_queue": (_page(operator, reverse("office:desk_queue")), PAGE_RUNS),
        "review_queue": (_page(county, reverse("office:review_queue")), PAGE_RUNS),
        "statistics": (_page(county, reverse("office:statistics")), PAGE_RUNS),
    }


def worker() -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    figures: dict[str, Any] = {"scale": {}, "explain": {}, "seq_scans": {}}
    for name, (action, runs) in _paths().items():
        figures["scale"][name] = _median_ms(action, runs)
        capture = Capture()
        with connection.execute_wrapper(capture):
            action()
        if connection.vendor == "postgresql":
            figures["explain"][name], figures["seq_scans"][name] = _explain(capture.statements)
    return figures


# --- standalone -----------------------------------------------------------------------------------


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{STANDALONE_SERVER}/postgres", "-qc", sql], check=True, capture_output=True)  # noqa: S603, S607


def print_table(result: dict[str, Any]) -> None:
    sizes = list(result["scale"])
    names = list(next(iter(result["scale"].values()), {}))
    print(f"{'server time, median ms':<26}" + "".join(f"{s:>12}" for s in sizes))
    for name in names:
        print(f"{name:<26}" + "".join(f"{result['scale'][s][name]:>12.2f}" for s in sizes))
    print(f"{'build (bench_data) s':<26}" + "".join(f"{result['build_s'][s]:>12.1f}" for s in sizes))
    for size in sizes:
        found = {q: t for q, t in result["seq_scans"].get(size, {}).items() if t}
        print(f"Seq Scans on large tables at {size}: {found or 'none'}")


def main() -> None:
    full = os.environ.get("BENCH_FULL", "") not in {"", "0"}
    with tempfile.TemporaryDirectory(prefix="teacherreg-scale-") as var_dir:
        env = {
            "DATABASE_URL": f"{STANDALONE_SERVER}/{STANDALONE_DB}",
            "REDIS_URL": "",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "0",
            "TEACHERREG_VAR_DIR": var_dir,
        }
        _psql(f"DROP DATABASE IF EXISTS {STANDALONE_DB}")
        _psql(f"CREATE DATABASE {STANDALONE_DB}")
        try:
            full_env = _env(env)
            _manage(full_env, "migrate", "--noinput")
            _manage(full_env, "createcachetable")
            result = measure(env, full)
        finally:
            _psql(f"DROP DATABASE IF EXISTS {STANDALONE_DB} WITH (FORCE)")
    out = Path(tempfile.gettempdir()) / "teacherreg-scale-explain.txt"
    out.write_text(
        "\n\n".join(f"## {s} · {q}\n{text}" for s, plans in result["explain"].items() for q, text in plans.items()),
        encoding="utf-8",
    )
    print_table(result)
    print(f"EXPLAIN (ANALYZE, BUFFERS) of every statement: {out}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        print(json.dumps(worker(), ensure_ascii=False))
    else:
        main()
