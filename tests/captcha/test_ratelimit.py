"""Challenge creation is limited per session and per address; a cache outage fails closed
with a message, never a 500 (security.md finding 4, §5.2)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from teacherreg.captcha import conf, images, store
from teacherreg.captcha.services import client_address
from tests.captcha.helpers import DownCache, a_new_address, answer_of, new_challenge, trail_to

WINDOW_START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)  # a multiple of 600 s
TOO_OFTEN = "获取验证图片过于频繁，请 10 分钟后再试。"


@pytest.fixture(autouse=True)
def _cheap_pictures(monkeypatch):
    """Counting is what these tests are about; skip the drawing."""
    monkeypatch.setattr(images, "puzzle", lambda rng, x, y: images.Puzzle(b"bg", b"piece"))


@pytest.fixture(autouse=True)
def _inside_one_window():
    """The limits count in fixed 10-minute windows: start every test just after a window
    begins, so a run that happens to cross a boundary cannot split its count."""
    with time_machine.travel(datetime.datetime(2026, 11, 28, 2, 0, 1, tzinfo=datetime.UTC), tick=True):
        yield


def _ask(client):
    return client.post("/captcha/challenge/", {"purpose": "login"}, content_type="application/json")


def test_the_default_limits():
    assert conf.DEFAULT_LIMITS == {"per_session": (20, 600), "per_ip": (200, 600)}
    assert [(limit.scope, limit.count, limit.seconds) for limit in conf.limits()] == [
        ("per_session", 20, 600),
        ("per_ip", 200, 600),
    ]


def test_a_session_gets_20_challenges_in_10_minutes(visitor):
    with time_machine.travel(WINDOW_START, tick=False) as clock:
        statuses = [_ask(visitor).status_code for _ in range(20)]
        refused = _ask(visitor)

        assert statuses == [200] * 20
        assert refused.status_code == 429
        assert refused.json() == {"ok": False, "message": TOO_OFTEN}
        assert refused["Retry-After"] == "600"
        assert "no-store" in refused["Cache-Control"]

        clock.shift(600)
        assert _ask(visitor).status_code == 200


def test_an_address_is_limited_across_sessions(make_visitor, settings):
    settings.TEACHERREG_CAPTCHA_LIMITS = {"per_ip": (3, 600)}
    address = a_new_address()
    with time_machine.travel(WINDOW_START, tick=False):
        statuses = [_ask(make_visitor(address)).status_code for _ in range(4)]
        elsewhere = _ask(make_visitor())

    assert statuses == [200, 200, 200, 429]
    assert elsewhere.status_code == 200


def test_a_failed_attempt_counts_as_a_new_challenge(visitor, settings):
    settings.TEACHERREG_CAPTCHA_LIMITS = {"per_session": (2, 600)}
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"] + 40

    second = visitor.post(
        "/captcha/verify/",
        {"id": challenge["id"], "purpose": "login", "kind": "slider", "x": x, "trail": trail_to(x)},
        content_type="application/json",
    )
    challenge = second.json()["challenge"]
    # Miss the new picture's own gap: its target is drawn afresh and may sit where x is.
    x = answer_of(challenge)["x"] + 40
    third = visitor.post(
        "/captcha/verify/",
        {"id": challenge["id"], "purpose": "login", "kind": "slider", "x": x, "trail": trail_to(x)},
        content_type="application/json",
    )

    assert second.status_code == 200
    assert third.status_code == 429
    assert third.json()["ok"] is False


@pytest.mark.parametrize(
    ("remote", "counted_as"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb:cccc:dddd:eeee", "2001:db8:1:2::/64"),
    ],
)
def test_an_ipv6_client_counts_by_its_64_prefix(rf, remote, counted_as):
    assert client_address(rf.get("/", REMOTE_ADDR=remote)) == counted_as


def test_a_spoofed_forwarded_for_header_changes_nothing(make_visitor, settings):
    settings.TEACHERREG_CAPTCHA_LIMITS = {"per_ip": (2, 600)}
    address = a_new_address()
    statuses = []
    for i in range(3):
        response = make_visitor(address).post(
            "/captcha/challenge/",
            {"purpose": "login"},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
        statuses.append(response.status_code)

    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("error", [RedisConnectionError("refused"), OperationalError("no such table"), TimeoutError()])
def test_a_cache_outage_fails_closed_with_a_message(visitor, monkeypatch, error):
    challenge = new_challenge(visitor)
    monkeypatch.setattr(store, "_cache", lambda: DownCache(error))
    unavailable = {"ok": False, "message": "图形验证暂时无法使用，请稍后再试。"}

    created = _ask(visitor)
    verified = visitor.post(
        "/captcha/verify/", {"id": challenge["id"], "x": 100, "trail": trail_to(100)}, content_type="application/json"
    )

    assert (created.status_code, created.json()) == (503, unavailable)
    assert (verified.status_code, verified.json()) == (503, unavailable)
    assert visitor.get(challenge["background"]).status_code == 503


def test_a_full_cache_does_not_reset_the_counters(visitor, settings):
    """Django's database cache culls a third of its rows, in key order, past MAX_ENTRIES; with
    the default 300 a busy table forgot the counters and let a session past its limit."""
    settings.TEACHERREG_CAPTCHA_LIMITS = {"per_session": (2, 600)}
    first = _ask(visitor).status_code
    # Rows that sort after the counters ("zz…" > "captcha:…"): a cull takes the counters first.
    caches["default"].set_many({f"zz-filler-{n}": n for n in range(400)}, 600)

    assert [first, _ask(visitor).status_code, _ask(visitor).status_code] == [200, 200, 429]
    assert caches["default"].get("zz-filler-0") == 0
