"""What every review view shares: the roles, the scoped case lookup, and which of the member's
organisations acts on a case at which level (初审 / 复核 / 终审)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from teacherreg.accounts.models import StaffRole
from teacherreg.common.planning import joins_as_written
from teacherreg.office.access import staff_with_role
from teacherreg.office.views.desk_common import CASE_RELATED
from teacherreg.organisations.models import Organisation
from teacherreg.reference.attach import attach_code_items
from teacherreg.registration.models import Application, DecisionLevel
from teacherreg.registration.services.review_common import level_organisation

R = StaffRole
L = DecisionLevel
REVIEWER_ROLES = (R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER)
LEVEL_OF_ROLE = {R.COUNTY_REVIEWER: L.COUNTY, R.CITY_REVIEWER: L.CITY, R.PROVINCE_REVIEWER: L.PROVINCE}
ROLE_OF_LEVEL = {level: role for role, level in LEVEL_OF_ROLE.items()}
LEVELS = (L.COUNTY, L.CITY, L.PROVINCE)

review_view = staff_with_role(*REVIEWER_ROLES)
county_view = staff_with_role(R.COUNTY_REVIEWER)
city_view = staff_with_role(R.CITY_REVIEWER)
province_view = staff_with_role(R.PROVINCE_REVIEWER)

# The case page also walks up from the agency (复核 at the city, 终审 at the province).
REVIEW_RELATED = (*CASE_RELATED, "agency__parent__parent__parent")


def review_cases(request: HttpRequest, *roles: str) -> QuerySet[Application]:
    """The cases the member reviews (through the scope: none when there are none)."""
    return request.scope.applications(*(roles or REVIEWER_ROLES))  # type: ignore[attr-defined]


def case_or_404(request: HttpRequest, number: str, *roles: str) -> Application:
    """One case in the member's reach for ``roles``; another region's answers 404."""
    try:
        with joins_as_written():  # a dozen tables by key: planning the order cost more than the query
            case = review_cases(request, *roles).select_related(*REVIEW_RELATED).get(number=number)
    except (Application.DoesNotExist, Application.MultipleObjectsReturned):
        raise Http404 from None
    attach_code_items([case])
    return case


def member_levels(request: HttpRequest) -> list[str]:
    """The review levels the member holds a role for, in the order of the chain."""
    return [LEVEL_OF_ROLE[role] for role in REVIEWER_ROLES if request.scope.has_role(role)]  # type: ignore[attr-defined]


def level_organisations(request: HttpRequest, level: str) -> list[Organisation]:
    return request.scope.organisations(ROLE_OF_LEVEL[level])  # type: ignore[attr-defined]


def acting_organisation(request: HttpRequest, application: Application, level: str) -> Organisation | None:
    """The member's organisation that acts on ``application`` at ``level``, if they have one."""
    expected = level_organisation(application, level)
    if expected is None:
        return None
    return next((org for org in level_organisations(request, level) if org.pk == expected.pk), None)


def signing_organisation(request: HttpRequest, application: Application) -> Organisation | None:
    """Who signs the member's messages on this case: their organisation acting at any level."""
    for level in LEVELS:
        org = acting_organisation(request, application, level)
        if org is not None:
            return org
    return None
