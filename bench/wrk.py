"""Driving ``wrk`` and reading what it prints.

wrk's own summary gives requests/second and, with ``--latency``, the 50/75/90/99 %
percentiles rounded to two decimals; ``wrk_report.lua`` adds one ``BENCH_WRK {...}`` line
with exact percentiles in microseconds, the socket errors and the count of responses that
were not a 200. The Lua line wins where both say the same thing; the text is the fallback.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "wrk_report.lua"
CONNECTIONS = 16
THREADS = 1  # one wrk thread keeps up with 16 connections and leaves the cores to the server

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = re.compile(r"^\s*([\d.]+)\s*(us|ms|s|m)\s*$")
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+\s*(?:us|ms|s|m))\s*$", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_REQUESTS = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_LUA_LINE = re.compile(r"^BENCH_WRK (\{.*\})\s*$", re.MULTILINE)


@dataclass(frozen=True)
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int


def duration_ms(text: str) -> float:
    """``"812.00us"`` → 0.812, ``"1.24s"`` → 1240.0 (wrk's latency units)."""
    found = _DURATION.match(text)
    if not found:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(found.group(1)) * _UNITS_MS[found.group(2)]


def parse(output: str) -> WrkResult:
    """Read wrk's output (with ``--latency`` and, if present, our Lua line)."""
    rps_found = _RPS.search(output)
    if rps_found is None:
        raise ValueError("wrk printed no Requests/sec line:\n" + output[-2000:])
    percentiles = {int(p): duration_ms(value) for p, value in _PERCENTILE.findall(output)}
    requests_found = _REQUESTS.search(output)
    requests = int(requests_found.group(1)) if requests_found else 0
    socket = _SOCKET.search(output)
    non_2xx = _NON_2XX.search(output)
    errors = sum(int(n) for n in socket.groups()) if socket else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    lua = _LUA_LINE.search(output)
    if lua:
        data = json.loads(lua.group(1))
        requests = int(data["requests"])
        percentiles |= {50: data["p50_us"] / 1000, 90: data["p90_us"] / 1000, 99: data["p99_us"] / 1000}
        # A 302 to the login page is a failure here, though wrk does not count it.
        bad_status = max(int(data["not_200"]), int(data["status"]))
        errors = bad_status + sum(int(data[k]) for k in ("connect", "read", "write", "timeout"))
    if 50 not in percentiles or 99 not in percentiles:
        raise ValueError("wrk printed no latency distribution (was --latency given?)")
    return WrkResult(
        requests=requests,
        rps=float(rps_found.group(1)),
        p50_ms=round(percentiles[50], 3),
        p90_ms=round(percentiles.get(90, percentiles[99]), 3),
        p99_ms=round(percentiles[99], 3),
        errors=errors,
    )


def command(
    url: str, *, seconds: int, cookie: str = "", paths: tuple[str, ...] = (), connections: int = CONNECTIONS
) -> list[str]:
    """The wrk command line. The proxy's ``X-Forwarded-Proto`` header stands in for TLS;
    ``paths``, if given, are requested in turn instead of the URL's own path."""
    args = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    args += ["-s", str(LUA), "-H", "X-Forwarded-Proto: https", "-H", "Accept-Language: zh-hans"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    return [*args, url, *(["--", *paths] if paths else [])]


def run(url: str, *, seconds: int, cookie: str = "", paths: tuple[str, ...] = ()) -> tuple[WrkResult, str]:
    args = command(url, seconds=seconds, cookie=cookie, paths=paths)
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=seconds + 60)  # noqa: S603
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{output[-2000:]}")
    return parse(output), output
