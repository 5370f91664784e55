"""The rules a provincial plan, an agency batch, an application window and a confirmation
arrangement must keep (domain.md §3.2; P14, P17). Pure functions over model instances and
plain facts: no queries here, so each rule is tested at its boundaries without a database.
``plan_saving`` gathers the facts, runs these checks and saves.

Dates are whole Asia/Shanghai days, both ends included (P17: a window runs from its start
00:00:00 to its end 23:59:59), so two spans that share a single day overlap.

The rules and where they come from:

- A plan's, a window's and a confirmation arrangement's end is not before its start.
- A window lies inside its provincial plan's dates: the plan is the province's work for the
  year (domain.md §3.2, ``t_province_batch`` above ``t_org_batch_time``).
- The windows of one batch do not overlap: an application belongs to exactly one window, and
  the public query lists each agency's windows one after another (domain.md §3.2 message
  "网报时间段为 …").
- Confirmation dates cover the window they serve (P17). Applicants may edit until the point's
  confirmation end and unconfirmed applications lapse then, so the confirmation end is never
  before the window's end: whoever applies on the window's last day can still be confirmed.
  The confirmation start need not be the window's start — many points confirm only after
  网报 closes (domain.md §2.4: the point has its own dates, separate from the window) — but it
  is not before the window's start, when nothing can be waiting for confirmation yet.
  Confirmation ends within the plan, like everything else of the year's work.
- A plan's dates cannot shrink to leave a window or a confirmation period outside.
- What applicants have already relied on is not taken back:
  - a window with applications keeps its start (it may only move earlier) and its end stays
    on or after the day of its last submission;
  - a confirmation arrangement with applications may only grow: its start does not move
    later and its end does not move earlier (applicants read both at step 5, and P17 lets
    them edit until the end);
  - a plan with applications keeps its year (the registration year of P14 numbers and
    limits every application) and does not go back to draft;
  - a batch with applications keeps taking part (closing 网报 is the way to stop new ones);
  - 复核 stays among the review levels while cases wait at 复核 (P15).
- Nothing under a finished plan changes (domain.md §3.2: status ≥ 4 means the work is over).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format

from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
    ReviewLevel,
)
from teacherreg.registration.models.plans import TRAINING_LEVEL_ORDER

Span = tuple[datetime.date, datetime.date]  # first and last day, both included


@dataclass(frozen=True)
class Problem:
    """One broken rule: the form field it belongs to (None for the form as a whole), a
    message code from the catalogue and its parameters."""

    field: str | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)


class RulesBroken(DomainError):
    """Raised by a save service when one or more rules refuse the change; nothing was saved."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        super().__init__(first.code, **first.params)
        self.problems = tuple(problems)


def day(value: datetime.date) -> str:
    """A date as messages show it (e.g. 2026年10月8日)."""
    return date_format(value, "DATE_FORMAT")


def overlaps(a: Span, b: Span) -> bool:
    """Whether two inclusive spans share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


# --- plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanUse:
    """What already hangs on a plan: the days its windows and confirmation periods need,
    how many applications it has and how many cases wait at 复核."""

    earliest_start: datetime.date | None = None
    latest_end: datetime.date | None = None
    applications: int = 0
    in_city_review: int = 0


def plan_problems(new: ProvincialPlan, old: ProvincialPlan | None, use: PlanUse) -> list[Problem]:
    """The rules for creating (``old`` None) or changing a provincial plan."""
    problems: list[Problem] = []
    if new.ends_on < new.starts_on:
        problems.append(Problem("ends_on", "plan_dates_order"))
    if use.earliest_start is not None and new.starts_on > use.earliest_start:
        problems.append(Problem("starts_on", "plan_shrinks_start", {"day": day(use.earliest_start)}))
    if use.latest_end is not None and new.ends_on < use.latest_end:
        problems.append(Problem("ends_on", "plan_shrinks_end", {"day": day(use.latest_end)}))
    if old is not None and use.applications:
        if new.year != old.year:
            problems.append(Problem("year", "plan_year_locked", {"count": use.applications}))
        if new.status == PlanStatus.DRAFT and old.status != PlanStatus.DRAFT:
            problems.append(Problem("status", "plan_back_to_draft", {"count": use.applications}))
    if use.in_city_review and ReviewLevel.CITY not in new.review_levels:
        problems.append(Problem("review_levels", "plan_city_review_in_use", {"count": use.in_city_review}))
    problems.extend(training_problems(new.training_hours_required, new.training_hours_by_level))
    return problems


def training_problems(required: int, by_level: Mapping[str, int]) -> list[Problem]:
    """A by-level requirement counts hours of that level and above, which are part of the
    cycle's total, so no level may ask for more than the total."""
    return [
        Problem(
            "training_hours_by_level",
            "plan_level_hours_above_total",
            {"hours": hours, "total": required, "level": level},
        )
        for level, hours in sorted(by_level.items(), key=lambda item: TRAINING_LEVEL_ORDER.index(item[0]))
        if level in TRAINING_LEVEL_ORDER and hours > required
    ]


