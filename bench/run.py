"""``make bench``: the production configuration under load, unit costs and scale, one report.

Run: ``.venv/bin/python bench/run.py`` (``make bench`` installs wrk first). Environment:
``BENCH_SECONDS`` (per page, default 10), ``BENCH_LOGIN_SECONDS`` (default 10),
``BENCH_FULL=1`` (the 1-million-certificate scale run), ``BENCH_SCALE=0`` (skip scale, for a
quick look at the pages), ``BENCH_DATABASE_URL`` and
``BENCH_REDIS_URL`` (default: loopback PostgreSQL database ``teacherreg_bench``, Redis DB 13).

Order: a throwaway PostgreSQL database is created, migrated and seeded; gunicorn (2 workers,
production settings) serves it while wrk measures the baseline, each page and the baseline
again; the server stops; the scale-out check (``bench/scale_out.py``: two instances behind a
round-robin proxy, on a database of its own; ``BENCH_SCALE_OUT=0`` skips it) runs; then
logins, unit costs and scale run without a server, so nothing competes for the 2 cores.
The server is stopped and the database dropped whatever happens (``finally``, ``atexit``
and SIGINT/SIGTERM).
"""

from __future__ import annotations

import atexit
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment, report, scale_out, wrk
from bench.environment import PYTHON, ROOT, BenchConfig
from bench.server import Server, free_port

RESULTS = ROOT / "bench" / "results"
WARM_REQUESTS = 20


