"""What a staff member may see in the back office (P21; security.md §1.5): one helper, fail closed.

Every office query starts from :func:`scope_for`. A staff member sees the organisations where
they hold an active role, everything below them in the organisation tree, and the cases those
organisations act on (the same rule as ``registration.services.messages.handled_by``: the
confirmation point, the agency and the agency's ancestors). With no active role the scope is
empty, so a missing membership shows nothing rather than everything. Another region's case is
simply not in the queryset, so a lookup through the scope answers 404, never 403: a stranger
learns nothing about whether the case exists.

The national viewer role sees every case, read-only; the three administrator roles of P21 see
no cases at all (separation of duties: they run the system, they do not read applications).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from teacherreg.accounts.models import StaffMembership, StaffRole
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation, OrgLevel
from teacherreg.registration.models import Application

R = StaffRole

# Roles that read cases, and the level each one naturally sits at.
CASE_ROLES = frozenset(
    {
        R.CONFIRMATION_OPERATOR,
        R.COUNTY_REVIEWER,
        R.CITY_REVIEWER,
        R.PROVINCE_REVIEWER,
        R.PROVINCE_ADMIN,
        R.NATIONAL_VIEWER,
    }
)
REVIEWER_ROLES = frozenset({R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER})
# Organisation-tree depth: national → province → city → county → point.
_MAX_DEPTH = 5


def descendants(organisation_ids: Iterable[int]) -> set[int]:
    """The given organisations and everything below them (one query per tree level)."""
    found = set(organisation_ids)
    frontier = set(found)
    for _ in range(_MAX_DEPTH):
        if not frontier:
            break
        frontier = set(Organisation.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


@dataclass(frozen=True)
class Scope:
    """One staff member's reach. Build it with :func:`scope_for`; cheap to keep on the request."""

    user: Any
    memberships: tuple[StaffMembership, ...] = field(default=())
    # Per request: the agencies at or below a set of organisations (see ``applications``).
    _agencies: dict[tuple[int, ...], list[int]] = field(default_factory=dict, compare=False, repr=False)

    # -- roles -------------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def organisations(self, *roles: str) -> list[Organisation]:
        """Where the user holds one of ``roles`` (any role when none are named)."""
        wanted = set(roles) or self.roles
        return [m.organisation for m in self.memberships if m.role in wanted]

    def organisation_ids(self, *roles: str) -> set[int]:
        """Those organisations and all below them."""
        return descendants(org.pk for org in self.organisations(*roles))

    @property
    def sees_every_case(self) -> bool:
        return R.NATIONAL_VIEWER in self.roles

    # -- cases -------------------------------------------------------------------------------
    def applications(self, *roles: str) -> QuerySet[Application]:
        """Cases an organisation of the user's (holding one of ``roles``) acts on; none if none."""
        wanted = (set(roles) or set(self.roles)) & CASE_ROLES
        if not wanted:
            return Application.objects.none()
        if R.NATIONAL_VIEWER in wanted and self.sees_every_case:
            return Application.objects.all()
        organisations = self.organisations(*wanted)
        if not organisations:
            return Application.objects.none()
        # A point acts on the cases confirmed there; anything else through the agencies at or
        # below it. Only the branches that can match are written: "point OR agency" made
        # PostgreSQL walk the number index filtering tens of thousands of rows where the point
        # alone lets it read the desk's partial index (bench/scale.py: desk page at 100k).
        points = [org.pk for org in organisations if org.level == OrgLevel.CONFIRMATION_POINT]
        own = [org.pk for org in organisations if org.level != OrgLevel.CONFIRMATION_POINT]
        # The same cases as registration.services.messages.handled_by (the point, the agency
        # and the agency's ancestors act on a case), seen from above: the agencies among the
        # organisations' descendants. Written without joins on the cases so that PostgreSQL uses the
        # (confirmation_point, …) and (agency, …) indexes and no DISTINCT is needed; the joined
        # form made it scan and sort every matching row (bench/scale.py: the desk page 207 →
        # 85 ms, statistics 3.1 → 1.4 s at 100k applications).
        # The agencies are read first (one small query, once per request) and written into the
        # case query as numbers: "agency = 5" lets PostgreSQL read a county's queue in number
        # order from the (agency, number) index and stop after a page, where a subquery made it
        # sort every pending case of the agency first.
        acting = Q(confirmation_point__in=points) if points else Q()
        if own:
            acting |= Q(agency__in=self._agencies_below(tuple(sorted(own))))
        return Application.objects.filter(acting)

    def _agencies_below(self, own: tuple[int, ...]) -> list[int]:
        if own not in self._agencies:
            below = Q(pk__in=own) | Q(parent__in=own) | Q(parent__parent__in=own) | Q(parent__parent__parent__in=own)
            found = Organisation.objects.filter(below, level__in=AGENCY_LEVELS).values_list("pk", flat=True)
            self._agencies[own] = sorted(found)
        return self._agencies[own]

    def application_or_404(self, *roles: str, **lookup: Any) -> Application:
        try:
            return self.applications(*roles).get(**lookup)
        except (Application.DoesNotExist, Application.MultipleObjectsReturned, ValueError):
            raise Http404 from None

    def organisation_or_404(self, *roles: str, pk: Any) -> Organisation:
        """An organisation in the user's reach (their own or below), else 404."""
        try:
            wanted = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        if wanted not in self.organisation_ids(*roles):
            raise Http404
        return Organisation.objects.get(pk=wanted)


def scope_for(user: Any) -> Scope:
    """The scope of ``user``: empty for anonymous users, applicants and staff without a role."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return Scope(user=user)
    memberships = tuple(
        StaffMembership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("pk")
    )
    return Scope(user=user, memberships=memberships)
