"""公示 (domain.md §2.2 "公示 ~7 days"; issue 6 item 4): the county publishes its proposals on
a public list for the number of days the province's plan sets (``ProvincialPlan.notice_days``;
none where it is 0), anyone may object, and only when the period is over does the case go up
to 复核 (or 终审 where the province has no 复核).

A notice runs from its first day to its last, both whole days in Asia/Shanghai: a 7-day notice
starting on the 14th ends on the 20th, and the case may move on from the 21st.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.common.crypto import blind_index
from teacherreg.common.errors import DomainError
from teacherreg.common.ratelimit import Limit, hit
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, DecisionLevel, DecisionOutcome, NoticeObjection
from teacherreg.registration.services.review_common import (
    check_organisation,
    check_status,
    clean_note,
    move,
    record_decision,
)
from teacherreg.registration.services.review_state import pending_proposal, with_proposal
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import Actor, Status

logger = logging.getLogger(__name__)

L = DecisionLevel
# How far ahead an agency may schedule a notice (long enough to announce it, short enough
# that a case does not sit unpublished for a season).
MAX_DAYS_AHEAD = 30
BATCH_LIMIT = 100
MAX_OBJECTION = 1000
# Per sender's address: enough for a person with several concerns, not for a flood.
OBJECTION_LIMIT = Limit("notice_objection", 5, 60 * 60)


@dataclass(frozen=True)
class NoticeOutcome:
    """One case of a batch: done, or refused with the reason in words."""

    number: str
    done: bool
    reason: str = ""


def notice_end(starts_on: datetime.date, days: int) -> datetime.date:
    """The last day of a notice of ``days`` days starting on ``starts_on`` (both included)."""
    return starts_on + datetime.timedelta(days=days - 1)


def check_start_date(starts_on: datetime.date | None, today: datetime.date) -> datetime.date:
    latest = today + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if starts_on is None or starts_on < today or starts_on > latest:
        raise DomainError("review_notice_start_invalid", latest=latest)
    return starts_on


def start_notice(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    starts_on: datetime.date,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """公示 one proposal. Guard: the case's agency; 初审中 with a proposal waiting; the province's
    plan has a notice period; the start is today or up to 30 days ahead. Side effects: → 公示中
    (the applicant is told); the notice dates on the case (end = start + the plan's days − 1)."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.COUNTY)
    check_status(application, {Status.COUNTY_REVIEW}, L.COUNTY)
    starts_on = check_start_date(starts_on, timezone.localdate(now))
    days = application.window.batch.plan.notice_days
    with transaction.atomic():
        app = move(application, "start_notice", L.COUNTY, by, organisation, expected_version=expected_version, now=now)
        app.notice_starts_on, app.notice_ends_on = starts_on, notice_end(starts_on, days)
        app.save(update_fields=["notice_starts_on", "notice_ends_on"])
    return app


def start_notices(
    selected: Sequence[tuple[str, int | None]],
    *,
    candidates: QuerySet[Application],
    by: Any,
    organisations: Iterable[Organisation],
    starts_on: datetime.date | None,
    now: datetime.datetime | None = None,
) -> list[NoticeOutcome]:
    """公示 several proposals at once (the agency publishes one list). ``selected`` holds
    (application number, version seen); ``candidates`` what the caller may act on (its scope);
    ``organisations`` the member's agencies. Each case in its own transaction: one refusal
    leaves the others published and itself untouched."""
    now = now or timezone.now()
    check_start_date(starts_on, timezone.localdate(now))
    if not selected:
        raise DomainError("review_notice_nothing_selected")
    if len(selected) > BATCH_LIMIT:
        raise DomainError("review_batch_too_many", max=BATCH_LIMIT)
    by_pk = {org.pk: org for org in organisations}
    outcomes: list[NoticeOutcome] = []
    for number, version in dict.fromkeys(selected):
        app = candidates.filter(number=number).select_related("agency", "window__batch__plan").first()
        if app is None:
            outcomes.append(NoticeOutcome(number, False, DomainError("review_case_not_found", number=number).message))
            continue
        try:
            start_notice(
                app,
                by=by,
                organisation=by_pk.get(app.agency_id),
                starts_on=starts_on,  # type: ignore[arg-type]
                expected_version=version,
                now=now,
            )
        except DomainError as refusal:
            outcomes.append(NoticeOutcome(number, False, refusal.message))
        else:
            outcomes.append(NoticeOutcome(number, True))
    return outcomes


def end_notice(
    application: Application,
    *,
    by: Any = None,
    organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """公示期满, 报送复核: the case goes up once its notice is over.

    Guard: 公示中 and today after the notice's last day; by the case's agency, or by the
    system (``by`` None: the nightly job). Side effects: → 复核中, or 终审中 where the province
    has no 复核; the applicant is told. The proposal stays the county's record.
    """
    now = now or timezone.now()
    if by is not None:
        check_organisation(application, organisation, L.COUNTY)
    check_status(application, {Status.PUBLIC_NOTICE}, L.COUNTY)
    name = "end_notice" if application.window.batch.plan.has_city_review else "end_notice_to_province"
    if by is None:
        return apply_transition(application, name, actor_role=Actor.SYSTEM, now=now)
    return move(application, name, L.COUNTY, by, organisation, now=now)


def end_due_notices(now: datetime.datetime | None = None) -> int:
    """The nightly job: every notice whose last day is over moves its case up. Safe to repeat;
    a case withdrawn from the notice meanwhile is skipped. Returns how many moved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        Application.objects.filter(status=Status.PUBLIC_NOTICE, notice_ends_on__lt=today)
        .select_related("window__batch__plan")
        .order_by("pk")
    )
    moved = 0
    for application in due:
        try:
            end_notice(application, now=now)
        except DomainError as refusal:
            logger.info("notice end skipped for application %s: %s", application.pk, refusal.code)
            continue
        moved += 1
    return moved


def withdraw_notice(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    now: datetime.datetime | None = None,
) -> Application:
    """撤回公示: the county takes a case off its list (an objection upheld, a mistake found) to
    propose again. Guard: the case's agency; 公示中; a reason. Side effects: → 初审中; the
    proposal is undone (a new record); the notice dates are cleared so the list drops it."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.COUNTY)
    check_status(application, {Status.PUBLIC_NOTICE}, L.COUNTY)
    note = clean_note(note, required=True)
    with transaction.atomic():
        proposal = pending_proposal(application)
        app = move(application, "withdraw_notice", L.COUNTY, by, organisation, note=note, now=now)
        if proposal is not None:
            record_decision(
                app,
                level=L.COUNTY,
                outcome=DecisionOutcome.UNDONE,
                by=by,
                organisation=organisation,
                now=now,
                note=note,
                undoes=proposal,
            )
        app.notice_starts_on = app.notice_ends_on = None
        app.save(update_fields=["notice_starts_on", "notice_ends_on"])
    return app


# --- the public list and objections ---------------------------------------------------------


def on_notice(today: datetime.date) -> QuerySet[Application]:
    """Cases on a public list today (started, not yet over)."""
    return Application.objects.filter(
        status=Status.PUBLIC_NOTICE, notice_starts_on__lte=today, notice_ends_on__gte=today
    )


def public_list(agency: Organisation, today: datetime.date) -> list[Application]:
    """The agency's public list today, each case with its ``proposal`` annotated."""
    return list(
        with_proposal(on_notice(today).filter(agency=agency))
        .select_related("current_stage", "current_subject")
        .order_by("number")
    )


def agencies_with_notices(today: datetime.date) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=on_notice(today).values("agency")).order_by("name")


def file_objection(
    agency: Organisation,
    number: str,
    *,
    body: str,
    contact_name: str = "",
    contact_phone: str = "",
    ip: str | None = None,
    now: datetime.datetime | None = None,
) -> NoticeObjection:
    """An objection to a case on ``agency``'s list. Guard: the case is on that list today; a
    body of 1–1,000 characters; at most 5 an hour from one address. Side effects: the objection
    (to the agency only; the phone stored encrypted) and its audit event on the case."""
    now = now or timezone.now()
    text = (body or "").strip()
    if not text:
        raise DomainError("review_objection_empty")
    if len(text) > MAX_OBJECTION:
        raise DomainError("review_objection_too_long", max=MAX_OBJECTION)
    application = on_notice(timezone.localdate(now)).filter(agency=agency, number=number).first()
    if application is None:
        raise DomainError("review_objection_not_on_notice")
    if ip and not hit(OBJECTION_LIMIT, ip, now=now).allowed:
        raise DomainError("review_objection_too_many")
    with transaction.atomic():
        objection = NoticeObjection.objects.create(
            application=application,
            agency=agency,
            body=text,
            contact_name=(contact_name or "").strip()[:50],
            contact_phone=(contact_phone or "").strip(),
            ip_hash=blind_index(ip, "notice-objection-ip") if ip else "",
        )
        audit.record(
            "review.objection_received",
            application,
            actor_role="public",
            data={"objection": objection.pk, "agency": agency.pk},
        )
    return objection


def mark_objections_read(application: Application, user: Any, now: datetime.datetime | None = None) -> int:
    return application.objections.filter(read_at__isnull=True).update(read_at=now or timezone.now(), read_by=user)
