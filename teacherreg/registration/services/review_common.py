"""What the review services share (``review``, ``review_notice``): who acts at each level, the
checks in plain words, and the decision record with its audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import Application, Decision, DecisionLevel
from teacherreg.registration.review_reasons import OTHER, REASONS_BY_OUTCOME
from teacherreg.registration.services import milestones
from teacherreg.registration.services.messages import MAX_BODY
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import Actor, Status

L = DecisionLevel
ROLE_OF_LEVEL: dict[str, Actor] = {
    L.COUNTY: Actor.COUNTY_REVIEWER,
    L.CITY: Actor.CITY_REVIEWER,
    L.PROVINCE: Actor.PROVINCE_REVIEWER,
}
_ORG_LEVEL = {L.CITY: OrgLevel.CITY, L.PROVINCE: OrgLevel.PROVINCE}
MAX_NOTE = MAX_BODY


# --- who acts -----------------------------------------------------------------------------------


def level_organisation(application: Application, level: str) -> Organisation | None:
    """The organisation that acts at ``level``: 初审 is the case's agency; 复核 and 终审 are the
    city and the province above it (domain.md §2.3)."""
    agency = application.agency
    if level == L.COUNTY:
        return agency
    wanted = _ORG_LEVEL.get(level)
    return next((org for org in [agency, *agency.ancestors()] if org.level == wanted), None)


def check_organisation(application: Application, organisation: Organisation | None, level: str) -> None:
    expected = level_organisation(application, level)
    if organisation is None or expected is None or organisation.pk != expected.pk:
        raise DomainError("review_not_this_agency", level=L(level).label)


def check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise DomainError("stale_version")


def check_status(application: Application, statuses: Iterable[str], level: str) -> None:
    if application.status not in set(statuses):
        raise DomainError("review_not_at_level", label=Status(application.status).label, level=L(level).label)


def clean_note(note: str, *, required: bool = False) -> str:
    text = (note or "").strip()
    if required and not text:
        raise DomainError("review_note_required")
    if len(text) > MAX_NOTE:
        raise DomainError("review_note_too_long", max=MAX_NOTE)
    return text


def clean_reasons(outcome: str, reasons: Iterable[str], note: str) -> list[str]:
    """Reasons fit the outcome; 暂缓, 不合格 and 撤销 name at least one; "其他" needs the note."""
    allowed = REASONS_BY_OUTCOME.get(outcome)
    if allowed is None:
        raise DomainError("review_outcome_invalid")
    codes = list(dict.fromkeys(str(code) for code in reasons or ()))
    stray = [code for code in codes if code not in allowed]
    if stray:
        raise DomainError("review_reason_invalid")
    if allowed and not codes:
        raise DomainError("review_reasons_required")
    if OTHER in codes and not note:
        raise DomainError("review_other_note_required")
    return codes


def record_decision(
    application: Application,
    *,
    level: str,
    outcome: str,
    by: Any,
    organisation: Organisation | None,
    now: datetime.datetime,
    reasons: list[str] | None = None,
    note: str = "",
    undoes: Decision | None = None,
) -> Decision:
    """One decision row and its ``review.decision`` audit event; an undo points the undone row
    at itself. A decision that can move a moment 统计 measures (终审's conclusion, or the undo
    of one) has the case's moments recomputed (``milestones.refresh``). Call inside the
    transaction of the move it goes with."""
    decision = Decision.objects.create(
        application=application,
        level=level,
        outcome=outcome,
        reasons=reasons or [],
        note=note,
        decided_by=by if getattr(by, "pk", None) else None,
        decided_by_organisation=organisation,
        decided_at=now,
    )
    if undoes is not None:
        undoes.undone_by = decision
        undoes.save(update_fields=["undone_by"])
    if milestones.counts_for_milestones(decision) or (undoes is not None and milestones.counts_for_milestones(undoes)):
        milestones.refresh(application)
    audit.record(
        "review.decision",
        application,
        actor=by,
        actor_role=ROLE_OF_LEVEL.get(level, ""),
        actor_organisation_id=organisation.pk if organisation else None,
        data={
            "decision": decision.pk,
            "level": level,
            "outcome": outcome,
            "reasons": decision.reasons,
            "undoes": undoes.pk if undoes else None,
        },
    )
    return decision


def move(application: Application, name: str, level: str, by: Any, organisation: Organisation | None, **kw: Any):
    return apply_transition(
        application,
        name,
        actor_role=ROLE_OF_LEVEL[level],
        by=by,
        organisation_id=organisation.pk if organisation else None,
        **kw,
    )
