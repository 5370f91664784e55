"""申请表预览 / 下载 (manual §3.2.4): the applicant's own application form as a PDF.

Only the owner gets it; anyone else gets 404, so a number says nothing about whether it
exists. Every download is audited. ``?inline=1`` shows it in the browser (预览).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from teacherreg.applicant.views.centre import applicant_required
from teacherreg.audit import services as audit
from teacherreg.common.planning import joins_as_written
from teacherreg.common.session_flow import client_ip
from teacherreg.documents.serving import private_bytes
from teacherreg.registration.models import Application
from teacherreg.registration.pdf import application_form


def _own_with_form_data(request: HttpRequest, number: str) -> Application | None:
    rows = (
        Application.objects.filter(number=number, applicant=request.user)
        .select_related(
            "certificate__qualification_type",
            "certificate__subject",
            "certificate__issuing_agency",
            "agency",
            "confirmation_point",
            "window__batch__plan",
            "current_stage",
            "current_subject",
        )
        # A number is unique. No ORDER BY (not even the model's): Django matches it against every
        # selected column of the 12 tables, which cost more than the query (issue 7).
        .order_by()[:1]
    )
    return next(iter(rows), None)


@applicant_required
def application_pdf(request: HttpRequest, number: str) -> HttpResponse:
    with joins_as_written():
        application = _own_with_form_data(request, number)
    if application is None:
        raise Http404
    data = application_form(application)
    inline = request.GET.get("inline") == "1"
    audit.record(
        "application.form_downloaded",
        application,
        actor=request.user,
        actor_role="applicant",
        ip=client_ip(request),
        data={"version": application.version, "inline": inline},
    )
    return private_bytes(
        data, content_type="application/pdf", filename=f"{application.number}.pdf", attachment=not inline
    )
