"""P11 trajectory rule: only the obviously synthetic is refused; 20 steps over 300 ms pass.

A step is one recorded point after the press, so a trail of 21 points is 20 steps. The
boundary choices: 19 steps fail, 299 ms fails.
"""

from __future__ import annotations

import pytest

from teacherreg.captcha.trajectory import check_trail
from tests.captcha.helpers import trail_to


def test_twenty_steps_over_300_ms_pass():
    assert check_trail(trail_to(150, steps=20, duration_ms=300), 150) is None


def test_nineteen_steps_fail_even_when_slow():
    assert check_trail(trail_to(150, steps=19, duration_ms=2000), 150) == "too_few_steps"


def test_299_ms_fails_even_with_many_steps():
    assert check_trail(trail_to(150, steps=60, duration_ms=299), 150) == "too_fast"


def test_zero_duration_fails():
    trail = [[x, 0] for x, _ in trail_to(150, steps=30)]
    assert check_trail(trail, 150) == "too_fast"


def test_an_instant_jump_fails():
    assert check_trail([[0, 0], [150, 0]], 150) == "too_few_steps"
    # Enough points and time, but the piece teleports 130 px in one step.
    trail = [[i, i * 20] for i in range(20)] + [[150, 420]]
    assert check_trail(trail, 150) == "jump"


def test_a_step_of_80_px_is_a_fast_hand_and_81_is_a_jump():
    fine = [[0, 0], *[[i, 20 * i] for i in range(1, 20)], [99, 420]]  # last step 80 px
    jump = [[0, 0], *[[i, 20 * i] for i in range(1, 20)], [100, 420]]  # last step 81 px
    assert check_trail(fine, 99) is None
    assert check_trail(jump, 100) == "jump"


def test_a_keyboard_user_pressing_an_arrow_key_passes():
    # 40 presses of 2 px each, auto-repeat at about 30 per second.
    trail = [[0, 0]] + [[2 * i, 33 * i] for i in range(1, 41)]
    assert check_trail(trail, 80) is None


def test_a_hand_that_pauses_and_goes_back_passes():
    trail = [[0, 0]] + [[5 * i, 30 * i] for i in range(1, 30)] + [[140 - 2 * i, 900 + 40 * i] for i in range(10)]
    assert check_trail(trail, trail[-1][0]) is None


@pytest.mark.parametrize(
    ("trail", "x"),
    [
        (None, 10),
        ("[[0,0]]", 10),
        ([], 10),
        ([[0, 0], [1]], 1),
        ([[0, 0], ["5", 10]], 5),
        ([[0, 0], [True, 10]], 1),
        ([[0, 0], [float("nan"), 10]], 1),
        ([[0, 0], [10, float("inf")]], 10),
        ([[-9, 0]] + [[i, 20 * i] for i in range(1, 25)], 24),  # off the left edge
        ([[0, 0]] + [[260 + i, 20 * i] for i in range(1, 25)], 284),  # off the right edge
        ([[0, 0]] + [[i, 20 * i] for i in range(1, 24)] + [[24, 100]], 24),  # time goes backwards
        ([[0, -1]] + [[i, 20 * i] for i in range(1, 25)], 24),  # time before the press
        (trail_to(150), 140),  # dropped away from where the trail ends
        (trail_to(150, steps=1000), 150),  # 1,001 points: more than anyone records
    ],
)
def test_malformed_trails_fail(trail, x):
    assert check_trail(trail, x) == "malformed"


def test_at_most_1000_points_are_read():
    assert check_trail(trail_to(150, steps=999, duration_ms=5000), 150) is None
