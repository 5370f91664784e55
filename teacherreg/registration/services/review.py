"""The review chain (P15; domain.md §1.4, §2.2; issue 6 item 4): 初审 at the county, 复核 at the
city, 终审 at the province. The 公示 between 初审 and 复核 is in ``review_notice``; the
certificate's registration records in ``review_records``; shared checks in ``review_common``.

Each service is one named use of ``apply_transition`` (the only writer of a status, which
re-checks the table, the role and the guards with the row locked, writes the
``application.transition`` audit event and queues the applicant's notice) plus a decision
record and its ``review.decision`` audit event, all in one transaction. The checks made here
first give the reviewer the reason in plain words, in the order a person would look for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome, Message
from teacherreg.registration.review_reasons import reason_labels
from teacherreg.registration.services import review_records
from teacherreg.registration.services.review_common import (
    check_organisation,
    check_status,
    check_version,
    clean_note,
    clean_reasons,
    move,
    record_decision,
)
from teacherreg.registration.services.review_state import CONCLUSIONS, final_decision, pending_proposal
from teacherreg.registration.workflow import Actor, Status

L = DecisionLevel
O = DecisionOutcome  # noqa: E741 - the outcome table reads better short


# --- 初审 (county) -----------------------------------------------------------------------------


def propose(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    outcome: str,
    reasons: Iterable[str] = (),
    note: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """初审意见: the county proposes 注册合格 / 暂缓注册 / 注册不合格 with its reasons.

    Guard: ``organisation`` is the case's agency; the version is the one read; the case is
    已确认 or 初审中; the outcome is a conclusion; reasons per ``clean_reasons``; a note of at
    most 2,000 characters. Side effects, in one transaction: 已确认 → 初审中 first when needed;
    a proposal still waiting is undone (a new record) and replaced; the county decision record
    and its audit event; where the province's plan has no notice period, the case moves on at
    once (复核中, or 终审中 where the province has no 复核). Otherwise it waits on the agency's
    公示 page (``review_notice.start_notice``).
    """
    now = now or timezone.now()
    check_organisation(application, organisation, L.COUNTY)
    check_version(application, expected_version)
    check_status(application, {Status.CONFIRMED, Status.COUNTY_REVIEW}, L.COUNTY)
    if outcome not in CONCLUSIONS:
        raise DomainError("review_outcome_invalid")
    note = clean_note(note)
    codes = clean_reasons(outcome, reasons, note)
    with transaction.atomic():
        app = application
        if app.status == Status.CONFIRMED:
            app = move(
                app, "start_county_review", L.COUNTY, by, organisation, expected_version=expected_version, now=now
            )
            expected_version = app.version
        previous = pending_proposal(app)
        if previous is not None:
            record_decision(
                app,
                level=L.COUNTY,
                outcome=O.UNDONE,
                by=by,
                organisation=organisation,
                now=now,
                note=str(DomainError("review_proposal_replaced").message),
                undoes=previous,
            )
        record_decision(
            app, level=L.COUNTY, outcome=outcome, by=by, organisation=organisation, now=now, reasons=codes, note=note
        )
        plan = app.window.batch.plan
        if not plan.notice_days:
            name = "pass_county_review" if plan.has_city_review else "pass_county_review_to_province"
            app = move(app, name, L.COUNTY, by, organisation, note=note, expected_version=expected_version, now=now)
    return app


def undo_proposal(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    now: datetime.datetime | None = None,
) -> Decision:
    """The county takes back a proposal it has not yet published. Guard: the case's agency;
    初审中 with a proposal waiting; a reason. Side effects: an undo record pointing at the
    proposal and its audit event; the status does not change (nothing was published)."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.COUNTY)
    check_status(application, {Status.COUNTY_REVIEW}, L.COUNTY)
    note = clean_note(note, required=True)
    with transaction.atomic():
        proposal = pending_proposal(application)
        if proposal is None:
            raise DomainError("review_nothing_to_undo")
        return record_decision(
            application,
            level=L.COUNTY,
            outcome=O.UNDONE,
            by=by,
            organisation=organisation,
            now=now,
            note=note,
            undoes=proposal,
        )


