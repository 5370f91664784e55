"""One named service per thing a province or an agency sets up for the year: the provincial
plan, the agency batch, its application windows, the confirmation points' arrangements and
the confirmation points themselves (domain.md §3.2; the rules are in ``plan_rules``).

Each service: lock the provincial plan row (every change within one plan queues behind it,
so two windows added at once cannot both pass the overlap check, nor a window slip past a
plan being shortened), gather the facts, run the pure checks, raise ``RulesBroken`` with
every problem found, else save and write one audit event with the old and new values, in the
same transaction. The public window query reads these tables directly (no cache), so a saved
change shows there on the next request.

A submission racing a window change is not locked out here: the submission checks the
window it reads in its own transaction, and a change that would strand it (a start moved
later, an end moved before the last submission) is refused once that submission exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Min
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import (
    AgencyBatch,
    Application,
    ApplicationWindow,
    ConfirmationArrangement,
    ProvincialPlan,
)
from teacherreg.registration.services.plan_rules import (
    PlanUse,
    Problem,
    RulesBroken,
    WindowUse,
    arrangement_delete_problems,
    arrangement_problems,
    batch_problems,
    finished_problems,
    plan_problems,
    window_delete_problems,
    window_problems,
)
from teacherreg.registration.workflow import Status

PLAN_FIELDS = (
    "year",
    "status",
    "starts_on",
    "ends_on",
    "review_levels",
    "notice_days",
    "renewal_months_before_expiry",
    "training_hours_required",
    "training_hours_by_level",
    "includes_private_schools",
)
BATCH_FIELDS = ("takes_part", "is_open")
WINDOW_FIELDS = ("starts_on", "ends_on")
ARRANGEMENT_FIELDS = ("point_id", "confirm_from", "confirm_until", "is_published", "notes")
POINT_FIELDS = ("name", "confirmation_scope", "phone", "email", "address", "office_hours", "is_active")


@dataclass(frozen=True)
class StaffActor:
    """Who makes a change, in which role and for which organisation (for the audit event)."""

    user: Any
    role: str
    organisation_id: int | None
    ip: str | None = None


# --- audit helpers ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _changes(old: models.Model, new: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    return {
        name: [_plain(getattr(old, name)), _plain(getattr(new, name))]
        for name in fields
        if getattr(old, name) != getattr(new, name)
    }


def _record(action: str, obj: models.Model, by: StaffActor, data: dict[str, Any]) -> None:
    audit.record(
        action,
        obj,
        actor=by.user,
        actor_role=by.role,
        actor_organisation_id=by.organisation_id,
        data=data,
        ip=by.ip,
    )


def _written(action: str, obj: models.Model, old: models.Model | None, by: StaffActor, fields: Iterable[str]) -> None:
    """``<thing>.created`` with the values, or ``<thing>.updated`` with [old, new] per change."""
    if old is None:
        _record(f"{action}.created", obj, by, {"values": _values(obj, fields)})
    else:
        _record(f"{action}.updated", obj, by, {"changes": _changes(old, obj, fields)})


def _refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise RulesBroken(problems)


def _lock_plan(plan_id: int) -> ProvincialPlan:
    return ProvincialPlan.objects.select_for_update().get(pk=plan_id)


# --- facts -----------------------------------------------------------------------------------


def plan_use(plan: ProvincialPlan) -> PlanUse:
    """The days the plan's windows and confirmation periods need, and its applications."""
    windows = ApplicationWindow.objects.filter(batch__plan=plan).aggregate(start=Min("starts_on"), end=Max("ends_on"))
    confirmation_end = ConfirmationArrangement.objects.filter(window__batch__plan=plan).aggregate(
        end=Max("confirm_until")
    )["end"]
    ends = [d for d in (windows["end"], confirmation_end) if d is not None]
    applications = Application.objects.filter(window__batch__plan=plan)
    return PlanUse(
        earliest_start=windows["start"],
        latest_end=max(ends) if ends else None,
        applications=applications.count(),
        in_city_review=applications.filter(status=Status.CITY_REVIEW).count(),
    )


def window_use(window: ApplicationWindow) -> WindowUse:
    applications = window.applications.aggregate(count=models.Count("pk"), last=Max("submitted_at"))
    confirmations = tuple(
        window.arrangements.order_by("point__name").values_list("point__name", "confirm_from", "confirm_until")
    )
    last = applications["last"]
    return WindowUse(
        applications=applications["count"],
        last_submitted=timezone.localdate(last) if last else None,
        confirmations=confirmations,
    )