def finished_problems(plan: ProvincialPlan) -> list[Problem]:
    """Batches, windows and arrangements of a finished plan are history."""
    if plan.status == PlanStatus.FINISHED:
        return [Problem(None, "plan_finished_locked", {"year": plan.year})]
    return []


# --- batches ---------------------------------------------------------------------------------


def batch_problems(new: AgencyBatch, old: AgencyBatch | None, applications: int) -> list[Problem]:
    """A batch that has applications keeps taking part; it stops new ones by closing 网报."""
    if old is not None and applications and old.takes_part and not new.takes_part:
        return [Problem("takes_part", "batch_takes_part_locked", {"count": applications})]
    return []


# --- windows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowUse:
    """What already hangs on a window: its applications' first and last submission days and
    its confirmation arrangements as (point name, confirm_from, confirm_until)."""

    applications: int = 0
    last_submitted: datetime.date | None = None
    confirmations: tuple[tuple[str, datetime.date, datetime.date], ...] = ()


def window_problems(
    new: ApplicationWindow,
    *,
    plan: ProvincialPlan,
    siblings: Iterable[Span],
    old: Span | None = None,
    use: WindowUse | None = None,
) -> list[Problem]:
    """The rules for adding (``old`` None) or changing an application window.

    ``siblings`` are the batch's other windows. With applications on the window its start
    may only move earlier and its end not before the last submission day.
    """
    if new.ends_on < new.starts_on:
        return [Problem("ends_on", "window_dates_order")]
    use = use or WindowUse()
    problems: list[Problem] = []
    plan_span = {"start": day(plan.starts_on), "end": day(plan.ends_on)}
    if new.starts_on < plan.starts_on:
        problems.append(Problem("starts_on", "window_outside_plan", plan_span))
    if new.ends_on > plan.ends_on:
        problems.append(Problem("ends_on", "window_outside_plan", plan_span))
    for other in sorted(siblings):
        if overlaps((new.starts_on, new.ends_on), other):
            problems.append(Problem(None, "window_overlap", {"start": day(other[0]), "end": day(other[1])}))
    if old is not None and use.applications:
        if new.starts_on > old[0]:
            problems.append(
                Problem("starts_on", "window_start_locked", {"count": use.applications, "day": day(old[0])})
            )
        if use.last_submitted is not None and new.ends_on < use.last_submitted:
            problems.append(Problem("ends_on", "window_end_before_submissions", {"day": day(use.last_submitted)}))
    for point, confirm_from, confirm_until in use.confirmations:
        if confirm_from < new.starts_on:
            problems.append(
                Problem("starts_on", "window_starts_after_confirmation", {"point": point, "day": day(confirm_from)})
            )
        if confirm_until < new.ends_on:
            problems.append(
                Problem("ends_on", "window_outlasts_confirmation", {"point": point, "day": day(confirm_until)})
            )
    return problems


def window_delete_problems(applications: int) -> list[Problem]:
    if applications:
        return [Problem(None, "window_delete_has_applications", {"count": applications})]
    return []


# --- confirmation arrangements ---------------------------------------------------------------


def arrangement_problems(
    new: ConfirmationArrangement,
    *,
    window: Span,
    plan_ends_on: datetime.date,
    old: Span | None = None,
    applications: int = 0,
) -> list[Problem]:
    """The rules for a point's confirmation dates on a window (module docstring, P17).

    From the window's start at the earliest; until the window's end at the least and the
    plan's end at the most. With applications the dates may only grow.
    """
    if new.confirm_until < new.confirm_from:
        return [Problem("confirm_until", "arrangement_dates_order")]
    problems: list[Problem] = []
    if new.confirm_from < window[0]:
        problems.append(Problem("confirm_from", "arrangement_starts_before_window", {"day": day(window[0])}))
    if new.confirm_until < window[1]:
        problems.append(Problem("confirm_until", "arrangement_ends_before_window", {"day": day(window[1])}))
    if new.confirm_until > plan_ends_on:
        problems.append(Problem("confirm_until", "arrangement_after_plan", {"day": day(plan_ends_on)}))
    if old is not None and applications:
        if new.confirm_from > old[0]:
            problems.append(
                Problem("confirm_from", "arrangement_start_locked", {"count": applications, "day": day(old[0])})
            )
        if new.confirm_until < old[1]:
            problems.append(
                Problem("confirm_until", "arrangement_end_locked", {"count": applications, "day": day(old[1])})
            )
    return problems


def arrangement_delete_problems(applications: int) -> list[Problem]:
    if applications:
        return [Problem(None, "arrangement_delete_has_applications", {"count": applications})]
    return []
