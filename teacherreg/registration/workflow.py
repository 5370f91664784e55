"""The application state machine as data (P15, style.md lesson 3).

One table lists every allowed move: its name, the states it leaves, the state it reaches,
the roles that may take it, and the guards that must hold. Nothing else decides whether a
status may change; ``registration.services.transitions.apply_transition`` is the only
writer. What the applicant sees and who acts next are derived in one pure function.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("网报待确认")
    RETURNED = "returned", _("已退回修改")
    CONFIRMED = "confirmed", _("已确认")
    COUNTY_REVIEW = "county_review", _("初审中")
    CITY_REVIEW = "city_review", _("复核中")
    PROVINCE_REVIEW = "province_review", _("终审中")
    PUBLIC_NOTICE = "public_notice", _("公示中")
    QUALIFIED = "qualified", _("注册合格")
    DEFERRED = "deferred", _("暂缓注册")
    UNQUALIFIED = "unqualified", _("注册不合格")
    REVOKED = "revoked", _("撤销注册")
    WITHDRAWN = "withdrawn", _("已撤回")
    LAPSED = "lapsed", _("逾期未确认")


class Actor(models.TextChoices):
    """Who takes a transition: the applicant, a P21 staff role, or the scheduler."""

    APPLICANT = "applicant", _("申请人")
    CONFIRMATION_OPERATOR = "confirmation_operator", _("确认点")
    COUNTY_REVIEWER = "county_reviewer", _("初审机构")
    CITY_REVIEWER = "city_reviewer", _("复核机构")
    PROVINCE_REVIEWER = "province_reviewer", _("终审机构")
    SYSTEM = "system", _("系统")


S = Status
A = Actor

# Named groups.
# P14: every submitted application that is not withdrawn or lapsed is live.
NOT_LIVE = frozenset({S.WITHDRAWN, S.LAPSED})
LIVE = frozenset(S) - NOT_LIVE
EDITABLE_BY_APPLICANT = frozenset({S.SUBMITTED, S.RETURNED})
AWAITING_CONFIRMATION = frozenset({S.SUBMITTED, S.RETURNED})
UNDER_REVIEW = frozenset({S.CONFIRMED, S.COUNTY_REVIEW, S.CITY_REVIEW, S.PROVINCE_REVIEW})
CONCLUDED = frozenset({S.QUALIFIED, S.DEFERRED, S.UNQUALIFIED, S.REVOKED})
FINAL = CONCLUDED | NOT_LIVE


class Guard(models.TextChoices):
    """Conditions checked by ``registration.services.guards`` before a move."""

    WITHIN_CONFIRMATION_DATES = "within_confirmation_dates", _("在确认点的确认时间内")
    CONFIRMATION_DATES_OVER = "confirmation_dates_over", _("确认时间已结束")
    WINDOW_OPEN = "window_open", _("在网报时间内")
    PROVINCE_HAS_CITY_REVIEW = "province_has_city_review", _("本省设复核环节")
    PROVINCE_SKIPS_CITY_REVIEW = "province_skips_city_review", _("本省不设复核环节")
    PROVINCE_HAS_NOTICE = "province_has_notice", _("本省设公示环节")
    PROVINCE_SKIPS_NOTICE = "province_skips_notice", _("本省不设公示环节")
    COUNTY_PROPOSAL_MADE = "county_proposal_made", _("初审已提出注册意见")
    NOTICE_PERIOD_OVER = "notice_period_over", _("公示期已结束")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[Status]
    target: Status
    actors: frozenset[Actor]
    guards: tuple[Guard, ...] = ()  # all must hold, checked in this order
    needs_note: bool = False  # a message or reason is required (return, send back, revoke …)


def _t(
    name: str,
    sources: set[Status],
    target: Status,
    actors: set[Actor],
    *guards: Guard,
    needs_note: bool = False,
) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(actors), tuple(guards), needs_note)


G = Guard

# The review chain (domain.md §2.2, issue 6 item 4): the county's 初审 proposes a conclusion;
# where the province's plan has a notice period the proposal is published (公示) before anyone
# above sees the case; the city's 复核 agrees or sends it back; the province's 终审 decides.
# Levels come from the province's plan (ProvincialPlan.review_levels / notice_days).
TRANSITIONS: tuple[Transition, ...] = (
    # The applicant.
    _t("resubmit", {S.RETURNED}, S.SUBMITTED, {A.APPLICANT}, G.WITHIN_CONFIRMATION_DATES),
    _t("withdraw", {S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, {A.APPLICANT}),
    # The confirmation point, only within its own dates (P17). A returned case is confirmed
    # again once the applicant has put it right (domain.md §2.2 "补全材料…再次确认"), online
    # or with the missing papers on site, so confirm leaves 已退回修改 as well.
    _t("confirm", {S.SUBMITTED, S.RETURNED}, S.CONFIRMED, {A.CONFIRMATION_OPERATOR}, G.WITHIN_CONFIRMATION_DATES),
    _t(
        "return_for_changes",
        {S.SUBMITTED},
        S.RETURNED,
        {A.CONFIRMATION_OPERATOR},
        G.WITHIN_CONFIRMATION_DATES,
        needs_note=True,
    ),
    # The scheduler: unconfirmed applications lapse when the confirmation dates end (P17).
    _t("lapse", {S.SUBMITTED, S.RETURNED}, S.LAPSED, {A.SYSTEM}, G.CONFIRMATION_DATES_OVER),
    # 初审 (county): takes the case up, proposes a conclusion (a decision record, no move),
    # then publishes it or, where the province has no 公示, passes it up at once.
    _t("start_county_review", {S.CONFIRMED}, S.COUNTY_REVIEW, {A.COUNTY_REVIEWER}),
    _t(
        "start_notice",
        {S.COUNTY_REVIEW},
        S.PUBLIC_NOTICE,
        {A.COUNTY_REVIEWER},
        G.PROVINCE_HAS_NOTICE,
        G.COUNTY_PROPOSAL_MADE,
    ),
    _t(
        "pass_county_review",
        {S.COUNTY_REVIEW},
        S.CITY_REVIEW,
        {A.COUNTY_REVIEWER},
        G.PROVINCE_SKIPS_NOTICE,
        G.COUNTY_PROPOSAL_MADE,
        G.PROVINCE_HAS_CITY_REVIEW,
    ),
    _t(
        "pass_county_review_to_province",
        {S.COUNTY_REVIEW},
        S.PROVINCE_REVIEW,
        {A.COUNTY_REVIEWER},
        G.PROVINCE_SKIPS_NOTICE,
        G.COUNTY_PROPOSAL_MADE,
        G.PROVINCE_SKIPS_CITY_REVIEW,
    ),
    # An agency asks the applicant to change the application (manual §3.2.3).
    _t("send_back_to_applicant", {S.CONFIRMED, S.COUNTY_REVIEW}, S.RETURNED, {A.COUNTY_REVIEWER}, needs_note=True),
    # 公示: the county may take a case off the list (an objection upheld) to propose again;
    # once the period is over the county or the nightly job passes it up.
    _t("withdraw_notice", {S.PUBLIC_NOTICE}, S.COUNTY_REVIEW, {A.COUNTY_REVIEWER}, needs_note=True),
    _t(
        "end_notice",
        {S.PUBLIC_NOTICE},
        S.CITY_REVIEW,
        {A.COUNTY_REVIEWER, A.SYSTEM},
        G.NOTICE_PERIOD_OVER,
        G.PROVINCE_HAS_CITY_REVIEW,
    ),
    _t(
        "end_notice_to_province",
        {S.PUBLIC_NOTICE},
        S.PROVINCE_REVIEW,
        {A.COUNTY_REVIEWER, A.SYSTEM},
        G.NOTICE_PERIOD_OVER,
        G.PROVINCE_SKIPS_CITY_REVIEW,
    ),
    # 复核 (city): only ever after the 公示, since a case reaches 复核中 only through end_notice
    # (or pass_county_review where the province has no 公示).
    _t("pass_city_review", {S.CITY_REVIEW}, S.PROVINCE_REVIEW, {A.CITY_REVIEWER}),
    _t("send_back_to_county", {S.CITY_REVIEW}, S.COUNTY_REVIEW, {A.CITY_REVIEWER}, needs_note=True),
    # 终审 (province): the conclusion, or back to the level below.
    _t(
        "send_back_to_previous_level",
        {S.PROVINCE_REVIEW},
        S.CITY_REVIEW,
        {A.PROVINCE_REVIEWER},
        G.PROVINCE_HAS_CITY_REVIEW,
        needs_note=True,
    ),
    _t(
        "send_back_to_county_from_province",
        {S.PROVINCE_REVIEW},
        S.COUNTY_REVIEW,
        {A.PROVINCE_REVIEWER},
        G.PROVINCE_SKIPS_CITY_REVIEW,
        needs_note=True,
    ),
    _t("decide_qualified", {S.PROVINCE_REVIEW}, S.QUALIFIED, {A.PROVINCE_REVIEWER}),
    _t("decide_deferred", {S.PROVINCE_REVIEW}, S.DEFERRED, {A.PROVINCE_REVIEWER}, needs_note=True),
    _t("decide_unqualified", {S.PROVINCE_REVIEW}, S.UNQUALIFIED, {A.PROVINCE_REVIEWER}, needs_note=True),
    # P15: a decided case goes back only through an undo, recorded as a new decision.
    _t(
        "undo_conclusion",
        {S.QUALIFIED, S.DEFERRED, S.UNQUALIFIED},
        S.PROVINCE_REVIEW,
        {A.PROVINCE_REVIEWER},
        needs_note=True,
    ),
    # 撤销注册 of a registration already made (P19: blocks a new one for five years).
    _t("revoke", {S.QUALIFIED}, S.REVOKED, {A.PROVINCE_REVIEWER}, needs_note=True),
    # A revocation made in error is undone by the province too: a new record, back to 合格.
    _t("undo_revocation", {S.REVOKED}, S.QUALIFIED, {A.PROVINCE_REVIEWER}, needs_note=True),
)

TRANSITIONS_BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}
assert len(TRANSITIONS_BY_NAME) == len(TRANSITIONS), "transition names must be unique"


def transitions_from(status: Status, actor: Actor) -> list[Transition]:
    """The moves ``actor`` may consider from ``status`` (guards not yet checked)."""
    return [t for t in TRANSITIONS if status in t.sources and actor in t.actors]


def find_transition(name: str) -> Transition:
    try:
        return TRANSITIONS_BY_NAME[name]
    except KeyError as exc:
        raise LookupError(f"Unknown transition {name!r}") from exc


@dataclass(frozen=True)
class ApplicantView:
    """What the applicant's list shows for one application, and whose move it is."""

    label: str  # the 注册结论 column: 网报待确认, 待注册审批, 注册合格 …
    detail: str  # the stage or reason shown beside it: 初审中, 已退回修改 …
    acts_next: str  # applicant, confirmation_operator, county_reviewer, … or "" when nobody
    editable: bool


