"""Who manages whose staff account (P22), built on the member's :class:`Scope`.

- A province administrator manages the staff of every organisation in the province (its own
  and everything below it), in the roles that belong to each level.
- An agency (a county, city or province reviewer role) invites and manages the
  confirmation-point operators of its own points: the points directly below it.
- Nobody here grants the national roles or the three administrator roles of P21; those
  accounts are set up at national level, outside this page.

A staff account is "in reach" when one of its memberships (current or revoked) is in reach;
it may be disabled or enabled only when *all* its current memberships are in reach, so a
county cannot switch off a province administrator who also happens to staff one of its points.
Like the scope, the reach fails closed: no managing role, nothing in reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from teacherreg.accounts.models import StaffMembership, StaffRole, User
from teacherreg.office.scope import REVIEWER_ROLES, Scope
from teacherreg.organisations.models import Organisation, OrgLevel

R = StaffRole

# The roles that belong to each level of the organisation tree (P21).
ROLES_AT_LEVEL: dict[str, tuple[str, ...]] = {
    OrgLevel.CONFIRMATION_POINT: (R.CONFIRMATION_OPERATOR,),
    OrgLevel.COUNTY: (R.COUNTY_REVIEWER,),
    OrgLevel.CITY: (R.CITY_REVIEWER,),
    OrgLevel.PROVINCE: (R.PROVINCE_REVIEWER, R.PROVINCE_ADMIN),
}
# Roles that open the staff pages at all.
MANAGER_ROLES = (R.PROVINCE_ADMIN, *sorted(REVIEWER_ROLES))


@dataclass(frozen=True)
class Reach:
    scope: Scope

    # -- organisations -----------------------------------------------------------------------
    @cached_property
    def administered(self) -> frozenset[int]:
        """Organisations under one of the member's province administrator roles."""
        if not self.scope.has_role(R.PROVINCE_ADMIN):
            return frozenset()
        return frozenset(self.scope.organisation_ids(R.PROVINCE_ADMIN))

    @cached_property
    def own_points(self) -> frozenset[int]:
        """Confirmation points directly below the agencies where the member reviews."""
        agencies = [org.pk for org in self.scope.organisations(*REVIEWER_ROLES)]
        if not agencies:
            return frozenset()
        points = Organisation.objects.filter(parent__in=agencies, level=OrgLevel.CONFIRMATION_POINT)
        return frozenset(points.values_list("pk", flat=True))

    def organisations(self) -> QuerySet[Organisation]:
        """Where the member may invite or grant: active organisations of a level with roles."""
        return (
            Organisation.objects.filter(
                pk__in=self.administered | self.own_points, is_active=True, level__in=list(ROLES_AT_LEVEL)
            )
            .select_related("parent")
            .order_by("level", "name", "pk")
        )

    def roles_for(self, organisation: Organisation) -> tuple[str, ...]:
        """The roles the member may grant at ``organisation`` (none outside reach)."""
        if organisation.pk in self.administered:
            return ROLES_AT_LEVEL.get(organisation.level, ())
        if organisation.pk in self.own_points:
            return (R.CONFIRMATION_OPERATOR,)
        return ()

    def may_grant(self, organisation: Organisation, role: str) -> bool:
        return role in self.roles_for(organisation)

    @property
    def grantable_roles(self) -> tuple[str, ...]:
        """Every role the member may grant somewhere, in the order of ``StaffRole``."""
        roles: set[str] = set()
        if self.administered:
            roles |= {role for level_roles in ROLES_AT_LEVEL.values() for role in level_roles}
        if self.own_points:
            roles.add(R.CONFIRMATION_OPERATOR)
        return tuple(role for role in R.values if role in roles)

    # -- memberships, invitations and accounts -----------------------------------------------
    def pairs(self, prefix: str = "") -> Q:
        """(organisation, role) pairs in reach, as a filter on ``{prefix}organisation`` and
        ``{prefix}role``; matches nothing when nothing is in reach."""
        condition = Q(pk__in=[])
        if self.administered:
            for level, roles in ROLES_AT_LEVEL.items():
                condition |= Q(
                    **{
                        f"{prefix}organisation__in": self.administered,
                        f"{prefix}organisation__level": level,
                        f"{prefix}role__in": roles,
                    }
                )
        if self.own_points:
            condition |= Q(**{f"{prefix}organisation__in": self.own_points, f"{prefix}role": R.CONFIRMATION_OPERATOR})
        return condition

    def memberships(self) -> QuerySet[StaffMembership]:
        return StaffMembership.objects.filter(self.pairs())

    def accounts(self) -> QuerySet[User]:
        """Staff accounts with at least one membership (current or revoked) in reach."""
        in_reach = StaffMembership.objects.filter(self.pairs(), user=OuterRef("pk"))
        return User.objects.filter(Exists(in_reach))

    def account_or_404(self, pk: object) -> User:
        try:
            return self.accounts().get(pk=int(pk))  # type: ignore[call-overload]
        except (User.DoesNotExist, TypeError, ValueError):
            raise Http404 from None

    def outside_roles(self, user: User) -> int:
        """How many of ``user``'s current memberships lie outside reach."""
        return StaffMembership.objects.filter(user=user, is_active=True).exclude(self.pairs()).count()

    def acting_membership(self, organisation: Organisation | None = None) -> StaffMembership | None:
        """The membership the member acts with at ``organisation`` (for the audit trail): the
        province administrator role when it covers the organisation, else the agency's."""
        if organisation is None or organisation.pk in self.administered:
            found = [m for m in self.scope.memberships if m.role == R.PROVINCE_ADMIN]
            if found:
                return found[0]
        if organisation is not None:
            for m in self.scope.memberships:
                if m.role in REVIEWER_ROLES and m.organisation_id == organisation.parent_id:
                    return m
        return next((m for m in self.scope.memberships if m.role in MANAGER_ROLES), None)


def reach_for(scope: Scope) -> Reach:
    return Reach(scope)
