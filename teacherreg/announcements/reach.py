"""Who may write which announcements in the office, read through the member's scope.

- The system administrator writes national announcements and those of any province.
- A province administrator writes those of the province where they hold the role, and only
  those: another province's announcement answers 404 like every other office lookup, and a
  national one is not theirs to change either.

A province administrator registered below province level (a city or county) has no province
here, so they see an empty list and cannot create anything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from teacherreg.accounts.models import StaffRole
from teacherreg.announcements.models import Announcement
from teacherreg.announcements.services import Editor
from teacherreg.common.session_flow import client_ip
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import Organisation, OrgLevel

R = StaffRole
NATIONAL_ROLES = (R.SYSTEM_ADMIN,)
PROVINCE_ROLES = (R.PROVINCE_ADMIN,)
EDITOR_ROLES = (*PROVINCE_ROLES, *NATIONAL_ROLES)


def writes_national(scope: Scope) -> bool:
    return scope.has_role(*NATIONAL_ROLES)


def provinces(scope: Scope) -> list[Organisation]:
    """The provinces whose announcements the member writes, in region-code order."""
    if writes_national(scope):
        return list(
            Organisation.objects.filter(level=OrgLevel.PROVINCE, is_active=True)
            .select_related("region")
            .order_by("region__code", "name")
        )
    own = [org for org in scope.organisations(*PROVINCE_ROLES) if org.level == OrgLevel.PROVINCE]
    return sorted(own, key=lambda org: (org.region.code if org.region else "", org.name))


def announcements(scope: Scope) -> QuerySet[Announcement]:
    found = Announcement.objects.select_related("province__region", "updated_by")
    if writes_national(scope):
        return found
    return found.filter(province__in=[org.pk for org in provinces(scope)])


def announcement_or_404(scope: Scope, pk: Any) -> Announcement:
    try:
        return announcements(scope).get(pk=int(pk))
    except (Announcement.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def editor(request: HttpRequest, province_id: int | None) -> Editor:
    """The role the member acts in: province administrator of that province when they hold it
    there, else system administrator (the only other role these views admit)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    memberships = [m for m in scope.memberships if m.role in EDITOR_ROLES]
    at_province = [m for m in memberships if m.role in PROVINCE_ROLES and m.organisation_id == province_id]
    national = [m for m in memberships if m.role in NATIONAL_ROLES]
    chosen = (at_province or national or memberships)[0]
    return Editor(request.user, chosen.role, chosen.organisation_id, client_ip(request) or None)
