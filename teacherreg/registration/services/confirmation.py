"""现场确认 at the confirmation point (domain.md §2.3, §2.4; P15, P17).

The point compares the online application with the papers and originals, then confirms it
(→ 待注册审批, the county's turn) or returns it for changes with a message (→ 网报待确认 /
已退回修改, the applicant may edit again); both only within the point's own confirmation dates.
What nobody confirmed by the end of those dates lapses (逾期未确认), by a daily job.

Each service is a named, thin use of ``apply_transition``, the one writer of a status: that
function re-checks the table, the role and the date guard with the row locked, writes the
audit event and queues the status notice in the same transaction. The checks made here first
give the operator the reason in plain words, in the order a person would look for it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome, Message
from teacherreg.registration.services import materials, milestones
from teacherreg.registration.services.guards import check_guard
from teacherreg.registration.services.messages import MAX_BODY
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import (
    AWAITING_CONFIRMATION,
    Actor,
    Guard,
    Status,
    find_transition,
)

logger = logging.getLogger(__name__)

OPERATOR = Actor.CONFIRMATION_OPERATOR
BULK_LIMIT = 100  # a page of the queue is 50; two pages' worth is the most one click confirms


@dataclass(frozen=True)
class BulkOutcome:
    """One case of a bulk confirmation: confirmed, or refused with the reason in words."""

    number: str
    confirmed: bool
    reason: str = ""


# --- the checks, in the order an operator would look -----------------------------------------


def _check_point(application: Application, organisation: Organisation | None) -> None:
    # Only the case's own point confirms it: an agency reviewer who can see the case is not it.
    if organisation is None or organisation.pk != application.confirmation_point_id:
        raise DomainError("desk_not_this_point")


def _check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise DomainError("stale_version")


def _check_dates(application: Application, name: str, now: datetime.datetime) -> None:
    # The same guard apply_transition applies under the lock, asked early for the message.
    check_guard(Guard.WITHIN_CONFIRMATION_DATES, application, find_transition(name), timezone.localdate(now))


def _check_status(application: Application, name: str) -> None:
    if Status(application.status) in find_transition(name).sources:
        return
    if name == "return_for_changes" and application.status == Status.RETURNED:
        raise DomainError("desk_already_returned")
    raise DomainError("desk_not_awaiting", label=Status(application.status).label)


def _return_message(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise DomainError("desk_return_message_required")
    if len(body) > MAX_BODY:
        raise DomainError("app_message_too_long", max=MAX_BODY)
    return body


# --- the services ------------------------------------------------------------------------------


def confirm_at_point(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    checked: Collection[str],
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """确认通过: the point has checked the papers against the online application.

    Guard: ``organisation`` is the case's confirmation point; nobody changed the case since the
    operator read it (``expected_version``); it is 网报待确认 (submitted, or returned and put
    right); today (Asia/Shanghai) is within the point's confirmation dates; every item of the
    materials checklist is in ``checked``.
    Side effects, in one transaction: status → confirmed (the applicant sees 待注册审批), version
    up, ``application.transition`` audit event and the status notice (``apply_transition``); a
    confirmation decision record naming the checked materials, the operator and the point;
    the case's first confirmation moment for 统计 (``milestones.refresh``).
    """
    now = now or timezone.now()
    _check_point(application, organisation)
    _check_version(application, expected_version)
    _check_status(application, "confirm")
    _check_dates(application, "confirm", now)
    lacking = materials.missing(application, checked)
    if lacking:
        raise DomainError("desk_materials_missing", missing="、".join(str(item.label) for item in lacking))
    with transaction.atomic():
        moved = apply_transition(
            application,
            "confirm",
            actor_role=OPERATOR,
            by=by,
            expected_version=expected_version,
            now=now,
            organisation_id=organisation.pk,
        )
        Decision.objects.create(
            application=moved,
            level=DecisionLevel.CONFIRMATION,
            outcome=DecisionOutcome.CONFIRMED,
            reasons=sorted(item.code for item in materials.materials_for(moved)),
            decided_by=by if getattr(by, "pk", None) else None,
            decided_by_organisation=organisation,
            decided_at=now,
        )
        milestones.refresh(moved)
    return moved


def return_for_changes(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    message: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """退回修改: the online data or the papers need putting right; the message says what.

    Guard: ``organisation`` is the case's confirmation point; the version is the one read; the
    case is submitted (a returned one is waiting for the applicant already); within the point's
    confirmation dates; a message of 1–2,000 characters.
    Side effects, in one transaction: status → returned (网报待确认 / 已退回修改, editable by the
    applicant again until the confirmation end date), version up, audit event with the message
    and the status notice (``apply_transition``); a confirmation decision record with the
    message; the message in the case's thread, signed by the point. The status notice is the
    applicant's one notice of this: a second one for the message would say the same news twice.
    """
    now = now or timezone.now()
    _check_point(application, organisation)
    _check_version(application, expected_version)
    _check_status(application, "return_for_changes")
    _check_dates(application, "return_for_changes", now)
    body = _return_message(message)
    with transaction.atomic():
        moved = apply_transition(
            application,
            "return_for_changes",
            actor_role=OPERATOR,
            by=by,
            note=body,
            expected_version=expected_version,
            now=now,
            organisation_id=organisation.pk,
        )
        author = by if getattr(by, "pk", None) else None
        Decision.objects.create(
            application=moved,
            level=DecisionLevel.CONFIRMATION,
            outcome=DecisionOutcome.RETURNED,
            note=body,
            decided_by=author,
            decided_by_organisation=organisation,
            decided_at=now,
        )
        Message.objects.create(application=moved, author=author, author_organisation=organisation, body=body)
    return moved


def bulk_confirm(
    selected: Sequence[tuple[str, int | None]],
    *,
    candidates: QuerySet[Application],
    by: Any,
    points: Iterable[Organisation],
    materials_checked: bool,
    now: datetime.datetime | None = None,
) -> list[BulkOutcome]:
    """Confirm several cases at once, typically a school's pile handed in with its roster.

    ``selected`` holds (application number, version the operator saw); ``candidates`` is what
    the caller may act on (the office passes its scope), so a number outside it is refused like
    an unknown one; ``points`` are the operator's confirmation points.
    Guard, for the whole request: the operator declares every selected case's materials checked
    (``materials_checked``), at most ``BULK_LIMIT`` cases. Then each case is confirmed with
    :func:`confirm_at_point` in its own transaction: one refusal (wrong status, outside the
    dates, changed meanwhile …) leaves the others confirmed and itself untouched.
    Side effects: those of :func:`confirm_at_point`, per confirmed case.
    """
    if not selected:
        raise DomainError("desk_bulk_nothing_selected")
    if len(selected) > BULK_LIMIT:
        raise DomainError("desk_bulk_too_many", max=BULK_LIMIT)
    if not materials_checked:
        raise DomainError("desk_bulk_declaration_required")
    now = now or timezone.now()
    by_pk = {org.pk: org for org in points}
    outcomes: list[BulkOutcome] = []
    for number, version in dict.fromkeys(selected):  # a number posted twice is one case
        application = candidates.filter(number=number).select_related("arrangement", "window__batch__plan").first()
        if application is None:
            outcomes.append(BulkOutcome(number, False, DomainError("desk_not_found", number=number).message))
            continue
        organisation = by_pk.get(application.confirmation_point_id)
        everything = [item.code for item in materials.materials_for(application)]
        try:
            confirm_at_point(
                application,
                by=by,
                organisation=organisation,
                checked=everything,
                expected_version=version,
                now=now,
            )
        except DomainError as refusal:
            # "Changed since you read it" means since it was ticked in the queue here.
            code = "desk_bulk_changed" if refusal.code == "stale_version" else refusal.code
            outcomes.append(BulkOutcome(number, False, DomainError(code, **refusal.params).message))
        else:
            outcomes.append(BulkOutcome(number, True))
    return outcomes


def lapse_unconfirmed(now: datetime.datetime | None = None) -> int:
    """P17: applications still 网报待确认 after their point's confirmation end date lapse
    (逾期未确认). Run daily by ``registration.tasks``; safe to run again at any time.

    Guard (per case, from the table, re-checked under the row lock): submitted or returned, and
    today (Asia/Shanghai) is after the point's last confirmation day.
    Side effects, per case in its own transaction: status → lapsed (no longer live, so P14's
    one-per-year limits no longer count it), version up, audit event by the system, status
    notice. A case confirmed or withdrawn meanwhile is skipped. Returns how many lapsed.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    # Primary keys only: apply_transition reads each row afresh under its lock, and nothing
    # personal needs decrypting here.
    due = list(
        Application.objects.filter(status__in=sorted(AWAITING_CONFIRMATION), arrangement__confirm_until__lt=today)
        .order_by("pk")
        .only("pk")
    )
    lapsed = 0
    for application in due:
        try:
            apply_transition(application, "lapse", actor_role=Actor.SYSTEM, now=now)
        except DomainError as refusal:
            logger.info("lapse skipped for application %s: %s", application.pk, refusal.code)
            continue
        lapsed += 1
    if lapsed:
        logger.info("%s unconfirmed applications lapsed", lapsed)
    return lapsed