# --- plans -----------------------------------------------------------------------------------


def save_plan(plan: ProvincialPlan, *, by: StaffActor) -> ProvincialPlan:
    """Create or change a provincial plan.

    Guard: ``plan_problems`` (dates ordered; not shrinking past its windows and confirmation
    periods; year and non-draft status kept once applied to; 复核 kept while cases wait
    there; by-level training hours within the total) and one plan per province and year.
    Side effects: the plan saved; ``plan.created`` or ``plan.updated`` audited.
    """
    taken = Problem("year", "plan_year_taken", {"year": plan.year})
    with transaction.atomic():
        old = _lock_plan(plan.pk) if plan.pk else None
        problems = plan_problems(plan, old, plan_use(old) if old else PlanUse())
        if ProvincialPlan.objects.filter(province_id=plan.province_id, year=plan.year).exclude(pk=plan.pk).exists():
            problems.insert(0, taken)
        _refuse_if(problems)
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:  # the same year created at this moment by someone else
            raise RulesBroken([taken]) from None
        _written("plan", plan, old, by, PLAN_FIELDS)
    return plan


# --- batches ---------------------------------------------------------------------------------


def save_batch(batch: AgencyBatch, *, by: StaffActor) -> AgencyBatch:
    """Create or change an agency's batch under a plan (takes part / 网报 open).

    Guard: the plan is not finished; a batch with applications keeps taking part.
    Side effects: the batch saved; ``batch.created`` or ``batch.updated`` audited.
    """
    with transaction.atomic():
        plan = _lock_plan(batch.plan_id)
        old = AgencyBatch.objects.filter(pk=batch.pk).first() if batch.pk else None
        if old is None:
            # One batch per agency and plan: a second "create" becomes a change of the first.
            old = AgencyBatch.objects.filter(plan_id=batch.plan_id, agency_id=batch.agency_id).first()
            if old is not None:
                batch.pk = old.pk
        applications = Application.objects.filter(window__batch=old).count() if old else 0
        _refuse_if(finished_problems(plan) + batch_problems(batch, old, applications))
        batch.save()
        _written("batch", batch, old, by, BATCH_FIELDS)
    return batch


# --- windows ---------------------------------------------------------------------------------


def save_window(window: ApplicationWindow, *, by: StaffActor) -> ApplicationWindow:
    """Add or change an application window of a batch.

    Guard: the plan is not finished; ``window_problems`` (inside the plan, no overlap with the
    batch's other windows, confirmation arrangements still covering it, start and end kept
    where applications rely on them).
    Side effects: the window saved; ``window.created`` or ``window.updated`` audited.
    """
    with transaction.atomic():
        plan = _lock_plan(window.batch.plan_id)
        old = ApplicationWindow.objects.filter(pk=window.pk).first() if window.pk else None
        siblings = ApplicationWindow.objects.filter(batch_id=window.batch_id).exclude(pk=window.pk)
        problems = finished_problems(plan) + window_problems(
            window,
            plan=plan,
            siblings=siblings.values_list("starts_on", "ends_on"),
            old=(old.starts_on, old.ends_on) if old else None,
            use=window_use(old) if old else None,
        )
        _refuse_if(problems)
        window.save()
        _written("window", window, old, by, WINDOW_FIELDS)
    return window


def delete_window(window: ApplicationWindow, *, by: StaffActor) -> None:
    """Remove a window nobody applied in, with its confirmation arrangements.

    Guard: the plan is not finished; no application (withdrawn or lapsed ones count: they
    keep their history). Side effects: the window and its arrangements deleted;
    ``window.deleted`` audited with the values it had.
    """
    with transaction.atomic():
        plan = _lock_plan(window.batch.plan_id)
        applications = window.applications.count()
        _refuse_if(finished_problems(plan) + window_delete_problems(applications))
        data = {"values": _values(window, WINDOW_FIELDS), "arrangements": window.arrangements.count()}
        _record("window.deleted", window, by, data)
        window.delete()


# --- confirmation arrangements ---------------------------------------------------------------


