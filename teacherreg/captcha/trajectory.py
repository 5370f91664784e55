"""P11 trajectory rule: reject only the obviously synthetic.

The browser sends the drag as ``[[x, t], …]``: x in logical pixels, t in milliseconds since the
press. The first point is the press, each later point is one step (a pointer event or an
arrow-key press). A drag of at least 20 steps over at least 300 ms passes, provided it is
well-formed: finite numbers, time never going backwards, positions on the track, no step
longer than ``MAX_JUMP_PX`` (a teleport) and a last point where the piece was dropped.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from teacherreg.captcha.conf import (
    CHALLENGE_TTL_SECONDS,
    MAX_JUMP_PX,
    MAX_OFFSET,
    MAX_POINTS,
    MIN_DURATION_MS,
    MIN_STEPS,
)

EDGE_PX = 8  # pointer positions are clamped by the browser; allow a little rounding
DROP_PX = 2  # the last point and the submitted x must agree


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def check_trail(trail: Any, x: float) -> str | None:
    """Return None when the drag passes, otherwise a reason code.

    Codes: ``malformed`` (not a list of [x, t] number pairs, too long, out of bounds, time
    going backwards, or ending away from x), ``too_few_steps``, ``too_fast``, ``jump``.
    """
    if not isinstance(trail, list) or not trail or len(trail) > MAX_POINTS:
        return "malformed"
    points: list[tuple[float, float]] = []
    for point in trail:
        if not isinstance(point, list | tuple) or len(point) != 2:
            return "malformed"
        px, pt = _number(point[0]), _number(point[1])
        if px is None or pt is None:
            return "malformed"
        if not -EDGE_PX <= px <= MAX_OFFSET + EDGE_PX or not 0 <= pt <= CHALLENGE_TTL_SECONDS * 1000:
            return "malformed"
        if points and pt < points[-1][1]:
            return "malformed"  # time went backwards: not a recording of a real drag
        points.append((px, pt))
    if abs(points[-1][0] - x) > DROP_PX:
        return "malformed"
    if len(points) - 1 < MIN_STEPS:
        return "too_few_steps"
    if points[-1][1] - points[0][1] < MIN_DURATION_MS:
        return "too_fast"
    if any(abs(b[0] - a[0]) > MAX_JUMP_PX for a, b in itertools.pairwise(points)):
        return "jump"
    return None
