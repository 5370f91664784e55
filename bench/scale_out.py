"""The scale-out check (issue 7 item 6): two web instances share PostgreSQL and Redis behind a
round-robin proxy, and what one instance wrote the other can use.

What runs: a throwaway database (``<bench database>_scaleout``, migrated, static files
collected) and a Redis DB of its own; two gunicorn instances (``bench.server.Server``, the
measured server's configuration: production settings, ``DEBUG`` off) on two free ports with
the same secret and field keys, as a fleet must have; the round-robin proxy of
``bench/proxy.py`` in front, in this process. A child process (``bench/scale_out_drive.py``)
then acts as a browser through the proxy and notes which instance answered each request.
The checks, judged here from what it saw:

1. ``captcha_across_instances``: a challenge issued by one instance is verified by the other,
   and the token is accepted by the instance that did not issue it as the login form's
   captcha (a wrong password gets the wrong-password message, not a captcha refusal).
2. ``session_on_both``: after a real sign-in (captcha and production hasher), the applicant's
   application list answers 200, signed in, on both instances with the same session.
3. ``submission_idempotent``: the pledge posted to one instance and the very same POST to the
   other leave exactly one application, whether the retry comes after the first committed or
   while it is still running (made certain by holding the draft's row lock until both wait).
4. ``retry_shows_application``: the retry after the first committed leads the applicant to the
   same application number.

Servers and proxy are always stopped and the database dropped (``finally``; alone, also at
exit and on SIGINT/SIGTERM). ``bench/run.py`` calls ``measure`` after the pages
(``BENCH_SCALE_OUT=0`` skips it). Alone: ``.venv/bin/python bench/scale_out.py``.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment
from bench.environment import PYTHON, ROOT, BenchConfig
from bench.proxy import Proxy, Upstream
from bench.server import WORKERS, Server, free_port

NAMES = ("a", "b")
# 15 is the suite's, 14 the deploy check's, 13 the page bench's: the scale-out keeps to 12.
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
DRIVE_TIMEOUT = 240
TAG = "BENCH_SCALE_OUT_SEEN"


def scale_out_config(base: BenchConfig) -> BenchConfig:
    """The bench's database server under another name (``…_scaleout``), its own Redis DB
    (``BENCH_SCALE_OUT_REDIS_URL``) and a folder under the bench's."""
    parsed = urlparse(base.database_url)
    database_url = urlunparse(parsed._replace(path=f"/{base.database_name}_scaleout"))
    return BenchConfig(
        database_url=database_url,
        redis_url=os.environ.get("BENCH_SCALE_OUT_REDIS_URL", DEFAULT_REDIS),
        var_dir=base.var_dir / "scale-out",
    )


# --- judging what the browser saw (pure) ---------------------------------------------------


@dataclass(frozen=True)
class Check:
    target: str
    passed: bool
    figure: str
    why: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "target": self.target,
            "figure": self.figure,
            "why": self.why,
            "evidence": self.evidence,
        }


def _instance(step: dict[str, Any] | None) -> str:
    return (step or {}).get("instance", "?")


def _status(step: dict[str, Any] | None) -> int:
    return int((step or {}).get("status", 0))


def _verdict(target: str, figure: str, failures: list[str], evidence: dict[str, Any]) -> Check:
    return Check(target, not failures, figure, "; ".join(failures) + ("." if failures else ""), evidence)


def judge_captcha(seen: dict[str, Any]) -> Check:
    issued, verified, used = (
        _instance(seen.get("challenge")),
        _instance(seen.get("verify")),
        _instance(seen.get("login")),
    )
    failures = []
    if not seen.get("answer_found"):
        failures.append(f"the challenge issued on {issued} was not found in the shared cache")
    elif not seen.get("verify_ok"):
        failures.append(f"verifying on {verified} failed: {seen.get('verify_message') or _status(seen.get('verify'))}")
    if issued == verified:
        failures.append(f"the challenge was issued and verified on the same instance ({issued})")
    if used == verified:
        failures.append(f"the token was issued and used on the same instance ({used})")
    if seen.get("captcha_refusal"):
        failures.append(f"the login on {used} refused the token: {seen['captcha_refusal']}")
    elif not seen.get("wrong_password_message"):
        failures.append(f"the login on {used} answered {_status(seen.get('login'))} without the wrong-password message")
    figure = f"challenge on {issued}, verified on {verified}, token accepted by the login on {used}"
    return _verdict("scale-out: a captcha issued by one instance verifies on the other", figure, failures, seen)


