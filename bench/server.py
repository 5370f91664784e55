"""The measured web server: gunicorn with 2 sync workers under production settings, known by
its PID file and always stopped (``bench/run.py`` calls ``stop`` in ``finally``, at exit and
on SIGINT/SIGTERM).

Sync workers are gunicorn's default and what README's production line runs: one request per
worker at a time, so with 16 connections 14 wait in the listen queue. That queueing is part of
what p99 measures.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.environment import ROOT, VENV_BIN

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    pid_file: Path
    log_file: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, env: dict[str, str]) -> None:
        stop_from_pid_file(self.pid_file)  # a server left by a run that was killed outright
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        args = [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--pid",
            str(self.pid_file),
            "--backlog",
            "256",
            "--graceful-timeout",
            "5",
        ]
        with self.log_file.open("ab") as log:
            # A session of its own: stopping the group can never reach the bench itself.
            self.process = subprocess.Popen(  # noqa: S603
                args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_ready(self, path: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_file}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                request = urllib.request.Request(self.url + path, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {path} within {timeout:.0f} s; see {self.log_file}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _terminate(self.process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=1)
        stop_from_pid_file(self.pid_file)
        self.process = None


def _is_gunicorn(pid: int) -> bool:
    try:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _terminate(pid: int, grace: float = 10.0) -> None:
    """SIGTERM the server's process group (master and workers), SIGKILL after ``grace``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _is_gunicorn(pid):
        time.sleep(0.1)
    if _is_gunicorn(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def stop_from_pid_file(pid_file: Path) -> None:
    """Stop the gunicorn whose master the PID file names, if it still runs and is gunicorn
    (a PID reused by another program is left alone)."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return
    if _is_gunicorn(pid):
        _terminate(pid)
    pid_file.unlink(missing_ok=True)
