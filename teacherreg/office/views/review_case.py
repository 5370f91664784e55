"""The review case page (issue 6 item 4): the application, the photo, the pre-check findings,
the decisions so far, 公示 objections, messages and the timeline, with the actions the member's
role allows at the case's status. Reviewers do not compare originals, so the ID number and the
phone stay masked here. Opening the page or the photo writes an access event (security.md §1.9).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.certificates.models import RegistrationRecord
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.office.access_log import application_photo, record_view
from teacherreg.office.review_forms import ConclusionForm, NoteForm, NoticeStartForm, ReviewMessageForm, RevokeForm
from teacherreg.office.views.review_common import (
    acting_organisation,
    case_or_404,
    member_levels,
    review_view,
    signing_organisation,
)
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, DecisionLevel, DecisionOutcome
from teacherreg.registration.pdf.content import cycle
from teacherreg.registration.presentation import answer_sections, as_shown, choice_label
from teacherreg.registration.review_reasons import reason_labels
from teacherreg.registration.services.case_timeline import decision_title
from teacherreg.registration.services.findings import Finding
from teacherreg.registration.services.messages import thread
from teacherreg.registration.services.review_notice import mark_objections_read
from teacherreg.registration.services.review_state import REVIEW_LEVELS, pending_proposal
from teacherreg.registration.workflow import Status, applicant_view

L = DecisionLevel
S = Status

# Each action: (form prefix, how its form is made). Labels and help texts say what the reason is for.
FORMS: dict[str, Any] = {
    "propose": lambda app, data: ConclusionForm(data, prefix="propose", initial={"version": app.version}),
    "send_to_applicant": lambda app, data: NoteForm(
        data,
        prefix="send_to_applicant",
        initial={"version": app.version},
        label=_("需要申请人修改的内容"),
        help_text=_("会作为留言发给申请人；申请人修改后须在确认时间内再到确认点确认。"),
    ),
    "undo_proposal": lambda app, data: NoteForm(data, prefix="undo_proposal", label=_("撤销原因")),
    "start_notice": lambda app, data: NoticeStartForm(
        data, prefix="notice", initial={"starts_on": timezone.localdate()}
    ),
    "withdraw_notice": lambda app, data: NoteForm(data, prefix="withdraw_notice", label=_("撤出公示的原因")),
    "city_agree": lambda app, data: NoteForm(
        data, prefix="city_agree", initial={"version": app.version}, required=False, label=_("复核意见（可不填）")
    ),
    "city_send_back": lambda app, data: NoteForm(
        data, prefix="city_send_back", initial={"version": app.version}, label=_("退回原因")
    ),
    "decide": lambda app, data: ConclusionForm(data, prefix="decide", initial={"version": app.version}),
    "province_send_back": lambda app, data: NoteForm(
        data, prefix="province_send_back", initial={"version": app.version}, label=_("退回原因")
    ),
    "undo": lambda app, data: NoteForm(
        data,
        prefix="undo",
        initial={"version": app.version},
        label=_("撤销结论的原因"),
        help_text=_("撤销后申请回到终审中，原结论和本次撤销都会保留在审核记录中。"),
    ),
    "revoke": lambda app, data: RevokeForm(data, prefix="revoke", initial={"version": app.version}),
    "undo_revocation": lambda app, data: NoteForm(
        data,
        prefix="undo_revocation",
        initial={"version": app.version},
        label=pgettext("undo a revocation", "撤销原因"),
        help_text=_("撤销后恢复为注册合格，五年内不能注册的限制随之解除；撤销注册和本次撤销都会保留在审核记录中。"),
    ),
}


def make_form(name: str, app: Application, data: Any = None) -> forms.Form:
    return FORMS[name](app, data)


def available_actions(app: Application, acting: dict[str, Organisation | None], today: datetime.date) -> list[str]:
    """What the member may do here: their role at the level the case is at, and its status.
    The services check all of it again; this only decides which forms to show."""
    status, actions = app.status, []
    plan = app.window.batch.plan
    if acting.get(L.COUNTY) is not None:
        if status in (S.CONFIRMED, S.COUNTY_REVIEW):
            actions += ["propose", "send_to_applicant"]
        if status == S.COUNTY_REVIEW and pending_proposal(app) is not None:
            actions += ["undo_proposal"] + (["start_notice"] if plan.notice_days else [])
        if status == S.PUBLIC_NOTICE:
            actions += ["withdraw_notice"] + (
                ["end_notice"] if app.notice_ends_on and today > app.notice_ends_on else []
            )
    if acting.get(L.CITY) is not None and status == S.CITY_REVIEW:
        actions += ["city_agree", "city_send_back"]
    if acting.get(L.PROVINCE) is not None:
        if status == S.PROVINCE_REVIEW:
            actions += ["decide", "province_send_back"]
        if status in (S.QUALIFIED, S.DEFERRED, S.UNQUALIFIED):
            actions.append("undo")
        if status == S.QUALIFIED:
            actions.append("revoke")
        if status == S.REVOKED:
            actions.append("undo_revocation")
    return actions


def _sections(app: Application) -> list[tuple[str, list[tuple[str, str]]]]:
    certificate = app.certificate
    kind = app.get_registration_kind_display()
    if app.registration_kind == "periodic":
        kind += _("（第 %(n)s 次）") % {"n": app.registration_ordinal}
    return as_shown(
        [
            (
                _("报名信息"),
                [
                    (_("注册报名号"), app.number),
                    (_("注册年度"), app.registration_year),
                    (_("注册类型"), kind),
                    (_("提交时间"), app.submitted_at),
                    (_("版本"), app.version),
                ],
            ),
            (
                _("个人信息"),
                [
                    (_("姓名"), app.name),
                    (_("证件类型"), choice_label(DocumentType, app.document_type)),
                    (_("证件号码"), mask("document_number", app.document_number)),
                    (_("性别"), choice_label(Sex, app.sex)),
                    (_("出生日期"), app.birth_date),
                    (_("手机号码"), mask("phone", app.phone)),
                ],
            ),
            (
                _("教师资格证书"),
                [
                    (_("证书号码"), certificate.number_as_printed or certificate.number),
                    (_("资格种类"), certificate.qualification_type),
                    (_("任教学科"), certificate.subject_as_printed or certificate.subject),
                    (_("证书签发日期"), certificate.issued_on),
                ],
            ),
            *answer_sections(app),
        ]
    )


def _finding(data: dict[str, Any]) -> str:
    """A stored pre-check finding in words; one whose text no longer fits its parameters shows
    without them rather than failing the page."""
    finding = Finding.from_json(data)
    try:
        return finding.message
    except (KeyError, TypeError, ValueError):
        return message_for(finding.code).replace("%%", "%")


def _decisions(app: Application) -> list[dict[str, Any]]:
    rows = (
        app.decisions.filter(level__in=REVIEW_LEVELS)
        .select_related("decided_by_organisation")
        .order_by("decided_at", "pk")
    )
    return [
        {
            "decision": d,
            "title": decision_title(d),
            "reasons": reason_labels(d.reasons),
            "undo": d.outcome == DecisionOutcome.UNDONE,
            "undone": d.undone_by_id is not None,
        }
        for d in rows
    ]


def render_case(
    request: HttpRequest, app: Application, *, bound: dict[str, forms.Form] | None = None, error: str = ""
) -> HttpResponse:
    """The case page; an action refused renders it again with its bound form and the reason."""
    today = timezone.localdate()
    levels = member_levels(request)
    acting = {level: acting_organisation(request, app, level) for level in levels}
    actions = available_actions(app, acting, today)
    bound = bound or {}
    forms_ = {name: bound.get(name) or make_form(name, app) for name in actions if name in FORMS}
    signer = signing_organisation(request, app)
    if acting.get(L.COUNTY) is not None:
        mark_objections_read(app, request.user)
    record_view(request, app, "review_case")
    years, training_total = cycle(app)
    view = applicant_view(app.status)
    context = {
        "app": app,
        "status": S(app.status).label,
        "applicant_label": view.label + (f"（{view.detail}）" if view.detail else ""),
        "sections": _sections(app),
        "findings": [_finding(data) for data in app.precheck_findings or []],
        "cycle": years,
        "training_total": training_total,
        "decisions": _decisions(app),
        "objections": list(app.objections.order_by("received_at", "pk")),
        "records": list(
            RegistrationRecord.objects.filter(certificate_id=app.certificate_id).order_by("decided_on", "pk")
        ),
        "thread": list(thread(app)),
        "actions": actions,
        "forms": forms_,
        "open": next(iter(bound), ""),
        "error": error,
        "signer": signer,
        "message_form": bound.get("message") or ReviewMessageForm(prefix="message"),
        "notice_days": app.window.batch.plan.notice_days,
        "acting": {level: org for level, org in acting.items() if org is not None},
    }
    return render(request, "office/review/case.html", context)


@review_view
def case(request: HttpRequest, number: str) -> HttpResponse:
    return render_case(request, case_or_404(request, number))


@review_view
def photo(request: HttpRequest, number: str) -> HttpResponse:
    return application_photo(request, case_or_404(request, number))