def judge_session(seen: dict[str, Any]) -> Check:
    pages = seen.get("pages") or []
    failures = []
    if not seen.get("signed_in"):
        failures.append(f"the sign-in on {_instance(seen.get('login'))} answered {_status(seen.get('login'))}")
    instances = sorted({_instance(page) for page in pages})
    if instances != sorted(NAMES):
        failures.append(f"the signed-in page was answered by {', '.join(instances) or 'nobody'}, not by both")
    for page in pages:
        if _status(page) != 200 or not page.get("signed_in"):
            failures.append(
                f"{_instance(page)} answered {_status(page)}{'' if page.get('signed_in') else ', not signed in'}"
            )
    if not seen.get("same_session"):
        failures.append("the session cookie changed between the instances")
    shown = ", ".join(f"{_status(p)} on {_instance(p)}" for p in pages)
    figure = f"signed in on {_instance(seen.get('login'))}; application list {shown or 'not fetched'}"
    return _verdict("scale-out: a session works on both instances", figure, failures, seen)


def judge_idempotent(after: dict[str, Any], overlapping: dict[str, Any]) -> Check:
    failures = []
    first, retry = after.get("first"), after.get("retry")
    if not after.get("first_number"):
        failures.append(f"the first submission on {_instance(first)} answered {_status(first)}, not its 申报提醒")
    if _instance(first) == _instance(retry):
        failures.append(f"the retry went to the same instance ({_instance(retry)})")
    if _status(retry) >= 500 or _status(retry) == 0:
        failures.append(f"the retry on {_instance(retry)} answered {_status(retry)}")
    if after.get("applications") != 1:
        failures.append(f"{after.get('applications')} applications after the retry, not 1")
    if not (overlapping.get("sign_in") or {}).get("signed_in"):
        failures.append("the second applicant (for the overlapping POSTs) could not sign in")
    responses = overlapping.get("responses") or []
    if overlapping.get("waiting_on_the_draft_lock") != 2:
        failures.append(
            f"{overlapping.get('waiting_on_the_draft_lock')} of the 2 overlapping POSTs reached the draft lock"
        )
    if sorted(_instance(r) for r in responses) != sorted(NAMES):
        failures.append("the overlapping POSTs were not one per instance")
    numbers = {r.get("number", "") for r in responses}
    if overlapping.get("applications") != 1:
        failures.append(f"{overlapping.get('applications')} applications after the overlapping POSTs, not 1")
    elif numbers != {overlapping.get("number")}:
        failures.append(f"the overlapping POSTs answered {sorted(numbers)}, not both {overlapping.get('number')}")
    figure = (
        f"after commit: {after.get('applications')} application (first on {_instance(first)}, retry on "
        f"{_instance(retry)}); overlapping: {overlapping.get('applications')} application, "
        + ", ".join(f"{_instance(r)} → {r.get('number') or _status(r)}" for r in responses)
    )
    evidence = {"after_commit": after, "overlapping": overlapping}
    return _verdict(
        "scale-out: a submission retried on the other instance stays idempotent", figure, failures, evidence
    )


def judge_retry_shows(after: dict[str, Any]) -> Check:
    number, retry = after.get("number", ""), after.get("retry") or {}
    chain = after.get("retry_chain") or []
    final = (chain[-1] if chain else retry).get("request", "").removeprefix("GET ")
    leads = bool(number) and (after.get("retry_number") == number or bool(after.get("retry_final_names_number")))
    figure = f"retry on {_instance(retry)} → {retry.get('location') or _status(retry)}; ends on {final or '?'}"
    why = ""
    if not leads:
        why = (
            f"The retry on {_instance(retry)} found the draft already gone (the first submission deletes it), so the "
            f"step dispatcher answered {retry.get('location') or _status(retry)} before the submission service, which "
            "returns the application made with the same key, could run; the applicant ends without their number. "
            "Fix: when step 6 is posted and there is no draft, look up the applicant's application by the posted "
            "idempotency key and redirect to its 申报提醒 (teacherreg/applicant/views/application_steps.py, step())."
        )
    evidence = {key: after.get(key) for key in ("number", "retry", "retry_number", "retry_chain")}
    evidence["retry_final_names_number"] = after.get("retry_final_names_number")
    target = "scale-out: the retry after commit leads to the same application number"
    return Check(target, leads, figure, why, evidence)


def judge(seen: dict[str, Any]) -> dict[str, Check]:
    after, overlapping = seen.get("retry_after_commit") or {}, seen.get("overlapping_retry") or {}
    return {
        "captcha_across_instances": judge_captcha(seen.get("captcha") or {}),
        "session_on_both": judge_session(seen.get("session") or {}),
        "submission_idempotent": judge_idempotent(after, overlapping),
        "retry_shows_application": judge_retry_shows(after),
    }


def result(checks: dict[str, Check], extra: dict[str, Any], note: str = "") -> dict[str, Any]:
    """``latest.json``'s ``scale_out``: every check with its evidence, and how it ran."""
    return {
        "passed": bool(checks) and all(check.passed for check in checks.values()),
        "checks": {name: check.as_json() for name, check in checks.items()},
        **extra,
        "note": note,
    }


def not_run(note: str) -> dict[str, Any]:
    return {"passed": None, "checks": {}, "note": note}