def send_back_to_applicant(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    message: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """调整为网报待确认 (manual §3.2.3): the agency lets the applicant change the application.

    Guard: the case's agency; the version read; 已确认 or 初审中; a message. Side effects:
    status → 已退回修改 (editable within the point's dates), the county decision record, and the
    message in the case's thread signed by the agency (the status notice tells the applicant)."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.COUNTY)
    check_version(application, expected_version)
    check_status(application, {Status.CONFIRMED, Status.COUNTY_REVIEW}, L.COUNTY)
    body = clean_note(message, required=True)
    with transaction.atomic():
        app = move(
            application,
            "send_back_to_applicant",
            L.COUNTY,
            by,
            organisation,
            note=body,
            expected_version=expected_version,
            now=now,
        )
        record_decision(app, level=L.COUNTY, outcome=O.RETURNED, by=by, organisation=organisation, now=now, note=body)
        Message.objects.create(
            application=app, author=by if getattr(by, "pk", None) else None, author_organisation=organisation, body=body
        )
    return app


# --- 复核 (city) ------------------------------------------------------------------------------


def city_agree(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """复核同意: the city agrees with the county's proposal. Guard: the city above the agency; the
    version read; 复核中 (so the 公示, if any, is over). Side effects: → 终审中; the city record."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.CITY)
    check_version(application, expected_version)
    check_status(application, {Status.CITY_REVIEW}, L.CITY)
    note = clean_note(note)
    with transaction.atomic():
        app = move(
            application,
            "pass_city_review",
            L.CITY,
            by,
            organisation,
            note=note,
            expected_version=expected_version,
            now=now,
        )
        record_decision(app, level=L.CITY, outcome=O.PASSED, by=by, organisation=organisation, now=now, note=note)
    return app


def city_send_back(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """复核退回: back to the county with a reason; the county proposes again. Guard as
    :func:`city_agree` plus the reason. Side effects: → 初审中; the city record."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.CITY)
    check_version(application, expected_version)
    check_status(application, {Status.CITY_REVIEW}, L.CITY)
    note = clean_note(note, required=True)
    with transaction.atomic():
        app = move(
            application,
            "send_back_to_county",
            L.CITY,
            by,
            organisation,
            note=note,
            expected_version=expected_version,
            now=now,
        )
        record_decision(app, level=L.CITY, outcome=O.SENT_BACK, by=by, organisation=organisation, now=now, note=note)
    return app


# --- 终审 (province) ---------------------------------------------------------------------------


def decide(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    outcome: str,
    reasons: Iterable[str] = (),
    note: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """注册结论: the province decides 注册合格 / 暂缓注册 / 注册不合格.

    Guard: the province above the agency; the version read; 终审中; a conclusion with reasons
    per ``clean_reasons``. Side effects, in one transaction: status → the conclusion, the
    province record, and the certificate's registration record (P18: a 合格 one valid five
    years and counted as the next registration); the status notice names the conclusion.
    """
    now = now or timezone.now()
    check_organisation(application, organisation, L.PROVINCE)
    check_version(application, expected_version)
    check_status(application, {Status.PROVINCE_REVIEW}, L.PROVINCE)
    if outcome not in CONCLUSIONS:
        raise DomainError("review_outcome_invalid")
    note = clean_note(note)
    codes = clean_reasons(outcome, reasons, note)
    # The table asks a note of 暂缓 and 不合格: the reasons in words stand in for an empty one.
    transition_note = note or "；".join(reason_labels(codes))
    with transaction.atomic():
        app = move(
            application,
            f"decide_{outcome}",
            L.PROVINCE,
            by,
            organisation,
            note=transition_note,
            expected_version=expected_version,
            now=now,
        )
        record_decision(
            app, level=L.PROVINCE, outcome=outcome, by=by, organisation=organisation, now=now, reasons=codes, note=note
        )
        review_records.record_conclusion(app, outcome, timezone.localdate(now))
    return app


def province_send_back(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """终审退回: to 复核 where the province has it, otherwise to 初审, with a reason."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.PROVINCE)
    check_version(application, expected_version)
    check_status(application, {Status.PROVINCE_REVIEW}, L.PROVINCE)
    note = clean_note(note, required=True)
    name = (
        "send_back_to_previous_level"
        if application.window.batch.plan.has_city_review
        else "send_back_to_county_from_province"
    )
    with transaction.atomic():
        app = move(
            application, name, L.PROVINCE, by, organisation, note=note, expected_version=expected_version, now=now
        )
        record_decision(
            app, level=L.PROVINCE, outcome=O.SENT_BACK, by=by, organisation=organisation, now=now, note=note
        )
    return app


def undo_conclusion(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """撤销结论 (P15): a decided case goes back to 终审中 only through a new record.

    Guard: the province; the version read; 注册合格 / 暂缓注册 / 注册不合格 (not 撤销注册); a
    reason. Side effects: → 终审中; an undo record that the undone conclusion points at (so
    every count of conclusions leaves both out); the certificate's record of that conclusion
    is removed (its values kept in the audit event), so registration counts ignore it too.
    """
    return _undo_at_province(
        application,
        "undo_conclusion",
        {Status.QUALIFIED, Status.DEFERRED, Status.UNQUALIFIED},
        undone=final_decision,
        remove_record=review_records.remove_conclusion,
        by=by,
        organisation=organisation,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def revoke_registration(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    reasons: Iterable[str],
    note: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """撤销注册 of a registration this case made (domain.md §2.2; P19).

    Guard: the province; the version read; 注册合格; at least one revocation reason ("其他"
    with a note). Side effects: → 撤销注册; the province record; a 撤销注册 registration record
    dated today, which blocks a new registration of the certificate for five years.
    """
    now = now or timezone.now()
    check_organisation(application, organisation, L.PROVINCE)
    check_version(application, expected_version)
    check_status(application, {Status.QUALIFIED}, L.PROVINCE)
    note = clean_note(note)
    codes = clean_reasons(O.REVOKED, reasons, note)
    with transaction.atomic():
        app = move(
            application,
            "revoke",
            L.PROVINCE,
            by,
            organisation,
            note=note or "；".join(reason_labels(codes)),
            expected_version=expected_version,
            now=now,
        )
        record_decision(
            app,
            level=L.PROVINCE,
            outcome=O.REVOKED,
            by=by,
            organisation=organisation,
            now=now,
            reasons=codes,
            note=note,
        )
        review_records.record_revocation(app, timezone.localdate(now))
    return app


def undo_revocation(
    application: Application,
    *,
    by: Any,
    organisation: Organisation | None,
    note: str,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """撤销“撤销注册”: a revocation made in error is undone by a new record (P15, P19).

    Guard: the province; the version read; 撤销注册; a reason. Side effects: → 注册合格; an undo
    record that the revocation points at; the blocking 撤销注册 registration record is removed
    (its values kept in the audit event), so the pre-check no longer blocks the certificate and
    the 合格 record it had revoked counts again.
    """
    return _undo_at_province(
        application,
        "undo_revocation",
        {Status.REVOKED},
        undone=lambda app: (
            app.decisions.in_force().filter(level=L.PROVINCE, outcome=O.REVOKED).order_by("-decided_at", "-pk").first()
        ),
        remove_record=review_records.remove_revocation,
        by=by,
        organisation=organisation,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def _undo_at_province(
    application: Application,
    transition: str,
    sources: set[str],
    *,
    undone: Callable[[Application], Decision | None],
    remove_record: Callable[[Application], dict | None],
    by: Any,
    organisation: Organisation | None,
    note: str,
    expected_version: int | None,
    now: datetime.datetime | None,
) -> Application:
    """What both province undos do: guard, move, an undo record pointing at the decision it
    undoes, and the certificate's record of that decision removed (its values audited)."""
    now = now or timezone.now()
    check_organisation(application, organisation, L.PROVINCE)
    check_version(application, expected_version)
    check_status(application, sources, L.PROVINCE)
    note = clean_note(note, required=True)
    with transaction.atomic():
        app = move(
            application, transition, L.PROVINCE, by, organisation, note=note, expected_version=expected_version, now=now
        )
        record_decision(
            app,
            level=L.PROVINCE,
            outcome=O.UNDONE,
            by=by,
            organisation=organisation,
            now=now,
            note=note,
            undoes=undone(app),
        )
        removed = remove_record(app)
        if removed is not None:
            audit.record(
                "registration_record.removed",
                app,
                actor=by,
                actor_role=Actor.PROVINCE_REVIEWER,
                actor_organisation_id=organisation.pk if organisation else None,
                data=removed,
            )
    return app
