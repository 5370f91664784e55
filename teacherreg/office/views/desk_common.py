"""What every desk view shares: the role, the scoped case lookup, the signing point."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from teacherreg.accounts.models import StaffRole
from teacherreg.common.planning import joins_as_written
from teacherreg.office.access import staff_with_role
from teacherreg.organisations.models import Organisation
from teacherreg.reference.attach import attach_code_items
from teacherreg.registration.models import Application

OPERATOR = StaffRole.CONFIRMATION_OPERATOR
desk_view = staff_with_role(OPERATOR)

# What the case page and the 申请表 read, in the one query that finds the case; the code-table
# entries (民族, 学历 …) come in one more query (reference.attach), not as eleven more joins.
CASE_RELATED = (
    "certificate__qualification_type",
    "certificate__subject",
    "certificate__issuing_agency",
    "agency",
    "confirmation_point",
    "arrangement",
    "window__batch__plan",
    "current_stage",
    "current_subject",
    "major",
    "graduation_school",
    "applicant",
)


def desk_cases(request: HttpRequest) -> QuerySet[Application]:
    """The cases of the operator's points (through the scope: none when there are none)."""
    return request.scope.applications(OPERATOR)  # type: ignore[attr-defined]


def case_or_404(request: HttpRequest, number: str) -> Application:
    """One case of the operator's points; another point's or region's answers 404."""
    try:
        with joins_as_written():  # a dozen tables by key: planning the order cost more than the query
            case = desk_cases(request).select_related(*CASE_RELATED).get(number=number)
    except (Application.DoesNotExist, Application.MultipleObjectsReturned):
        raise Http404 from None
    attach_code_items([case])
    return case


def operator_points(request: HttpRequest) -> list[Organisation]:
    return request.scope.organisations(OPERATOR)  # type: ignore[attr-defined]


def signing_point(request: HttpRequest, application: Application) -> Organisation | None:
    """The operator's membership that is this case's point: it signs confirmations and messages."""
    return next((org for org in operator_points(request) if org.pk == application.confirmation_point_id), None)
