"""The slider puzzle over HTTP: what the browser gets, one attempt per challenge, tolerance,
and a new challenge after a failure (P11; security.md §4.5)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from teacherreg.captcha import services
from tests.captcha.helpers import a_new_address, answer_of, new_challenge, trail_to, verify

PUBLIC_SLIDER_KEYS = {
    "id",
    "kind",
    "purpose",
    "expires_in",
    "background",
    "piece",
    "width",
    "height",
    "piece_width",
    "max_offset",
    "key_step",
}


def test_the_challenge_tells_the_browser_sizes_and_urls_but_not_the_answer(visitor):
    response = visitor.post("/captcha/challenge/", {"purpose": "login"}, content_type="application/json")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    challenge = response.json()["challenge"]
    assert set(challenge) == PUBLIC_SLIDER_KEYS
    assert challenge["kind"] == "slider"
    assert challenge["purpose"] == "login"
    assert (challenge["width"], challenge["height"], challenge["piece_width"]) == (320, 160, 60)
    assert challenge["max_offset"] == 260
    assert challenge["key_step"] == 2
    assert challenge["expires_in"] == 180
    # The image URLs are the challenge id and a fixed name: nothing else to read the answer from.
    assert challenge["background"] == f"/captcha/{challenge['id']}/background.jpg"
    assert challenge["piece"] == f"/captcha/{challenge['id']}/piece.png"
    answer = answer_of(challenge)
    # Every number in the JSON is a fixed size, checked above; the answer has no key of its own.
    assert '"x"' not in response.content.decode() and '"y"' not in response.content.decode()
    for url in (challenge["background"], challenge["piece"]):
        assert str(answer["x"]) not in url.replace(challenge["id"], "")


def test_the_pictures_are_served_to_the_session_that_asked_and_never_cached(visitor):
    challenge = new_challenge(visitor)

    background = visitor.get(challenge["background"])
    piece = visitor.get(challenge["piece"])

    assert background.status_code == 200 and piece.status_code == 200
    assert background["Content-Type"] == "image/jpeg"
    assert piece["Content-Type"] == "image/png"
    assert "no-store" in background["Cache-Control"] and "no-store" in piece["Cache-Control"]
    bg = Image.open(io.BytesIO(background.content))
    pc = Image.open(io.BytesIO(piece.content))
    assert (bg.format, bg.size) == ("JPEG", (640, 320))  # drawn at twice the logical size
    assert (pc.format, pc.mode, pc.size) == ("PNG", "RGBA", (120, 320))


def test_another_session_cannot_fetch_the_pictures(visitor, make_visitor):
    challenge = new_challenge(visitor)
    stranger = make_visitor()

    assert stranger.get(challenge["background"]).status_code == 404
    assert stranger.get(challenge["piece"]).status_code == 404


def test_the_piece_sits_at_the_target_height_and_challenges_differ(visitor):
    first, second = new_challenge(visitor), new_challenge(visitor)
    answer = answer_of(first)

    piece = Image.open(io.BytesIO(visitor.get(first["piece"]).content))
    top, bottom = piece.getbbox()[1], piece.getbbox()[3]
    assert answer["y"] * 2 <= top and bottom <= (answer["y"] + 60) * 2
    assert visitor.get(first["background"]).content != visitor.get(second["background"]).content
    assert first["id"] != second["id"]


def test_the_target_is_random_and_never_near_the_start(visitor, monkeypatch):
    monkeypatch.setattr(services.images, "puzzle", lambda rng, x, y: services.images.Puzzle(b"bg", b"piece"))
    xs = {answer_of(new_challenge(visitor))["x"] for _ in range(15)}

    assert len(xs) > 1
    assert all(70 <= x <= 256 for x in xs)


def test_the_right_drop_passes(visitor):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"]

    result = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert result["ok"] is True
    assert result["message"] == "验证通过"
    assert result["expires_in"] == 120
    assert result["purpose"] == "login"
    assert len(result["token"]) >= 40


@pytest.mark.parametrize(("offset", "passes"), [(-5, False), (-4, True), (0, True), (4, True), (5, False)])
def test_the_drop_may_miss_by_four_pixels_either_way(visitor, offset, passes):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"] + offset

    result = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert result["ok"] is passes
    if not passes:
        assert result["message"] == "没有对准缺口，已换一张图片，请再试一次。"


def test_a_challenge_takes_one_attempt_only(visitor):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"]

    wrong = verify(visitor, challenge, x=x + 30, trail=trail_to(x + 30))
    retry = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert wrong["ok"] is False
    assert retry["ok"] is False
    assert retry["message"] == "图片已过期，已换一张新的，请重新验证。"
    assert services.answer_for_test_hook(challenge["id"]) is None
    assert visitor.get(challenge["background"]).status_code == 404


def test_a_right_answer_cannot_be_replayed_for_a_second_token(visitor):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"]

    first = verify(visitor, challenge, x=x, trail=trail_to(x))
    second = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert first["ok"] is True
    assert second["ok"] is False and "token" not in second


def test_a_failed_attempt_gets_a_new_challenge_of_the_same_kind_and_purpose(visitor):
    challenge = new_challenge(visitor, purpose="reset")
    x = answer_of(challenge)["x"]

    result = verify(visitor, challenge, x=x + 20, trail=trail_to(x + 20))

    assert result["ok"] is False
    nxt = result["challenge"]
    assert nxt["id"] != challenge["id"]
    assert (nxt["kind"], nxt["purpose"]) == ("slider", "reset")
    nx = answer_of(nxt)["x"]
    assert verify(visitor, nxt, x=nx, trail=trail_to(nx))["ok"] is True


def test_a_synthetic_drag_to_the_right_place_is_refused(visitor):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"]

    result = verify(visitor, challenge, x=x, trail=[[0, 0], [x, 0]])

    assert result["ok"] is False
    assert result["message"] == "拖动过快或不连贯，已换一张图片，请按住滑块平稳拖到缺口处。"
    assert result["challenge"]["kind"] == "slider"


@pytest.mark.parametrize("x", [None, "120", True, [120]])
def test_a_drop_that_is_not_a_number_fails(visitor, x):
    challenge = new_challenge(visitor)

    result = verify(visitor, challenge, x=x, trail=trail_to(120))

    assert result["ok"] is False


def test_another_session_cannot_answer_the_challenge(visitor, make_visitor):
    challenge = new_challenge(visitor)
    x = answer_of(challenge)["x"]
    stranger = make_visitor()

    stolen = verify(stranger, challenge, x=x, trail=trail_to(x))
    own = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert stolen["ok"] is False
    assert own["ok"] is True  # the stranger's attempt did not use it up


def test_a_challenge_expires_after_three_minutes(visitor):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        challenge = new_challenge(visitor)
        x = answer_of(challenge)["x"]
        clock.shift(181)

        result = verify(visitor, challenge, x=x, trail=trail_to(x))

    assert result["ok"] is False
    assert result["message"] == "图片已过期，已换一张新的，请重新验证。"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"purpose": "logon"}).encode(),
        json.dumps({"purpose": ["login"]}).encode(),
        json.dumps({"purpose": "login", "kind": "x"}).encode(),
        json.dumps({"purpose": "login", "kind": {"a": 1}}).encode(),
    ],
)
def test_a_bad_challenge_request_is_refused_plainly(visitor, body):
    response = visitor.post("/captcha/challenge/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "请求无效，请刷新页面后重试。"}


@pytest.mark.parametrize("challenge_id", [None, 12, ["x"], "short", "a" * 65, "../../etc/passwd-xxxxxxxxxx"])
def test_a_verification_of_a_malformed_id_is_an_expired_challenge(visitor, challenge_id):
    response = visitor.post(
        "/captcha/verify/",
        {"id": challenge_id, "purpose": "login", "kind": "slider", "x": 1, "trail": trail_to(1)},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["message"] == "图片已过期，已换一张新的，请重新验证。"


def test_a_verification_without_a_usable_purpose_is_refused(visitor):
    response = visitor.post("/captcha/verify/", {"id": None, "purpose": ["login"]}, content_type="application/json")

    assert response.status_code == 400


def test_an_oversized_verification_is_refused(visitor):
    response = visitor.post("/captcha/verify/", b"[" * 40_000, content_type="application/json")

    assert response.status_code == 400


def test_the_endpoints_take_post_with_a_csrf_token_only(db):
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.9.9.9")

    assert strict.get(reverse("captcha:challenge")).status_code == 405
    assert strict.get(reverse("captcha:verify")).status_code == 405
    assert strict.post(reverse("captcha:challenge"), {}, content_type="application/json").status_code == 403


def test_asking_for_a_challenge_starts_a_session(db):
    client = Client(REMOTE_ADDR=a_new_address())
    assert settings.SESSION_COOKIE_NAME not in client.cookies

    challenge = new_challenge(client)

    assert client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(challenge["background"]).status_code == 200


def test_a_cookie_naming_an_expired_session_still_gets_a_working_challenge(db):
    client = Client(REMOTE_ADDR=a_new_address())
    client.cookies[settings.SESSION_COOKIE_NAME] = "z" * 32  # no such session any more

    challenge = new_challenge(client)
    x = answer_of(challenge)["x"]

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "z" * 32
    assert verify(client, challenge, x=x, trail=trail_to(x))["ok"] is True
