"""The spoken version of a digits challenge: our ten recordings joined with ``wave``.

The recordings (``audio/0.wav`` … ``9.wav``, 8 kHz 16-bit mono PCM) were made once with
espeak-ng (see ``audio/README.md``); nothing is synthesised at run time. The digits are said
twice, with a random pause between digits so the gaps give nothing away.
"""

from __future__ import annotations

import io
import random
import wave
from functools import cache
from pathlib import Path

AUDIO_DIR = Path(__file__).resolve().parent / "audio"
RATE = 8000
SAMPLE_WIDTH = 2


@cache
def _recording(digit: str) -> bytes:
    with wave.open(str(AUDIO_DIR / f"{digit}.wav"), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, SAMPLE_WIDTH, RATE):
            raise ValueError(f"audio/{digit}.wav must be {RATE} Hz, 16-bit mono PCM")
        return w.readframes(w.getnframes())


def _silence(seconds: float) -> bytes:
    return b"\x00" * (int(RATE * seconds) * SAMPLE_WIDTH)


def spoken_digits(rng: random.Random, digits: str) -> bytes:
    """A WAV file saying ``digits`` in Mandarin, twice."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(SAMPLE_WIDTH)
        w.setframerate(RATE)
        w.writeframes(_silence(0.4))
        for repeat in range(2):
            for digit in digits:
                w.writeframes(_recording(digit))
                w.writeframes(_silence(rng.uniform(0.3, 0.65)))
            if repeat == 0:
                w.writeframes(_silence(1.2))
        w.writeframes(_silence(0.3))
    return out.getvalue()
