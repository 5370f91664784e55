"""The rules of plans, batches, windows and confirmation arrangements (``plan_rules``), each
at its boundaries. Pure functions over unsaved model instances: no database."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
)
from teacherreg.registration.services.plan_rules import (
    PlanUse,
    WindowUse,
    arrangement_problems,
    batch_problems,
    overlaps,
    plan_problems,
    window_problems,
)

D = datetime.date


def codes(problems) -> list[str]:
    return [p.code for p in problems]


# --- pure rules ------------------------------------------------------------------------------


def plan(**values) -> ProvincialPlan:
    base = {"year": 2026, "status": PlanStatus.PUBLISHED, "starts_on": D(2026, 9, 1), "ends_on": D(2026, 12, 31)}
    return ProvincialPlan(**(base | values))


def window(start: D, end: D) -> ApplicationWindow:
    return ApplicationWindow(starts_on=start, ends_on=end)


def arrangement(start: D, end: D) -> ConfirmationArrangement:
    return ConfirmationArrangement(confirm_from=start, confirm_until=end)


class TestPlanRules:
    def test_it_takes_a_one_day_plan_and_refuses_an_end_before_the_start(self):
        assert plan_problems(plan(starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 1)), None, PlanUse()) == []
        problems = plan_problems(plan(starts_on=D(2026, 9, 2), ends_on=D(2026, 9, 1)), None, PlanUse())
        assert [(p.field, p.code) for p in problems] == [("ends_on", "plan_dates_order")]

    def test_it_may_start_on_the_first_window_day_but_not_after_it(self):
        use = PlanUse(earliest_start=D(2026, 10, 8), latest_end=D(2026, 10, 30))

        assert plan_problems(plan(starts_on=D(2026, 10, 8)), plan(), use) == []
        assert codes(plan_problems(plan(starts_on=D(2026, 10, 9)), plan(), use)) == ["plan_shrinks_start"]

    def test_it_may_end_on_the_last_window_or_confirmation_day_but_not_before_it(self):
        use = PlanUse(earliest_start=D(2026, 10, 8), latest_end=D(2026, 10, 30))

        assert plan_problems(plan(ends_on=D(2026, 10, 30)), plan(), use) == []
        assert codes(plan_problems(plan(ends_on=D(2026, 10, 29)), plan(), use)) == ["plan_shrinks_end"]

    def test_its_year_and_published_status_stay_once_somebody_applied(self):
        applied = PlanUse(applications=1)

        assert codes(plan_problems(plan(year=2027), plan(), applied)) == ["plan_year_locked"]
        assert codes(plan_problems(plan(status=PlanStatus.DRAFT), plan(), applied)) == ["plan_back_to_draft"]
        assert plan_problems(plan(year=2027, status=PlanStatus.DRAFT), plan(), PlanUse()) == []
        # Finishing a plan with applications is what plans are for.
        assert plan_problems(plan(status=PlanStatus.FINISHED), plan(), applied) == []

    def test_it_keeps_city_review_while_cases_wait_there(self):
        without_city = plan(review_levels=["county", "province"])

        assert codes(plan_problems(without_city, plan(), PlanUse(in_city_review=1))) == ["plan_city_review_in_use"]
        assert plan_problems(without_city, plan(), PlanUse(applications=5)) == []

    def test_a_level_may_ask_for_the_whole_total_but_not_more(self):
        assert plan_problems(plan(training_hours_by_level={"provincial": 360}), None, PlanUse()) == []
        problems = plan_problems(plan(training_hours_by_level={"provincial": 361}), None, PlanUse())
        assert [(p.code, p.params["level"]) for p in problems] == [("plan_level_hours_above_total", "provincial")]


class TestWindowRules:
    PLAN = plan()

    def check(self, new, **kwargs):
        return codes(window_problems(new, plan=self.PLAN, siblings=kwargs.pop("siblings", ()), **kwargs))

    def test_it_takes_a_one_day_window_and_refuses_an_end_before_the_start(self):
        assert self.check(window(D(2026, 10, 8), D(2026, 10, 8))) == []
        assert self.check(window(D(2026, 10, 8), D(2026, 10, 7))) == ["window_dates_order"]

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (D(2026, 9, 1), D(2026, 12, 31), []),  # exactly the plan
            (D(2026, 8, 31), D(2026, 10, 1), ["window_outside_plan"]),
            (D(2026, 10, 1), D(2027, 1, 1), ["window_outside_plan"]),
        ],
    )
    def test_it_sits_inside_the_plan(self, start, end, expected):
        assert self.check(window(start, end)) == expected

    def test_windows_of_a_batch_may_follow_each_other_but_not_share_a_day(self):
        first = (D(2026, 10, 8), D(2026, 10, 23))

        assert self.check(window(D(2026, 10, 24), D(2026, 11, 5)), siblings=[first]) == []
        assert self.check(window(D(2026, 10, 23), D(2026, 11, 5)), siblings=[first]) == ["window_overlap"]
        assert self.check(window(D(2026, 9, 1), D(2026, 10, 8)), siblings=[first]) == ["window_overlap"]
        assert overlaps(first, first)

    def test_with_applications_its_start_may_only_move_earlier(self):
        old = (D(2026, 10, 8), D(2026, 10, 23))
        use = WindowUse(applications=3, last_submitted=D(2026, 10, 20))

        assert self.check(window(D(2026, 10, 8), D(2026, 10, 23)), old=old, use=use) == []
        assert self.check(window(D(2026, 10, 1), D(2026, 10, 23)), old=old, use=use) == []
        assert self.check(window(D(2026, 10, 9), D(2026, 10, 23)), old=old, use=use) == ["window_start_locked"]
        # Without applications the agency may move it as it likes.
        assert self.check(window(D(2026, 10, 9), D(2026, 10, 23)), old=old, use=WindowUse()) == []

    def test_its_end_stays_on_or_after_the_last_submission_day(self):
        old = (D(2026, 10, 8), D(2026, 10, 23))
        use = WindowUse(applications=3, last_submitted=D(2026, 10, 20))

        assert self.check(window(D(2026, 10, 8), D(2026, 10, 20)), old=old, use=use) == []
        assert self.check(window(D(2026, 10, 8), D(2026, 10, 19)), old=old, use=use) == [
            "window_end_before_submissions"
        ]

    def test_it_stays_within_its_confirmation_periods(self):
        use = WindowUse(confirmations=(("历下区确认点", D(2026, 10, 10), D(2026, 10, 30)),))

        assert self.check(window(D(2026, 10, 10), D(2026, 10, 30)), use=use) == []
        assert self.check(window(D(2026, 10, 11), D(2026, 10, 30)), use=use) == ["window_starts_after_confirmation"]
        assert self.check(window(D(2026, 10, 10), D(2026, 10, 31)), use=use) == ["window_outlasts_confirmation"]


class TestArrangementRules:
    WINDOW = (D(2026, 10, 8), D(2026, 10, 23))
    PLAN_END = D(2026, 12, 31)

    def check(self, new, **kwargs):
        return codes(arrangement_problems(new, window=self.WINDOW, plan_ends_on=self.PLAN_END, **kwargs))

    def test_it_refuses_an_end_before_the_start(self):
        assert self.check(arrangement(D(2026, 10, 24), D(2026, 10, 23))) == ["arrangement_dates_order"]

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (D(2026, 10, 8), D(2026, 10, 23), []),  # exactly the window
            (D(2026, 10, 24), D(2026, 12, 31), []),  # confirming only after 网报 closes, to the plan's end
            (D(2026, 10, 7), D(2026, 10, 30), ["arrangement_starts_before_window"]),
            (D(2026, 10, 8), D(2026, 10, 22), ["arrangement_ends_before_window"]),
            (D(2026, 10, 8), D(2027, 1, 1), ["arrangement_after_plan"]),
        ],
    )
    def test_its_dates_cover_the_window_within_the_plan(self, start, end, expected):
        assert self.check(arrangement(start, end)) == expected

    def test_with_applications_it_may_only_grow(self):
        old = (D(2026, 10, 10), D(2026, 10, 30))

        assert self.check(arrangement(D(2026, 10, 8), D(2026, 11, 5)), old=old, applications=2) == []
        assert self.check(arrangement(D(2026, 10, 11), D(2026, 10, 30)), old=old, applications=2) == [
            "arrangement_start_locked"
        ]
        assert self.check(arrangement(D(2026, 10, 10), D(2026, 10, 29)), old=old, applications=2) == [
            "arrangement_end_locked"
        ]
        assert self.check(arrangement(D(2026, 10, 11), D(2026, 10, 29)), old=old, applications=0) == []


def test_a_batch_with_applications_keeps_taking_part_but_may_close():
    old = AgencyBatch(takes_part=True, is_open=True)

    assert codes(batch_problems(AgencyBatch(takes_part=False, is_open=True), old, 1)) == ["batch_takes_part_locked"]
    assert batch_problems(AgencyBatch(takes_part=True, is_open=False), old, 1) == []
    assert batch_problems(AgencyBatch(takes_part=False, is_open=False), old, 0) == []
