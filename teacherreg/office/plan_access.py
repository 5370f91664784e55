"""Who may set up which plan, batch, window, arrangement and confirmation point (issue 6,
slice 2), read through the member's :class:`~teacherreg.office.scope.Scope` and failing closed.

- A province administrator runs the provincial plans of the province where they hold the role,
  and may set up the batch, windows and points of any agency in that province (domain.md
  §3.2, S29: the 管理用户 sets each agency's 网报 dates and opens or closes its 网报).
- A reviewer (county, city or province level) sets up the batch, windows and points of the
  agency where they hold the role — their own organisation, not the agencies below it (each
  agency answers for its own 网报 and 确认点).

Anything outside that reach answers 404, like every other office lookup.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from teacherreg.accounts.models import StaffRole
from teacherreg.common.session_flow import client_ip
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation, OrgLevel
from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    ProvincialPlan,
)
from teacherreg.registration.services.plan_saving import StaffActor

R = StaffRole
PLAN_ROLES = (R.PROVINCE_ADMIN,)
AGENCY_ROLES = (R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER)
SETUP_ROLES = (*AGENCY_ROLES, *PLAN_ROLES)


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- provinces and plans ---------------------------------------------------------------------


def provinces(scope: Scope) -> list[Organisation]:
    """The provinces whose plans the member runs."""
    return [org for org in scope.organisations(*PLAN_ROLES) if org.level == OrgLevel.PROVINCE]


def plans(scope: Scope) -> QuerySet[ProvincialPlan]:
    return ProvincialPlan.objects.filter(province__in=[p.pk for p in provinces(scope)]).select_related("province")


def plan_or_404(scope: Scope, pk: Any) -> ProvincialPlan:
    try:
        return plans(scope).get(pk=_pk(pk))
    except ProvincialPlan.DoesNotExist:
        raise Http404 from None


# --- agencies --------------------------------------------------------------------------------


def agency_ids(scope: Scope) -> set[int]:
    """Agencies whose batches, windows and points the member sets up."""
    own = {org.pk for org in scope.organisations(*AGENCY_ROLES) if org.is_agency}
    below_admin = scope.organisation_ids(*PLAN_ROLES) if provinces(scope) else set()
    if below_admin:
        below_admin = set(
            Organisation.objects.filter(pk__in=below_admin, level__in=AGENCY_LEVELS).values_list("pk", flat=True)
        )
    return own | below_admin


def agency_or_404(scope: Scope, pk: Any) -> Organisation:
    wanted = _pk(pk)
    if wanted not in agency_ids(scope):
        raise Http404
    return Organisation.objects.select_related("region", "parent").get(pk=wanted)


def agency_plan_or_404(agency: Organisation, pk: Any) -> ProvincialPlan:
    """A plan of the agency's own province (a reviewer reads it; only administrators change it)."""
    province = agency.province()
    try:
        return ProvincialPlan.objects.get(pk=_pk(pk), province=province)
    except ProvincialPlan.DoesNotExist:
        raise Http404 from None


def actor(request: Any, agency: Organisation | None = None) -> StaffActor:
    """The role the member acts in: their reviewer role at ``agency`` when they hold one there,
    else their province administrator role."""
    scope: Scope = request.scope
    memberships = [m for m in scope.memberships if m.role in SETUP_ROLES]
    at_agency = [
        m for m in memberships if agency is not None and m.organisation_id == agency.pk and m.role in AGENCY_ROLES
    ]
    admin = [m for m in memberships if m.role in PLAN_ROLES]
    chosen = (at_agency or admin or memberships)[0]
    return StaffActor(request.user, chosen.role, chosen.organisation_id, client_ip(request) or None)


# --- batches, windows, arrangements, points --------------------------------------------------


def window_or_404(scope: Scope, pk: Any) -> ApplicationWindow:
    try:
        return ApplicationWindow.objects.select_related("batch__plan", "batch__agency").get(
            pk=_pk(pk), batch__agency__in=agency_ids(scope)
        )
    except ApplicationWindow.DoesNotExist:
        raise Http404 from None


def batch_or_404(scope: Scope, pk: Any) -> AgencyBatch:
    try:
        return AgencyBatch.objects.select_related("plan", "agency").get(pk=_pk(pk), agency__in=agency_ids(scope))
    except AgencyBatch.DoesNotExist:
        raise Http404 from None


def arrangement_or_404(scope: Scope, pk: Any) -> ConfirmationArrangement:
    try:
        return ConfirmationArrangement.objects.select_related(
            "point", "window__batch__plan", "window__batch__agency"
        ).get(pk=_pk(pk), window__batch__agency__in=agency_ids(scope))
    except ConfirmationArrangement.DoesNotExist:
        raise Http404 from None


def point_or_404(scope: Scope, pk: Any) -> Organisation:
    try:
        return Organisation.objects.select_related("parent").get(
            pk=_pk(pk), level=OrgLevel.CONFIRMATION_POINT, parent__in=agency_ids(scope)
        )
    except Organisation.DoesNotExist:
        raise Http404 from None
