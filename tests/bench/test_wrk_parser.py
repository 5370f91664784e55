"""Reading wrk's output (bench/wrk.py): its text summary and our Lua line."""

from __future__ import annotations

import pytest

from bench.wrk import command, duration_ms, parse

TEXT = """Running 10s test @ http://127.0.0.1:8123/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    4.20ms  88.10ms   81.00%
    Req/Sec     1.30k   120.00     1.60k    70.00%
  Latency Distribution
     50%  812.00us
     75%   14.02ms
     90%   17.50ms
     99%    1.24s
  13012 requests in 10.01s, 105.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1299.90
Transfer/sec:     10.51MB
"""

LUA = (
    'BENCH_WRK {"requests":13012,"duration_us":10010000,"p50_us":11850,"p90_us":17498,"p99_us":31044,'
    '"max_us":88100,"connect":0,"read":2,"write":0,"status":4,"timeout":1,"not_200":7}\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("812.00us", 0.812), ("14.02ms", 14.02), ("1.24s", 1240.0), ("2.00m", 120_000.0)],
)
def test_it_reads_wrk_durations_in_milliseconds(text, expected):
    assert duration_ms(text) == pytest.approx(expected)


def test_it_refuses_what_is_not_a_duration():
    with pytest.raises(ValueError):
        duration_ms("fast")


def test_it_reads_the_text_summary():
    result = parse(TEXT)

    assert result.rps == 1299.90
    assert result.requests == 13012
    assert result.p50_ms == 0.812
    assert result.p90_ms == 17.5
    assert result.p99_ms == 1240.0
    assert result.errors == 7  # read 2 + timeout 1 + 4 statuses


def test_the_lua_line_gives_exact_percentiles_and_counts_redirects_as_errors():
    result = parse(TEXT + LUA)

    assert result.rps == 1299.90
    assert result.p50_ms == 11.85
    assert result.p90_ms == 17.498
    assert result.p99_ms == 31.044
    # 7 responses were not a 200 (4 of them >= 400, 3 redirects), plus read 2 and timeout 1.
    assert result.errors == 10


def test_it_says_when_the_latency_distribution_is_missing():
    without = TEXT.replace("  Latency Distribution\n", "").replace("     50%  812.00us\n", "")
    without = without.replace("     99%    1.24s\n", "")
    with pytest.raises(ValueError, match="latency distribution"):
        parse(without)


def test_it_says_when_wrk_measured_nothing():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse("unable to connect to 127.0.0.1:8123 Connection refused\n")


def test_the_command_uses_16_connections_latency_our_script_and_the_proxy_header():
    args = command("http://127.0.0.1:8123/me/", seconds=10, cookie="__Host-sessionid=abc")

    assert args[:4] == ["wrk", "-t1", "-c16", "-d10s"]
    assert "--latency" in args
    assert args[args.index("-s") + 1].endswith("bench/wrk_report.lua")
    headers = [args[i + 1] for i, arg in enumerate(args) if arg == "-H"]
    assert "X-Forwarded-Proto: https" in headers
    assert "Cookie: __Host-sessionid=abc" in headers
    assert args[-1] == "http://127.0.0.1:8123/me/"


def test_paths_to_take_in_turn_follow_the_url_after_a_double_dash():
    args = command("http://127.0.0.1:8123/office/desk/1/", seconds=5, paths=("/office/desk/1/", "/office/desk/2/"))

    assert args[-4:] == ["http://127.0.0.1:8123/office/desk/1/", "--", "/office/desk/1/", "/office/desk/2/"]
