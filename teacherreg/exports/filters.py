"""Which cases an export holds: the owner's scope, narrowed to the snapshot taken when they
asked, then to the filters they chose.

Filters are stored as primitive values (a year, a status code, organisation and stage ids) and
only ever *narrow* the scoped queryset, so a doctored id can at most make the file empty. Never
``filter(**stored)``: each key is applied by hand (security.md §1.2.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from teacherreg.accounts.models import StaffRole
from teacherreg.office.scope import CASE_ROLES, Scope, scope_for
from teacherreg.registration.models import Application
from teacherreg.registration.services.messages import handled_by
from teacherreg.registration.workflow import Status

R = StaffRole
# P23 and the sticker sheet: who may start which export.
APPLICATION_ROLES = tuple(sorted(CASE_ROLES))
FULL_EXPORT_ROLES = (R.PROVINCE_ADMIN,)
STICKER_ROLES = (R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER, R.PROVINCE_ADMIN)
FILTER_KEYS = ("year", "status", "organisation", "stage")


def snapshot(scope: Scope, roles: Iterable[str]) -> dict[str, Any]:
    """What ``scope`` reaches through ``roles`` now, in a form a JSON column keeps."""
    held = sorted(set(roles) & scope.roles)
    return {
        "roles": held,
        "organisation_ids": sorted(org.pk for org in scope.organisations(*held)),
        "every_case": R.NATIONAL_VIEWER in held and scope.sees_every_case,
    }


def scoped_cases(owner: Any, saved: dict[str, Any]) -> QuerySet[Application]:
    """The owner's cases today through the saved roles, no wider than the saved snapshot."""
    roles = saved.get("roles") or []
    if not roles:
        return Application.objects.none()
    cases = scope_for(owner).applications(*roles)
    if not saved.get("every_case"):
        cases = cases.filter(handled_by(saved.get("organisation_ids") or []))
    return cases


def apply(cases: QuerySet[Application], filters: dict[str, Any]) -> QuerySet[Application]:
    """Narrow ``cases`` by the stored filters; unknown or malformed values narrow to nothing."""
    year = filters.get("year")
    if year not in (None, ""):
        cases = cases.filter(registration_year=_int(year))
    status = filters.get("status")
    if status:
        cases = cases.filter(status=status if status in Status.values else "-")
    organisation = filters.get("organisation")
    if organisation:
        cases = cases.filter(handled_by([_int(organisation)]))
    stage = filters.get("stage")
    if stage:
        cases = cases.filter(current_stage_id=_int(stage))
    return cases


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # matches no row
