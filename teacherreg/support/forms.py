"""The support forms. They check shapes (a real document number, a mainland mobile, real
images); the rules (limits, statuses) are the services'. A form shown again keeps every
field as typed; only chosen files must be chosen again (a browser never refills them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import validate_document, validate_mobile
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.common.forms import StyledForm
from teacherreg.office.queue_forms import QueueFilterForm
from teacherreg.support import conf
from teacherreg.support.messages import support_message
from teacherreg.support.models import MAX_SCREENSHOTS, TicketTopic
from teacherreg.support.uploads import validate_screenshot


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Up to three files; what they are is checked in the form's ``clean`` (after the captcha)."""

    widget = MultipleImageInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png", "multiple": True})

    def to_python(self, data: Any) -> list:
        return [item for item in (data if isinstance(data, list | tuple) else [data]) if item]

    def validate(self, value: list) -> None:
        if len(value) > MAX_SCREENSHOTS:
            raise ValidationError(support_message("support_too_many_screenshots", max=MAX_SCREENSHOTS))

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(data)


def _body_field(label: Any, max_length: int, required: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": required,
            "max_length": _("最多 %(limit_value)d 个字，现在有 %(show_value)d 个。"),
        },
    )


class TicketForm(StyledForm, forms.Form):
    """邮件咨询 (manual §4): the points the manual asks an e-mail to carry, as fields."""

    subject = forms.CharField(
        label=_("主题"),
        max_length=conf.MAX_SUBJECT,
        help_text=_("请写“真实姓名 + 问题关键词”，例如“张三 忘记密码”。"),
        error_messages={"required": _("请填写主题。"), "max_length": _("主题最多 %(limit_value)d 个字。")},
    )
    topic = forms.ChoiceField(
        label=_("问题类型"),
        choices=[("", _("请选择")), *TicketTopic.choices],
        error_messages={"required": _("请选择问题类型。"), "invalid_choice": _("请选择列表中的问题类型。")},
    )
    description = _body_field(
        _("问题描述"),
        conf.MAX_DESCRIPTION,
        _("请填写问题描述。"),
        _("详细、准确地说明遇到的问题：在哪个页面、做了什么、看到什么提示。请不要填写密码或短信验证码。"),
    )
    document_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择")), *DocumentType.choices],
        error_messages={"required": _("请选择证件类型。"), "invalid_choice": _("请选择列表中的证件类型。")},
    )
    document_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        strip=False,
        help_text=_("注册账号时使用的证件号码，工作人员凭它查找您的账号。"),
        error_messages={"required": _("请填写证件号码。")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        help_text=_("11 位手机号码。工作人员回复后会发短信提醒您。"),
        error_messages={"required": _("请填写联系电话。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    screenshots = ScreenshotsField(
        label=_("问题截图（选填）"),
        help_text=_("最多 3 张，JPG 或 PNG 格式，每张不超过 2 MB。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.images: list[bytes] = []

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if "document_number" in self.fields and cleaned.get("document_type") and cleaned.get("document_number"):
            try:
                cleaned["document_number"] = validate_document(
                    cleaned["document_number"], cleaned["document_type"]
                ).number
            except ValidationError as refusal:
                self.add_error("document_number", refusal)
        # Decoding images is the expensive part: only once everything before it (the captcha,
        # for anonymous senders) has passed.
        for upload in cleaned.get("screenshots") or []:
            try:
                self.images.append(validate_screenshot(upload))
            except ValidationError as refusal:
                self.add_error("screenshots", refusal)
                break
        return cleaned


class SignedInTicketForm(TicketForm):
    """An applicant's own: the document is the account's (shown, not typed), the phone and the
    name in the subject start from the account."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"subject": f"{user.name} " if user.name else "", "phone": user.phone or ""})
        super().__init__(*args, **kwargs)
        del self.fields["document_type"]
        del self.fields["document_number"]


class AnonymousTicketForm(CaptchaFormMixin, TicketForm):
    """Anyone, after the captcha (P11, purpose ``support``)."""


class FollowUpForm(StyledForm, forms.Form):
    body = _body_field(_("补充说明"), conf.MAX_REPLY, _("请填写补充说明。"))


class StaffReplyForm(StyledForm, forms.Form):
    body = _body_field(
        _("回复内容"),
        conf.MAX_REPLY,
        _("请填写回复内容。"),
        _("申请人在个人信息中心阅读回复；未登录提交的，会收到短信提醒。请不要在回复中写完整的证件号码或手机号码。"),
    )


class TicketFilterForm(QueueFilterForm):
    topic = forms.ChoiceField(label=_("问题类型"), required=False, choices=[("", _("全部类型")), *TicketTopic.choices])
    number = forms.CharField(label=_("咨询编号"), required=False, max_length=12)

    def clean_number(self) -> int | None:
        raw = (self.cleaned_data.get("number") or "").strip().upper().removeprefix("ZX")
        if not raw:
            return None
        if not raw.isdigit():
            raise ValidationError(_("咨询编号为 ZX 加 6 位数字。"))
        return int(raw)


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("机构名称"), required=False, max_length=50)
    province = forms.ChoiceField(label=_("省份"), required=False)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("各省级注册机构")), *provinces]
        self.fields["q"].widget.attrs.update({"class": "form-control", "type": "search"})
        self.fields["province"].widget.attrs.update({"class": "form-select"})
