"""The case page of the confirmation desk, the photo and the 申请表 (issue 6 item 3).

The operator compares the online application with the originals, so the page shows the ID
and certificate numbers in full; the phone stays masked (messages reach the applicant without
it). Opening the page, the photo or the form writes an access event (security.md §1.9).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents.serving import private_bytes
from teacherreg.office.access_log import application_photo, record_view
from teacherreg.office.desk_forms import ConfirmForm, ReturnForm, StaffMessageForm
from teacherreg.office.views.desk_common import case_or_404, desk_view, signing_point
from teacherreg.registration.models import Application
from teacherreg.registration.pdf import application_form
from teacherreg.registration.pdf.content import cycle
from teacherreg.registration.presentation import answer_sections, as_shown, choice_label, shown
from teacherreg.registration.services.findings import BLOCKER, TODO, WARNING, Finding
from teacherreg.registration.services.materials import materials_for
from teacherreg.registration.services.messages import thread
from teacherreg.registration.workflow import AWAITING_CONFIRMATION, Status, applicant_view

SEVERITY_LABELS = {
    BLOCKER: gettext_lazy("不能报名"),
    TODO: gettext_lazy("需要先完成"),
    WARNING: gettext_lazy("请注意"),
}


def _sections(app: Application) -> list[tuple[str, list[tuple[str, str]]]]:
    certificate = app.certificate
    kind = app.get_registration_kind_display()
    if app.registration_kind == "periodic":
        kind += _("（第 %(n)s 次）") % {"n": app.registration_ordinal}
    issuer = certificate.issuing_agency_name or (certificate.issuing_agency.name if certificate.issuing_agency else "")
    raw = [
        (
            _("报名信息"),
            [
                (_("注册报名号"), app.number),
                (_("注册年度"), app.registration_year),
                (_("注册类型"), kind),
                (_("提交时间"), app.submitted_at),
                (_("最近变更"), app.updated_at),
                (_("版本"), app.version),
            ],
        ),
        (
            _("个人信息"),
            [
                (_("姓名"), app.name),
                (_("证件类型"), choice_label(DocumentType, app.document_type)),
                (_("证件号码"), app.document_number),
                (_("性别"), choice_label(Sex, app.sex)),
                (_("出生日期"), app.birth_date),
                (_("民族"), app.ethnic_group),
                (_("政治面貌"), app.political_status),
                (_("户籍所在地"), app.household_registration),
                (_("手机号码"), mask("phone", app.phone)),
                (_("通讯地址"), app.postal_address),
                (_("通讯邮编"), app.postcode),
            ],
        ),
        (
            _("教师资格证书"),
            [
                (_("证书号码"), certificate.number_as_printed or certificate.number),
                (_("资格种类"), certificate.qualification_type),
                (_("任教学科"), certificate.subject_as_printed or certificate.subject),
                (_("认定机构"), issuer),
                (_("证书签发日期"), certificate.issued_on),
            ],
        ),
        *answer_sections(app),
    ]
    return as_shown(raw)


def _key_facts(app: Application) -> list[tuple[str, str]]:
    """What the operator compares with the ID card and the certificate first."""
    certificate = app.certificate
    return [
        (_("姓名"), app.name),
        (_("证件类型"), choice_label(DocumentType, app.document_type)),
        (_("证件号码"), app.document_number),
        (_("证书号码"), certificate.number_as_printed or certificate.number),
        (_("资格种类"), shown(certificate.qualification_type)),
        (_("现任教学段 / 学科"), " / ".join(str(x) for x in (app.current_stage, app.current_subject) if x)),
        (_("现任教学校"), app.current_school),
    ]


def _finding(data: dict[str, Any]) -> tuple[str, str]:
    """A stored pre-check finding in words. Stored at submission, it may predate a change of
    its catalogue text; a text that no longer fits its parameters shows without them rather
    than failing the page."""
    finding = Finding.from_json(data)
    try:
        text = finding.message
    except (KeyError, TypeError, ValueError):
        text = message_for(finding.code).replace("%%", "%")
    return str(SEVERITY_LABELS.get(finding.severity, "")), text


def _certificate_state(app: Application) -> dict[str, Any]:
    certificate = app.certificate
    return {
        "source": choice_label(CertificateSource, certificate.source),
        "state": choice_label(VerificationState, certificate.verification_state),
        "needs_check": certificate.needs_manual_check,
        "rejected": certificate.verification_state == VerificationState.REJECTED,
        "reason": certificate.rejection_reason,
    }


def render_case(
    request: HttpRequest,
    app: Application,
    *,
    confirm_form: ConfirmForm | None = None,
    return_form: ReturnForm | None = None,
    message_form: StaffMessageForm | None = None,
    error: str = "",
) -> HttpResponse:
    """The case page; the actions render it again with their bound form and the refusal, so
    nothing the operator ticked or typed is lost."""
    today = timezone.localdate()
    checklist = materials_for(app)
    point = signing_point(request, app)
    awaiting = app.status in AWAITING_CONFIRMATION
    in_dates = app.arrangement.is_confirming_on(today)
    years, training_total = cycle(app)
    view = applicant_view(app.status)
    can_act = awaiting and in_dates and point is not None
    if return_form is not None and return_form.is_bound and not can_act and message_form is None:
        # The return was refused for good (the dates are over, the case moved on): the form is
        # gone from the page, so its text moves to the message box, ready to send as a 留言.
        message_form = StaffMessageForm(initial={"body": return_form.data.get("return-message", "")}, prefix="message")
    record_view(request, app, "case")
    context = {
        "app": app,
        "sections": _sections(app),
        "key_facts": _key_facts(app),
        "status": Status(app.status).label,
        "applicant_label": view.label + (f"（{view.detail}）" if view.detail else ""),
        "certificate": _certificate_state(app),
        "findings": [_finding(data) for data in app.precheck_findings or []],
        "cycle": years,
        "training_total": training_total,
        "checklist": checklist,
        "thread": list(thread(app)),
        "point": point,
        "awaiting": awaiting,
        "in_dates": in_dates,
        "can_act": can_act,
        "can_return": app.status == Status.SUBMITTED,
        "confirm_form": confirm_form or ConfirmForm(materials=checklist, initial={"version": app.version}),
        "return_form": return_form or ReturnForm(initial={"version": app.version}, prefix="return"),
        "message_form": message_form or StaffMessageForm(prefix="message"),
        "error": error,
    }
    return render(request, "office/desk/case.html", context)


@desk_view
def case(request: HttpRequest, number: str) -> HttpResponse:
    return render_case(request, case_or_404(request, number))


@desk_view
def photo(request: HttpRequest, number: str) -> HttpResponse:
    return application_photo(request, case_or_404(request, number))


@desk_view
def form_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The 申请表 as the applicant printed it (the current version), to check the signed copies."""
    app = case_or_404(request, number)
    data = application_form(app)
    record_view(request, app, "application_form")
    return private_bytes(data, content_type="application/pdf", filename=f"{app.number}.pdf", attachment=False)