_PENDING = pgettext_lazy("applicant label", "待注册审批")
_WAITING = pgettext_lazy("applicant label", "网报待确认")

_VIEW: dict[Status, tuple[str, str, str]] = {
    S.SUBMITTED: (_WAITING, "", A.CONFIRMATION_OPERATOR),
    S.RETURNED: (_WAITING, _("已退回修改"), A.APPLICANT),
    S.CONFIRMED: (_PENDING, _("初审中"), A.COUNTY_REVIEWER),
    S.COUNTY_REVIEW: (_PENDING, _("初审中"), A.COUNTY_REVIEWER),
    S.CITY_REVIEW: (_PENDING, _("复核中"), A.CITY_REVIEWER),
    S.PROVINCE_REVIEW: (_PENDING, _("终审中"), A.PROVINCE_REVIEWER),
    S.PUBLIC_NOTICE: (_("公示中"), "", ""),
    S.QUALIFIED: (_("注册合格"), "", ""),
    S.DEFERRED: (_("暂缓注册"), "", A.APPLICANT),
    S.UNQUALIFIED: (_("注册不合格"), "", ""),
    S.REVOKED: (_("撤销注册"), "", ""),
    S.WITHDRAWN: (_("已撤回"), "", ""),
    S.LAPSED: (_("逾期未确认"), "", ""),
}


def applicant_view(status: Status | str) -> ApplicantView:
    """P15's table: the label, the stage or reason beside it, and who acts next.

    A 暂缓注册 names the applicant as next: they apply again once the reason is gone.
    """
    status = Status(status)
    label, detail, acts_next = _VIEW[status]
    return ApplicantView(
        label=str(label),
        detail=str(detail),
        acts_next=str(acts_next),
        editable=status in EDITABLE_BY_APPLICANT,
    )