def _point_problems(
    arrangement: ConfirmationArrangement, old: ConfirmationArrangement | None, applications: int
) -> list[Problem]:
    point = arrangement.point
    window = arrangement.window
    problems: list[Problem] = []
    if point.level != OrgLevel.CONFIRMATION_POINT or point.parent_id != window.batch.agency_id:
        problems.append(Problem("point", "arrangement_point_not_own"))
    elif old is None and not point.is_active:
        problems.append(Problem("point", "arrangement_point_inactive", {"point": point.name}))
    if old is not None and old.point_id != arrangement.point_id and applications:
        problems.append(Problem("point", "arrangement_point_locked", {"count": applications}))
    taken = ConfirmationArrangement.objects.filter(window_id=window.pk, point_id=point.pk).exclude(pk=arrangement.pk)
    if taken.exists():
        problems.append(Problem("point", "arrangement_point_taken", {"point": point.name}))
    return problems


def save_arrangement(arrangement: ConfirmationArrangement, *, by: StaffActor) -> ConfirmationArrangement:
    """Add or change a confirmation point's arrangement on a window (确认点安排).

    Guard: the plan is not finished; the point is one of the batch agency's own active points
    and not already arranged on the window; ``arrangement_problems`` (P17: confirmation from
    the window's start at the earliest, until its end at the least and the plan's end at the
    most; only growing once applied to). Side effects: the arrangement saved;
    ``arrangement.created`` or ``arrangement.updated`` audited.
    """
    with transaction.atomic():
        window = arrangement.window
        plan = _lock_plan(window.batch.plan_id)
        old = ConfirmationArrangement.objects.filter(pk=arrangement.pk).first() if arrangement.pk else None
        applications = old.applications.count() if old else 0
        problems = finished_problems(plan) + _point_problems(arrangement, old, applications)
        problems += arrangement_problems(
            arrangement,
            window=(window.starts_on, window.ends_on),
            plan_ends_on=plan.ends_on,
            old=(old.confirm_from, old.confirm_until) if old else None,
            applications=applications,
        )
        _refuse_if(problems)
        try:
            with transaction.atomic():
                arrangement.save()
        except IntegrityError:  # the same point arranged on the window at this moment
            raise RulesBroken(
                [Problem("point", "arrangement_point_taken", {"point": arrangement.point.name})]
            ) from None
        _written("arrangement", arrangement, old, by, ARRANGEMENT_FIELDS)
    return arrangement


def delete_arrangement(arrangement: ConfirmationArrangement, *, by: StaffActor) -> None:
    """Remove an arrangement nobody applied through.

    Guard: the plan is not finished; no application. Side effects: the arrangement deleted;
    ``arrangement.deleted`` audited with the values it had.
    """
    with transaction.atomic():
        plan = _lock_plan(arrangement.window.batch.plan_id)
        applications = arrangement.applications.count()
        _refuse_if(finished_problems(plan) + arrangement_delete_problems(applications))
        _record("arrangement.deleted", arrangement, by, {"values": _values(arrangement, ARRANGEMENT_FIELDS)})
        arrangement.delete()


# --- confirmation points ---------------------------------------------------------------------


def save_confirmation_point(point: Organisation, *, agency: Organisation, by: StaffActor) -> Organisation:
    """Create or change a confirmation point under ``agency`` (its name, 确认范围 and contact
    details shown to applicants at step 5).

    Guard: the name is not used by another of the agency's points. Side effects: the point
    saved as a child of the agency at point level (in the agency's region unless it has its
    own); ``point.created`` or ``point.updated`` audited.
    """
    point.name = point.name.strip()
    with transaction.atomic():
        # The agency's row queues two staff naming a new point at once, so the name check holds.
        Organisation.objects.select_for_update(of=("self",)).filter(pk=agency.pk).first()
        old = Organisation.objects.select_for_update(of=("self",)).filter(pk=point.pk).first() if point.pk else None
        same_name = Organisation.objects.filter(
            parent=agency, level=OrgLevel.CONFIRMATION_POINT, name=point.name
        ).exclude(pk=point.pk)
        if same_name.exists():
            raise RulesBroken([Problem("name", "point_name_taken", {"name": point.name})])
        point.level = OrgLevel.CONFIRMATION_POINT
        point.parent = agency
        if point.region_id is None:
            point.region_id = agency.region_id
        point.save()
        _written("point", point, old, by, POINT_FIELDS)
    return point
