"""The non-drag alternative (P11): distorted digits with a Mandarin audio version, one
attempt, the same token flow."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from PIL import Image

from teacherreg.captcha.services import consume_token
from tests.captcha.helpers import answer_of, new_challenge, request_of, verify

AUDIO_DIR = Path(__file__).resolve().parents[2] / "teacherreg" / "captcha" / "audio"


def test_the_challenge_gives_a_picture_and_audio_but_not_the_digits(visitor):
    challenge = new_challenge(visitor, kind="digits")
    digits = answer_of(challenge)["digits"]

    assert set(challenge) == {"id", "kind", "purpose", "expires_in", "image", "audio", "length"}
    assert challenge["length"] == 5
    assert len(digits) == 5 and digits.isdigit()
    assert challenge["image"] == f"/captcha/{challenge['id']}/digits.png"
    assert challenge["audio"] == f"/captcha/{challenge['id']}/digits.wav"
    assert digits not in str(challenge).replace(challenge["id"], "")


def test_the_picture_is_a_png_and_the_audio_a_small_wav(visitor):
    challenge = new_challenge(visitor, kind="digits")
    digits = answer_of(challenge)["digits"]

    picture = visitor.get(challenge["image"])
    audio = visitor.get(challenge["audio"])

    assert picture["Content-Type"] == "image/png" and "no-store" in picture["Cache-Control"]
    assert Image.open(io.BytesIO(picture.content)).size == (400, 128)
    assert audio["Content-Type"] == "audio/wav" and "no-store" in audio["Cache-Control"]
    with wave.open(io.BytesIO(audio.content)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 8000)
        seconds = w.getnframes() / 8000
    spoken = sum(_seconds(AUDIO_DIR / f"{d}.wav") for d in digits)
    # Said twice, with pauses: at least twice the recordings, at most that plus the pauses.
    assert 2 * spoken < seconds < 2 * spoken + 2 * 5 * 0.65 + 1.2 + 0.7 + 0.01


def test_another_session_cannot_fetch_the_picture_or_the_audio(visitor, make_visitor):
    challenge = new_challenge(visitor, kind="digits")
    stranger = make_visitor()

    assert stranger.get(challenge["image"]).status_code == 404
    assert stranger.get(challenge["audio"]).status_code == 404


def test_the_slider_has_no_audio(visitor):
    challenge = new_challenge(visitor)

    assert visitor.get(f"/captcha/{challenge['id']}/digits.wav").status_code == 404
    assert visitor.get(f"/captcha/{challenge['id']}/digits.png").status_code == 404


def test_the_right_digits_give_a_token_for_the_purpose(visitor):
    challenge = new_challenge(visitor, kind="digits", purpose="sms_send")
    digits = answer_of(challenge)["digits"]

    result = verify(visitor, challenge, answer=digits)

    assert result["ok"] is True
    assert consume_token(request_of(visitor), "sms_send", result["token"]) is True


@pytest.mark.parametrize("typed", ["{d}", " {d} ", "{spaced}", "{fullwidth}", "{dashed}"])
def test_spaces_dashes_and_full_width_digits_are_read_as_typed_digits(visitor, typed):
    challenge = new_challenge(visitor, kind="digits")
    d = answer_of(challenge)["digits"]
    fullwidth = "".join(chr(ord("０") + int(c)) for c in d)
    answer = typed.format(d=d, spaced=" ".join(d), fullwidth=fullwidth, dashed=d[:2] + "-" + d[2:])

    assert verify(visitor, challenge, answer=answer)["ok"] is True


def test_wrong_digits_fail_and_bring_new_digits(visitor):
    challenge = new_challenge(visitor, kind="digits", purpose="reset")
    digits = answer_of(challenge)["digits"]
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)

    result = verify(visitor, challenge, answer=wrong)

    assert result["ok"] is False
    assert result["message"] == "数字不正确，已换一组新的数字，请再试一次。"
    assert (result["challenge"]["kind"], result["challenge"]["purpose"]) == ("digits", "reset")
    assert result["challenge"]["id"] != challenge["id"]


@pytest.mark.parametrize("answer", ["", None, 12345, "1234", "123456"])
def test_anything_but_the_digits_fails(visitor, answer):
    challenge = new_challenge(visitor, kind="digits")

    assert verify(visitor, challenge, answer=answer)["ok"] is False


def test_the_digits_take_one_attempt_only(visitor):
    challenge = new_challenge(visitor, kind="digits")
    digits = answer_of(challenge)["digits"]

    assert verify(visitor, challenge, answer="00000" if digits != "00000" else "11111")["ok"] is False
    reuse = verify(visitor, challenge, answer=digits)

    assert reuse["ok"] is False
    assert reuse["message"] == "图片已过期，已换一张新的，请重新验证。"


def test_a_right_answer_cannot_be_used_twice(visitor):
    challenge = new_challenge(visitor, kind="digits")
    digits = answer_of(challenge)["digits"]

    assert verify(visitor, challenge, answer=digits)["ok"] is True
    assert verify(visitor, challenge, answer=digits)["ok"] is False


@pytest.mark.parametrize("digit", list("0123456789"))
def test_each_recording_is_small_8_khz_mono_pcm(digit):
    path = AUDIO_DIR / f"{digit}.wav"

    assert path.stat().st_size < 15 * 1024
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getcomptype()) == (1, 2, 8000, "NONE")
        assert 0.2 < w.getnframes() / 8000 < 1.0


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()
