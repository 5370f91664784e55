"""The guards named in the transition table (``workflow.Guard``), each a check that raises
a ``DomainError`` with the reason when it does not hold."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Application
from teacherreg.registration.services.review_state import pending_proposal
from teacherreg.registration.workflow import Guard, Transition


def _within_confirmation_dates(app: Application, transition: Transition, today: datetime.date) -> None:
    arrangement = app.arrangement
    if not arrangement.is_confirming_on(today):
        raise DomainError("outside_confirmation_dates", start=arrangement.confirm_from, end=arrangement.confirm_until)


def _confirmation_dates_over(app: Application, transition: Transition, today: datetime.date) -> None:
    if today <= app.arrangement.confirm_until:
        raise DomainError("confirmation_dates_not_over", end=app.arrangement.confirm_until)


def _window_open(app: Application, transition: Transition, today: datetime.date) -> None:
    if not app.window.is_open_on(today):
        raise DomainError("window_closed")


def _has_city_review(app: Application, transition: Transition, today: datetime.date) -> None:
    if not app.window.batch.plan.has_city_review:
        raise DomainError("province_skips_city_review")


def _skips_city_review(app: Application, transition: Transition, today: datetime.date) -> None:
    if app.window.batch.plan.has_city_review:
        raise DomainError("province_has_city_review")


def _has_notice(app: Application, transition: Transition, today: datetime.date) -> None:
    if not app.window.batch.plan.notice_days:
        raise DomainError("review_province_skips_notice")


def _skips_notice(app: Application, transition: Transition, today: datetime.date) -> None:
    # Where the plan has a notice period no proposal reaches the level above unpublished.
    if app.window.batch.plan.notice_days:
        raise DomainError("review_notice_required", days=app.window.batch.plan.notice_days)


def _proposal_made(app: Application, transition: Transition, today: datetime.date) -> None:
    if pending_proposal(app) is None:
        raise DomainError("review_proposal_missing")


def _notice_period_over(app: Application, transition: Transition, today: datetime.date) -> None:
    """The 公示 has run to its last day (a notice ending on the 20th is over on the 21st)."""
    if app.notice_ends_on is None or today <= app.notice_ends_on:
        raise DomainError("notice_not_over", end=app.notice_ends_on)


GUARDS: dict[Guard, Callable[[Application, Transition, datetime.date], None]] = {
    Guard.WITHIN_CONFIRMATION_DATES: _within_confirmation_dates,
    Guard.CONFIRMATION_DATES_OVER: _confirmation_dates_over,
    Guard.WINDOW_OPEN: _window_open,
    Guard.PROVINCE_HAS_CITY_REVIEW: _has_city_review,
    Guard.PROVINCE_SKIPS_CITY_REVIEW: _skips_city_review,
    Guard.PROVINCE_HAS_NOTICE: _has_notice,
    Guard.PROVINCE_SKIPS_NOTICE: _skips_notice,
    Guard.COUNTY_PROPOSAL_MADE: _proposal_made,
    Guard.NOTICE_PERIOD_OVER: _notice_period_over,
}
assert set(GUARDS) == set(Guard), "every guard in the table needs its check"


def check_guard(guard: Guard, app: Application, transition: Transition, today: datetime.date) -> None:
    GUARDS[guard](app, transition, today)
