"""确认名单: the confirmed cases in system order, as a page that prints on A4 (issue 6 item 3).

The point hands it to the registration agency with the papers, so it carries the point, the
agency, the date, a count and lines for signatures. ID and certificate numbers are masked: the
application number is the key both sides match the papers by.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from teacherreg.common.masking import mask
from teacherreg.office.access_log import record_view
from teacherreg.office.desk_forms import RosterForm
from teacherreg.office.desk_queries import roster as roster_rows
from teacherreg.office.views.desk_common import desk_cases, desk_view, operator_points


@desk_view
def roster(request: HttpRequest) -> HttpResponse:
    form = RosterForm(request.GET or None)
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    applications = list(roster_rows(desk_cases(request), day))
    rows = [
        {
            "app": app,
            "document_number": mask("document_number", app.document_number),
            "certificate_number": mask("certificate_number", app.certificate_key),
            "confirmed_at": app.confirmed_at,
        }
        for app in applications
    ]
    points = operator_points(request)
    if rows:
        record_view(request, points[0], "roster")
    agencies = sorted({app.agency.name for app in applications})
    context = {
        "form": form,
        "rows": rows,
        "day": day,
        "points": points,
        "agencies": agencies,
        "printed_at": timezone.localtime(),
    }
    return render(request, "office/desk/roster.html", context)
