"""查询报名信息 (manual §3.2): the list with its actions, 详情 with the timeline, 注意事项, 修改
(P17's rule and the request to send back), 撤回, 留言, and the notice preference.

Thin views: every rule is in ``registration.services.applications`` / ``.messages`` /
``.edit_requests``. Applications are fetched only through ``own_applications``, so another
applicant's number gives 404.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from teacherreg.accounts.models import DocumentType, NoticeChannels, Sex, User
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.certificates.models import RegistrationRecord
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.common.planning import joins_as_written
from teacherreg.documents.serving import private_file
from teacherreg.reference.attach import attach_code_items
from teacherreg.registration.models import Application
from teacherreg.registration.presentation import answer_sections, as_shown, choice_label
from teacherreg.registration.services import edit_requests
from teacherreg.registration.services import messages as thread_service
from teacherreg.registration.services.applications import (
    actions_for,
    edit_permission,
    own_applications,
    split_current,
    timeline,
    unread_counts,
    withdraw_application,
)
from teacherreg.registration.services.review_records import records_by_number
from teacherreg.registration.services.review_state import conclusion_reasons
from teacherreg.registration.workflow import applicant_view

# --- forms ---------------------------------------------------------------------------------


class ReplyForm(StyledForm, forms.Form):
    body = forms.CharField(
        label=_("回复内容"),
        max_length=thread_service.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写留言内容。"), "max_length": _("留言内容不能超过 2000 个字。")},
    )


class SendBackForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("需要修改的内容和原因"),
        max_length=thread_service.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：照片不清晰需要更换；现任教学校名称填写有误。注册机构会通过留言答复您。"),
        error_messages={"required": _("请写明需要修改哪些信息以及原因。")},
    )


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoticeForm(StyledForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["notice_channels"]
        widgets = {"notice_channels": forms.RadioSelect}
        labels = {"notice_channels": _("收到留言或注册结论有变化时，通过以下方式通知我")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notice_channels"].widget.attrs["class"] = "form-check-input"

    def clean_notice_channels(self) -> str:
        value = self.cleaned_data["notice_channels"]
        if value in (NoticeChannels.BOTH, NoticeChannels.EMAIL) and not self.instance.email:
            raise forms.ValidationError(message_for("app_notices_no_email"))
        return value


# --- helpers -------------------------------------------------------------------------------


# What 详情 shows beyond the list's columns, read in the same query (three fewer round trips).
DETAIL_RELATED = ("certificate__qualification_type", "certificate__subject", "major")


def _own(request: HttpRequest, number: str, related: tuple[str, ...] = ()) -> Application:
    # A number is unique: a slice, as ``first()`` would order the wide query by its key.
    with joins_as_written():
        mine = own_applications(request.user).filter(number=number).select_related(*related)
        application = next(iter(mine[:1]), None)
    if application is None:
        raise Http404(message_for("app_not_yours"))
    attach_code_items([application])  # the detail page shows them: one query, not eleven
    _attach_unread([application])
    return application


def _attach_unread(applications: list[Application]) -> None:
    """``unread`` on each application: the staff messages its applicant has not opened."""
    counts = unread_counts(applications)
    for application in applications:
        application.unread = counts.get(application.pk, 0)


def _row(
    application: Application, day: datetime.date, record: RegistrationRecord | None = None, reasons: str = ""
) -> dict:
    pdf = reverse("applicant:application_pdf", args=[application.number])
    actions = actions_for(application, day)
    return {
        "record": record,  # the conclusion's registration record: a 合格 one's validity (P18)
        "reasons": reasons,  # why 暂缓 / 不合格 / 撤销注册, in words
        "application": application,
        "certificate": mask("certificate_number", application.certificate_key),
        "view": applicant_view(application.status),
        "actions": actions,
        "pdf_url": pdf if actions.form else "",
        "unread": getattr(application, "unread", 0),
    }


# --- pages ---------------------------------------------------------------------------------


@applicant_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Manual §3.2: the current registration year's applications (P15 labels, actions)."""
    day = today()
    current, history = split_current(own_applications(request.user), day)
    _attach_unread(current)
    records, reasons = records_by_number(current), conclusion_reasons(current)
    rows = [_row(a, day, records.get(a.number), reasons.get(a.pk, "")) for a in current]
    context = {"rows": rows, "history_count": len(history), "is_history": False}
    return render(request, "applicant/applications/list.html", context)


@applicant_required
def application_history(request: HttpRequest) -> HttpResponse:
    """历史报名: earlier registration years, finished."""
    day = today()
    _current, history = split_current(own_applications(request.user), day)
    _attach_unread(history)
    records, reasons = records_by_number(history), conclusion_reasons(history)
    rows = [_row(a, day, records.get(a.number), reasons.get(a.pk, "")) for a in history]
    context = {"rows": rows, "history_count": len(history), "is_history": True}
    return render(request, "applicant/applications/list.html", context)