# --- running it ----------------------------------------------------------------------------


class ScaleOut:
    def __init__(self, config: BenchConfig) -> None:
        self.config = config
        # One environment for both instances and the browser: the same secret, field keys,
        # database and Redis, as every instance of a fleet must have.
        self.env = environment.child_env(environment.production_env(config))
        self.var = config.var_dir
        self.servers = {
            name: Server(self.var / f"instance-{name}.pid", self.var / f"instance-{name}.log", free_port())
            for name in NAMES
        }
        self.proxy: Proxy | None = None
        self.database_made = False
        self.cleaned = False

    def cleanup(self) -> None:
        if self.cleaned:
            return
        self.cleaned = True
        if self.proxy is not None:
            self.proxy.stop()
        for server in self.servers.values():
            server.stop()
        if self.database_made:
            try:
                environment.drop_database(self.config)
                environment.flush_redis(self.config)
            except Exception as exc:  # report, never mask the real error
                print(f"scale-out cleanup: {exc}", file=sys.stderr)

    def _run(self, args: list[str], timeout: float) -> str:
        done = subprocess.run(  # noqa: S603
            args, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[1:])} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}"
            )
        return done.stdout

    def prepare(self) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        (self.var / "error.txt").unlink(missing_ok=True)  # a previous run's
        environment.create_database(self.config)
        self.database_made = True
        environment.flush_redis(self.config)
        manage = [str(PYTHON), "manage.py"]
        self._run([*manage, "migrate", "--noinput", "-v0"], 300)
        self._run([*manage, "collectstatic", "--noinput", "--clear", "-v0"], 120)

    def serve(self) -> None:
        for server in self.servers.values():
            server.start(self.env)
        for server in self.servers.values():
            server.wait_ready("/bench/baseline/")
        upstreams = [Upstream(name, "127.0.0.1", server.port) for name, server in self.servers.items()]
        self.proxy = Proxy(upstreams)
        self.proxy.start()

    def drive(self) -> dict[str, Any]:
        assert self.proxy is not None
        output = self._run([str(PYTHON), "-m", "bench.scale_out_drive", str(self.proxy.port)], DRIVE_TIMEOUT)
        (self.var / "drive.out").write_text(output)
        for line in output.splitlines():
            if line.startswith(TAG + " "):
                return json.loads(line[len(TAG) + 1 :])
        raise RuntimeError(f"no {TAG} line in:\n{output[-2000:]}")

    def how_it_ran(self) -> dict[str, Any]:
        instances = {}
        for name, server in self.servers.items():
            pid = server.pid_file.read_text().strip() if server.pid_file.exists() else "?"
            instances[name] = {"port": server.port, "gunicorn_pid": pid, "workers": WORKERS}
        assert self.proxy is not None
        return {
            "instances": instances,
            "proxy": {
                "port": self.proxy.port,
                "requests": self.proxy.counts(),
                "sequence": self.proxy.sequence(),
            },
        }


def measure(base: BenchConfig) -> dict[str, Any]:
    """The whole check on its own database; ``scale_out`` for latest.json. A failure to run is
    reported in ``note`` (the rest of the bench's report still stands)."""
    config = scale_out_config(base)
    if "bench" not in config.database_name:
        return not_run(f"the scale-out database {config.database_name!r} must name a bench database")
    clock = time.monotonic()
    run = ScaleOut(config)
    atexit.register(run.cleanup)  # finally covers signals (they raise SystemExit); this, the rest
    try:
        run.prepare()
        run.serve()
        seen = run.drive()
        extra = run.how_it_ran()
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}"
        config.var_dir.mkdir(parents=True, exist_ok=True)
        (config.var_dir / "error.txt").write_text(text)
        last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
        return {**not_run(f"scale-out failed ({last}); see {config.var_dir / 'error.txt'}"), "passed": False}
    finally:
        run.cleanup()
    extra |= {"seconds": round(time.monotonic() - clock, 1), "seed_seconds": seen.get("seed_seconds")}
    return result(judge(seen), extra)


def summary(found: dict[str, Any]) -> str:
    if not found.get("checks"):
        return f"scale-out: {found.get('note') or 'not run'}"
    lines = [f"scale-out ({found.get('seconds', '?')} s): proxy sequence {found['proxy']['sequence']}"]
    for name, check in found["checks"].items():
        lines.append(f"  {name:<26} {'passed' if check['passed'] else 'FAILED'}  {check['figure']}")
        if check["why"]:
            lines.append(f"    why: {check['why']}")
    return "\n".join(lines)


def main() -> None:
    base = environment.config_from_environment()
    config = scale_out_config(base)

    def interrupted(signum: int, frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    print(f"== scale-out: database {config.database_name}, Redis {config.redis_url}", flush=True)
    found = measure(base)
    out = config.var_dir / "scale-out.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
    print(summary(found))
    print(f"evidence: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if not found.get("passed"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