def _seconds(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of seconds ≥ 1, got {raw!r}.")
    return int(raw)


def _step(text: str) -> None:
    print(f"== {text}", flush=True)


def _run(args: list[str], env: dict[str, str], *, timeout: float = 900) -> str:
    """Run a child with the bench environment; its output, or an error naming the command."""
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
    return done.stdout


def _tagged(output: str, tag: str) -> dict[str, Any]:
    for line in output.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise RuntimeError(f"no {tag} line in:\n{output[-2000:]}")


class Bench:
    def __init__(self, config: BenchConfig) -> None:
        self.config = config
        self.env = environment.child_env(environment.production_env(config))
        self.var = config.var_dir
        self.server = Server(self.var / "gunicorn.pid", self.var / "gunicorn.log", free_port())
        self.database_made = False
        self.cleaned = False
        self.load_before = self.load_after = 0.0

    # --- always undone ----------------------------------------------------------------

    def cleanup(self) -> None:
        if self.cleaned:
            return
        self.cleaned = True
        self.server.stop()
        if self.database_made:
            try:
                environment.drop_database(self.config)
                environment.flush_redis(self.config)
            except Exception as exc:  # report, never mask the real error
                print(f"cleanup: {exc}", file=sys.stderr)

    # --- the steps --------------------------------------------------------------------

    def prepare(self) -> dict[str, Any]:
        _step(f"database {self.config.database_name}, Redis {self.config.redis_url}")
        self.var.mkdir(parents=True, exist_ok=True)
        environment.create_database(self.config)
        self.database_made = True
        environment.flush_redis(self.config)
        manage = [str(PYTHON), "manage.py"]
        _run([*manage, "migrate", "--noinput", "-v0"], self.env)
        _run([*manage, "load_reference"], self.env)
        _run([*manage, "collectstatic", "--noinput", "--clear", "-v0"], self.env)
        _step("seeding: demo world, a full desk queue, two signed-in sessions")
        seed_file = self.var / "seed.json"
        _run([str(PYTHON), "bench/seed.py", str(seed_file)], self.env)
        return json.loads(seed_file.read_text())

    def warm(self, endpoint: dict[str, Any], cookie: str) -> None:
        """A few requests per page before measuring; each must be a 200 of the right type."""
        paths = endpoint["paths"] or [endpoint["path"]]
        for turn in range(WARM_REQUESTS):
            headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
            url = self.server.url + paths[turn % len(paths)]
            request = urllib.request.Request(url, headers=headers)  # noqa: S310
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                kind = response.headers.get("Content-Type", "")
                response.read()
                if response.status != 200 or not kind.startswith(endpoint["content_type"]):
                    raise RuntimeError(f"{endpoint['name']}: {response.status} {kind}, not a 200 page")

    def pages(
        self, seed: dict[str, Any], seconds: int
    ) -> tuple[list[float], dict[str, Any], dict[str, Any], dict[str, Any]]:
        _step(f"gunicorn, 2 workers, production settings on {self.server.url}")
        self.server.start(self.env)
        self.server.wait_ready("/bench/baseline/")
        cookie_name = "__Host-sessionid"  # production.SESSION_COOKIE_NAME
        measured: dict[str, Any] = {}
        floors: dict[str, Any] = {}
        baselines: list[float] = []
        self.load_before = os.getloadavg()[0]
        endpoints = seed["endpoints"]
        baseline = next(e for e in endpoints if e["kind"] == "baseline")
        order = [baseline, *[e for e in endpoints if e["kind"] != "baseline"], baseline]
        for endpoint in order:
            cookie = f"{cookie_name}={endpoint['session']}" if endpoint["session"] else ""
            self.warm(endpoint, cookie)
            url = self.server.url + endpoint["path"]
            result, output = wrk.run(url, seconds=seconds, cookie=cookie, paths=tuple(endpoint["paths"]))
            (self.var / f"wrk-{endpoint['name']}.txt").write_text(output)
            print(f"   {endpoint['name']:<20} {result.rps:8.0f} req/s  p99 {result.p99_ms:7.1f} ms", flush=True)
            if endpoint["kind"] == "baseline":
                baselines.append(result.rps)
            elif endpoint["kind"] == "floor":
                floors[endpoint["name"]] = result
            else:
                measured[endpoint["name"]] = (endpoint["kind"], result)
        self.server.stop()
        self.load_after = os.getloadavg()[0]
        baseline_rps = sum(baselines) / len(baselines)
        figures = {
            name: report.endpoint_figures(kind, r.rps, r.p50_ms, r.p99_ms, r.errors, baseline_rps)
            for name, (kind, r) in measured.items()
        }
        floor_figures = {
            name: report.endpoint_figures("floor", r.rps, r.p50_ms, r.p99_ms, r.errors, baseline_rps)
            for name, r in floors.items()
        }
        return baselines, figures, seed["profile"], floor_figures

    def scale_out(self) -> dict[str, Any]:
        """Two instances behind a round-robin proxy share what they write (``bench/scale_out.py``);
        it makes, serves and drops a database of its own, whatever happens."""
        if os.environ.get("BENCH_SCALE_OUT", "1") == "0":
            return scale_out.not_run("BENCH_SCALE_OUT=0: not run")
        _step("scale-out: two instances behind a round-robin proxy")
        found = scale_out.measure(self.config)
        print("   " + scale_out.summary(found).replace("\n", "\n   "), flush=True)
        return found

    def login(self, seconds: int) -> dict[str, Any]:
        _step(f"logins with the production hasher, 2 processes, {seconds} s")
        return _tagged(_run([str(PYTHON), "bench/login.py", str(seconds)], self.env), "BENCH_LOGIN")

    def units(self) -> dict[str, dict[str, Any]]:
        found = {}
        for name in ("pdf", "photo", "xlsx", "submit"):
            _step(f"unit cost: {name}")
            found[name] = _tagged(_run([str(PYTHON), "-m", "bench.units", name], self.env), "BENCH_UNIT")
        return found

    def scale(self, full: bool) -> tuple[dict, dict, dict, str]:
        """``bench/scale.py``'s figures and plans, if that module is there."""
        if os.environ.get("BENCH_SCALE", "1") == "0":
            return {}, {}, {}, "BENCH_SCALE=0: scale not measured."
        if not (ROOT / "bench" / "scale.py").exists():
            return {}, {}, {}, "bench/scale.py is not there yet: scale not measured."
        _step("scale (bench/scale.py)" + (" with BENCH_FULL=1" if full else ""))
        try:
            from bench import scale

            found = scale.measure(dict(self.env), full)
        except Exception as exc:  # the rest of the report still stands
            text = f"{type(exc).__name__}: {exc}"
            (self.var / "scale-error.txt").write_text(text)
            last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
            return {}, {}, {}, f"scale failed ({last}); the whole error is in {self.var / 'scale-error.txt'}."
        extra = {key: value for key, value in found.items() if key not in {"scale", "explain"}}
        return found.get("scale", {}), found.get("explain", {}), extra, ""


def _unit_figures(units: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    return {
        "pdf_p50_ms": round(units["pdf"]["cold_p50_ms"], 2),
        "photo_fix_ms": round(units["photo"]["fix_ms"], 2),
        "xlsx_100k_s": round(units["xlsx"]["seconds"], 2),
        "xlsx_100k_peak_mb": round(units["xlsx"]["peak_rss_mb"], 1),
        "submit_ms": round(units["submit"]["p50_ms"], 2),
    }


def _unit_why(units: dict[str, dict[str, Any]]) -> dict[str, str]:
    pdf, photo, xlsx = units["pdf"], units["photo"], units["xlsx"]
    return {
        "pdf_p50_ms": (
            f"Rendering with ReportLab costs {pdf['cold_p50_ms']:.0f} ms against {pdf['baseline_p50_ms']:.1f} ms for a "
            f"one-line page; the cached file is served in {pdf['cached_p50_ms']:.2f} ms, so pre-rendering after "
            "submission (the worker) takes it off the request."
        ),
        "photo_fix_ms": (
            f"Of {photo['fix_ms']:.0f} ms, decoding and shrinking the 12 MP original takes "
            f"{photo['prepare_ms']:.0f} ms "
            f"(Pillow's own decode + encode of it: {photo['baseline_ms']:.0f} ms) and the crop + quality search "
            f"{photo['render_ms']:.0f} ms. A smaller draft decode (JPEG draft mode to 1/4 scale) and fewer quality "
            "steps would bring it under 80 ms."
        ),
        "xlsx_100k_s": (
            f"{xlsx['rows']:,} rows in {xlsx['seconds']:.1f} s is "
            f"{xlsx['seconds'] / xlsx['rows'] * 1e6:.0f} µs a row of "
            "15 string cells through xlsxwriter (constant_memory) plus masking; the database read comes on top. "
            "Writing prepared row lists with write_row, and masking in one pass, would cut the per-cell calls."
        ),
        "xlsx_100k_peak_mb": "The whole process's peak, Django included.",
    }


def _login_justification(login: dict[str, Any]) -> str:
    per_core = 1000 / login["login_ms"] if login.get("login_ms") else 0
    # 4 million applications in about 3 weeks; sign-ins per applicant and the peak factor are
    # our assumptions, written out so the reader can change them.
    average = 4_000_000 * 3 / (21 * 10 * 3600)
    peak = average * 3
    cores = peak / per_core if per_core else float("inf")
    return (
        "Why these parameters: production sets no PASSWORD_HASHERS, so Django 5.2's default applies "
        f"({login['hasher']}, {login['iterations']:,} iterations), above OWASP's 600,000 minimum for "
        "PBKDF2-HMAC-SHA256, and a stolen hash costs an attacker the same per guess. The price: about "
        f"{per_core:.1f} logins/s per core here. 4 million applicants signing in 3 times each over 3 weeks "
        f"of 10-hour days is {average:.0f} logins/s on average, ~{peak:.0f}/s in a peak hour at 3×: about "
        f"{cores:.0f} cores of hashing across the web fleet, which is affordable; lowering the count would weaken "
        "every stored hash to save a few servers for a few weeks a year."
    )


def _settings(config: BenchConfig, seconds: int, full: bool) -> dict[str, Any]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": False,
        "server": "gunicorn, 2 sync workers",
        "connections": wrk.CONNECTIONS,
        "seconds per page": seconds,
        "database": f"PostgreSQL {config.database_name} (throwaway)",
        "cache and queue": f"Redis {config.redis_url.rsplit('@', 1)[-1]}",
        "sessions": (
            "database (read with a statement written once, ADR 0010), "
            "written when changed (activity stamp at 60 s resolution)"
        ),
        "anonymous public pages": "page cache in Redis (teacherreg.common.page_cache)",
        "WSGI": "URL configuration imported and gc.freeze() at start (config/wsgi.py)",
        "BENCH_FULL": int(full),
    }


def _notes(bench: Bench, full: bool, scale_note: str, units: dict[str, dict[str, Any]]) -> list[str]:
    submit = units["submit"]
    notes = [
        f"Load average (1 min) as the pages started: {bench.load_before:.2f}; as they ended: "
        f"{bench.load_after:.2f}. Above ~0.3 at the start, other programs shared the cores and every "
        "figure is lower than this machine can do alone.",
        "Signed-in pages use sessions written with Django's session engine (the login needs a captcha, "
        "the office a TOTP code); they hold what a real sign-in leaves, so every request runs the same checks.",
        "TLS is the proxy's job: wrk sends `X-Forwarded-Proto: https`, so HTTPS redirects and secure cookies stay on.",
        "wrk runs on the same 2 cores as the server, the database and Redis; the absolute figures are this "
        "machine's, the ratios are what compares across machines.",
        "The in-process profile (SQL queries, ms) is the fastest of three requests per page, after two, "
        "through Django's test client under the same settings and data.",
        f"Submission: {submit['callers']} applicants submitting at once (threads, one process, PostgreSQL): "
        f"p50 {submit['p50_ms']:.0f} ms, p95 {submit['p95_ms']:.0f} ms, all done in {submit['wall_ms']:.0f} ms, "
        f"{submit['errors']} errors; one caller alone {submit['alone_ms']:.0f} ms. The threads share one GIL and "
        "2 cores, so the concurrent figure is mostly waiting for CPU; the agency's number counter row lock "
        "serialises the rest.",
        "The xlsx figure is the writer over 100,000 synthetic rows; the worker's database read and decryption "
        "are not in it.",
    ]
    if scale_note:
        notes.append(scale_note)
    if not full:
        notes.append("BENCH_FULL=1 adds the 1-million-certificate scale run.")
    return notes


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (scripts/ensure-system-packages.sh wrk).")
    config = environment.config_from_environment()
    seconds = _seconds("BENCH_SECONDS", 10)
    login_seconds = _seconds("BENCH_LOGIN_SECONDS", 10)
    full = os.environ.get("BENCH_FULL", "") == "1"
    started = datetime.datetime.now().astimezone()
    clock = time.monotonic()
    bench = Bench(config)
    atexit.register(bench.cleanup)

    def interrupted(signum: int, frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    try:
        seed = bench.prepare()
        versions = environment.versions(config)
        baselines, endpoints, profile, floors = bench.pages(seed, seconds)
        scale_out_found = bench.scale_out()
        login = bench.login(login_seconds)
        units = bench.units()
        scale, explain, scale_extra, scale_note = bench.scale(full)
    finally:
        bench.cleanup()

    baseline_rps = sum(baselines) / len(baselines)
    unit = _unit_figures(units)
    data = report.latest(baseline_rps, endpoints, unit, scale, scale_out_found, floors)
    problems = report.shape_errors(data)
    if problems:
        raise SystemExit("latest.json would not have issue 7's shape: " + "; ".join(problems))
    baseline_ms = profile.get("baseline", {}).get("ms", 0.0)
    verdicts = [
        *report.endpoint_verdicts(endpoints, profile, baseline_ms, floors),
        *report.unit_verdicts(unit, _unit_why(units)),
        *report.scale_verdicts(scale),
        *report.scale_out_verdicts(scale_out_found),
    ]
    context = {
        "started": started,
        "machine": environment.machine(),
        "versions": versions,
        "settings": _settings(config, seconds, full),
        "data": data,
        "profile": profile,
        "login": login,
        "login_justification": _login_justification(login),
        "units": units,
        "baselines": baselines,
        "verdicts": verdicts,
        "explain": explain,
        "scale_extra": scale_extra,
        "scale_note": scale_note,
        "notes": _notes(bench, full, scale_note, units),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    markdown_path = RESULTS / f"{started:%Y-%m-%d-%H%M%S}.md"
    markdown_path.write_text(report.markdown(context))
    (RESULTS / "latest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    print()
    print(report.summary(data, verdicts))
    print(f"login: {login['logins_per_s']:.1f}/s ({login['hasher']}, {login['iterations']:,} iterations)")
    print(f"report: {markdown_path.relative_to(ROOT)}, bench/results/latest.json ({time.monotonic() - clock:.0f} s)")


if __name__ == "__main__":
    main()