@applicant_required
def application_detail(request: HttpRequest, number: str) -> HttpResponse:
    """详情 (manual §3.2.2): every field, personal ones masked, and the timeline."""
    app = _own(request, number, DETAIL_RELATED)
    day = today()
    certificate = app.certificate
    reasons = conclusion_reasons([app]).get(app.pk, "")
    sections = [
        (
            _("报名信息"),
            [
                (_("注册报名号"), app.number),
                (_("注册年度"), app.registration_year),
                (_("注册类型"), app.get_registration_kind_display()),
                (_("提交时间"), app.submitted_at),
                (_("注册结论"), _label(app)),
                *([(_("原因"), reasons)] if reasons else []),
            ],
        ),
        (
            _("个人信息"),
            [
                (_("姓名"), mask("name", app.name)),
                (_("证件类型"), choice_label(DocumentType, app.document_type)),
                (_("证件号码"), mask("document_number", app.document_number)),
                (_("性别"), choice_label(Sex, app.sex)),
                (_("出生年月"), app.birth_date.strftime("%Y-%m") if app.birth_date else ""),
                (_("民族"), app.ethnic_group),
                (_("政治面貌"), app.political_status),
                (_("户籍所在地"), app.household_registration),
                (_("手机号码"), mask("phone", app.phone)),
                (_("通讯地址"), app.postal_address),
                (_("通讯邮编"), app.postcode),
            ],
        ),
        (
            _("本次注册的教师资格证书"),
            [
                (_("证书号码"), mask("certificate_number", app.certificate_key)),
                (_("资格种类"), certificate.qualification_type),
                (_("任教学科"), certificate.subject_as_printed or certificate.subject),
            ],
        ),
        *answer_sections(app),
    ]
    context = {
        "row": _row(app, day, reasons=reasons),
        "sections": as_shown(sections),
        "timeline": timeline(app),
        "edit": edit_permission(app, day),
    }
    return render(request, "applicant/applications/detail.html", context)


@applicant_required
def application_notes(request: HttpRequest, number: str) -> HttpResponse:
    """注意事项 (manual §3.2.1): the step-7 reminder again, with the point's own notes."""
    app = _own(request, number)
    context = {"row": _row(app, today()), "arrangement": app.arrangement}
    return render(request, "applicant/applications/notes.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, number: str) -> HttpResponse:
    """修改 (P17, manual §3.2.3): when allowed, on to the editing steps; otherwise why not, and
    after confirmation the request to the agency to send the case back."""
    app = _own(request, number)
    permission = edit_permission(app, today())
    form = SendBackForm(request.POST or None) if permission.can_request_send_back else None
    error = ""
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            message = edit_requests.request_send_back(app, request.user, form.cleaned_data["reason"])
        except DomainError as exc:
            error = exc.message
        else:
            organisation = message.to_organisation.name if message.to_organisation else app.agency.name
            messages.success(request, message_for("app_send_back_sent", organisation=organisation))
            return redirect("applicant:application_messages", number=app.number)
    context = {
        "row": _row(app, today()),
        "permission": permission,
        "amend_url": reverse("applicant:application_amend", args=[app.number]) if permission.allowed else "",
        "fixed_parts": message_for("app_edit_fixed_parts"),
        "form": form,
        "error": error,
        "pending": edit_requests.pending_request(app) if permission.can_request_send_back else None,
    }
    return render(request, "applicant/applications/edit.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, number: str) -> HttpResponse:
    """撤回: a confirmation page, then the ``withdraw`` transition."""
    app = _own(request, number)
    error = ""
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else None
        try:
            withdraw_application(app, request.user, expected_version=version)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, message_for("app_withdrawn", number=app.number))
            return redirect("applicant:applications")
    row = _row(app, today())
    if not row["actions"].withdraw and not error:
        error = message_for("app_withdraw_not_allowed", label=row["view"].label)
    context = {"row": row, "form": WithdrawForm(initial={"version": app.version}), "error": error}
    return render(request, "applicant/applications/withdraw.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def application_messages(request: HttpRequest, number: str) -> HttpResponse:
    """留言 (manual §3.2.5): the thread; opening it marks staff messages read; a reply box."""
    app = _own(request, number)
    form = ReplyForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            thread_service.reply(app, request.user, form.cleaned_data["body"])
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, message_for("app_message_sent"))
            return redirect("applicant:application_messages", number=app.number)
    thread_service.mark_read(app, request.user)
    context = {
        "row": _row(app, today()),
        "thread": thread_service.thread(app),
        "form": form,
        "error": error,
        "can_reply": app.status not in {"withdrawn", "lapsed"},
    }
    return render(request, "applicant/applications/messages.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def notice_preference(request: HttpRequest) -> HttpResponse:
    """通知方式: SMS, e-mail or both for 留言 and status notices."""
    user = User.objects.get(pk=request.user.pk)
    form = NoticeForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message_for("app_notices_saved"))
        return redirect("applicant:application_notices")
    context = {"form": form, "email": mask("email", user.email), "phone": mask("phone", user.phone)}
    return render(request, "applicant/applications/notices.html", context)


def _label(app: Application) -> str:
    view = applicant_view(app.status)
    return view.label + (f"（{view.detail}）" if view.detail else "")


@applicant_required
def application_photo(request: HttpRequest, number: str) -> HttpResponse:
    """The photo the application carries (the one printed on the 申请表), to its owner only."""
    application = _own(request, number)
    return private_file(application.photo.name if application.photo else "", filename="photo.jpg")
