"""Where the 申请表's QR code lands: ``/office/applications/<number>/`` (registration.pdf.content).

A member who scans the code is sent to the page where they act on that case: the
confirmation-point desk for an operator of its point, the review case page for a reviewer of
its agency, city or province. The case is looked up through the scope, so another region's
number answers 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from teacherreg.accounts.models import StaffRole
from teacherreg.office.access import staff_with_role
from teacherreg.office.views.review_common import REVIEWER_ROLES

OPERATOR = StaffRole.CONFIRMATION_OPERATOR


@staff_with_role(OPERATOR, *REVIEWER_ROLES)
def open_case(request: HttpRequest, number: str) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    if scope.has_role(OPERATOR) and scope.applications(OPERATOR).filter(number=number).exists():
        return redirect("office:desk_case", number=number)
    if scope.has_role(*REVIEWER_ROLES) and scope.applications(*REVIEWER_ROLES).filter(number=number).exists():
        return redirect("office:review_case", number=number)
    raise Http404
