"""Make the ten Mandarin digit recordings in this folder. Run once, by hand; never at run time.

    apt-get install -y espeak-ng          # Debian 12: espeak-ng 1.51, voice "cmn"
    .venv/bin/python teacherreg/captcha/audio/make_recordings.py

espeak-ng speaks each digit as its Chinese character (零 一 二 … 九) at 22,050 Hz; this script
trims the silence around it, filters and resamples it to 8,000 Hz, normalises the level, adds
5 ms fades and writes ``0.wav`` … ``9.wav`` as 16-bit mono PCM (each well under 15 KB). The
resampler is plain Python (a windowed-sinc low-pass, then linear interpolation) so the script
needs nothing but espeak-ng and the standard library.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = "零一二三四五六七八九"
VOICE = "cmn"
SPEED_WPM = 150  # a little slower than espeak's default 175: clearer for every listener
RATE = 8000
PEAK = 0.85 * 32767
CUTOFF_HZ = 3600  # below the 4,000 Hz Nyquist limit of the 8 kHz output
TAPS = 63
SILENCE_THRESHOLD = 250  # about -42 dBFS: keeps the quiet fricative onsets of 四, 七 and 0's tail
MARGIN_S = 0.015
FADE_S = 0.005


def synthesise(word: str, folder: Path) -> tuple[array, int]:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit("espeak-ng is not installed: apt-get install -y espeak-ng")
    target = folder / "raw.wav"
    subprocess.run([espeak, "-v", VOICE, "-s", str(SPEED_WPM), "-w", str(target), word], check=True)  # noqa: S603
    with wave.open(str(target), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, "espeak-ng writes 16-bit mono"
        samples = array("h", w.readframes(w.getnframes()))
        return samples, w.getframerate()


def trim(samples: array, rate: int) -> list[float]:
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE_THRESHOLD]
    margin = int(rate * MARGIN_S)
    return [float(s) for s in samples[max(0, loud[0] - margin) : loud[-1] + 1 + margin]]


def low_pass(samples: list[float], rate: int) -> list[float]:
    fc = CUTOFF_HZ / rate
    mid = TAPS // 2
    kernel = []
    for n in range(TAPS):
        k = n - mid
        sinc = 2 * fc if k == 0 else math.sin(2 * math.pi * fc * k) / (math.pi * k)
        kernel.append(sinc * (0.54 - 0.46 * math.cos(2 * math.pi * n / (TAPS - 1))))  # Hamming
    total = sum(kernel)
    kernel = [c / total for c in kernel]
    out = []
    for i in range(len(samples)):
        acc = 0.0
        for n, c in enumerate(kernel):
            j = i + n - mid
            if 0 <= j < len(samples):
                acc += c * samples[j]
        out.append(acc)
    return out


def resample(samples: list[float], rate: int) -> list[float]:
    count = int(len(samples) * RATE / rate)
    out = []
    for i in range(count):
        pos = i * rate / RATE
        j = int(pos)
        frac = pos - j
        nxt = samples[j + 1] if j + 1 < len(samples) else samples[j]
        out.append(samples[j] * (1 - frac) + nxt * frac)
    return out


def finish(samples: list[float]) -> array:
    gain = PEAK / max(abs(s) for s in samples)
    fade = int(RATE * FADE_S)
    out = array("h")
    for i, s in enumerate(samples):
        edge = min(i, len(samples) - 1 - i)
        ramp = min(1.0, edge / fade)
        out.append(round(max(-32767, min(32767, s * gain * ramp))))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for digit, word in enumerate(WORDS):
            samples, rate = synthesise(word, Path(tmp))
            pcm = finish(resample(low_pass(trim(samples, rate), rate), rate))
            path = HERE / f"{digit}.wav"
            with wave.open(str(path), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes(pcm.tobytes())
            print(f"{path.name}: {len(pcm) / RATE:.2f} s, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
