"""Where the 申请表's QR code lands: ``/office/applications/<number>/`` (registration.pdf.content).

A member who scans the code is sent to the page where they act on that case. Today that is the
confirmation-point desk; the review pages of the later slice of issue 6 will be added here by
role. The case is looked up through the scope, so another region's number answers 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from teacherreg.office.views.desk_common import case_or_404, desk_view


@desk_view
def open_case(request: HttpRequest, number: str) -> HttpResponse:
    return redirect("office:desk_case", number=case_or_404(request, number).number)
