"""Forms of the public account pages: login, sign-up, password reset."""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts import throttles
from teacherreg.accounts.models import Sex
from teacherreg.accounts.validation import DocumentFacts, validate_document, validate_mobile, validate_name
from teacherreg.applicant.forms.fields import (
    check_new_password,
    document_number_field,
    document_type_field,
    new_password_fields,
    sms_code_field,
)
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.common import ratelimit
from teacherreg.common.forms import StyledForm
from teacherreg.reference.models import CodeItem, CodeKind

GENERIC_LOGIN_ERROR = _("证件号码或密码不正确。")


def client_ip(request) -> str:
    # The reverse proxy sets REMOTE_ADDR for us (X-Forwarded-For is not trusted; security.md).
    return request.META.get("REMOTE_ADDR", "")


class LoginForm(StyledForm, CaptchaFormMixin, forms.Form):
    document_number = document_number_field()
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入密码。")},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("captcha_purpose", "login")
        super().__init__(*args, **kwargs)
        self.user_cache = None

    def clean(self) -> dict:
        # Order matters (issue 3 item 4): the captcha and the per-IP limit come before the
        # password hash, so a robot costs us no hashing.
        cleaned = super().clean()
        if self.errors:
            return cleaned
        decision = ratelimit.hit(throttles.LOGIN_PER_IP, client_ip(self.request))
        if not decision.allowed:
            raise ValidationError(_("此网络的登录尝试过于频繁，请 1 分钟后再试。"), code="ip_limited")
        user = authenticate(self.request, document_number=cleaned["document_number"], password=cleaned["password"])
        if user is None:
            raise ValidationError(GENERIC_LOGIN_ERROR, code="invalid_login")
        self.user_cache = user
        return cleaned


class PhoneForm(StyledForm, CaptchaFormMixin, forms.Form):
    """Step 1 of sign-up and of a phone change: the number, a captcha, and a code sent to it."""

    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请输入手机号码。")},
    )

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])


class CodeForm(StyledForm, forms.Form):
    sms_code = sms_code_field()


class PersonForm(StyledForm, forms.Form):
    """Who a person is, as their document says (P3–P5): sign-up asks it of the applicant, the
    office's 后台采集 of the staff member holding the teacher's ID card."""

    document_type = document_type_field()
    document_number = document_number_field()
    name = forms.CharField(label=_("姓名"), max_length=60, strip=False, error_messages={"required": _("请填写姓名。")})
    ethnic_group = forms.ModelChoiceField(
        label=_("民族"),
        queryset=CodeItem.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择民族。")},
    )
    sex = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", _("请选择")), *Sex.choices],
        help_text=_("居民身份证等 18 位号码会自动识别，无需填写。"),
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("居民身份证等 18 位号码会自动识别，无需填写。"),
        error_messages={"invalid": _("请按 年-月-日 填写出生日期。")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnic_group"].queryset = CodeItem.objects.filter(kind=CodeKind.ETHNIC_GROUP, is_active=True)
        self.facts: DocumentFacts | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        self.facts = clean_identity(self, cleaned)
        return cleaned


class SignUpForm(PersonForm):
    """Step 2 of sign-up, after the phone passed its SMS code (P4)."""

    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("用于找回密码和接收通知。"),
        error_messages={"required": _("请填写电子邮箱。"), "invalid": _("请填写正确的电子邮箱。")},
    )
    password1, password2 = new_password_fields()
    agree = forms.BooleanField(
        label=_("我已阅读并同意《用户服务协议》和《个人信息处理规则》"),
        error_messages={"required": _("请阅读并同意用户服务协议和个人信息处理规则。")},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.facts is not None:
            try:
                check_new_password(cleaned, document_number=self.facts.number, birth_date=cleaned.get("birth_date"))
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        self.add_error(field, error)
        return cleaned


def clean_identity(form: forms.Form, cleaned: dict) -> DocumentFacts | None:
    """Check 证件类型, 证件号码 and 姓名 together (P3–P5) and fill 性别 and 出生日期: derived
    from an 18-digit number (P4: locked, anything posted is ignored), otherwise required.
    Errors go on their fields; returns the document's facts when the number is valid. Shared by
    sign-up and the office's 后台采集, which ask for the same person in the same way."""
    facts = None
    doc_type = cleaned.get("document_type")
    raw_number = cleaned.get("document_number")
    if doc_type and raw_number:
        try:
            facts = validate_document(raw_number, doc_type)
            cleaned["document_number"] = facts.number
        except ValidationError as exc:
            form.add_error("document_number", exc)
    if doc_type and cleaned.get("name") is not None:
        try:
            cleaned["name"] = validate_name(cleaned["name"], doc_type)
        except ValidationError as exc:
            form.add_error("name", exc)
    if facts is not None:
        if facts.derived:
            cleaned["sex"], cleaned["birth_date"] = facts.sex, facts.birth_date
        else:
            if not cleaned.get("sex"):
                form.add_error("sex", _("请选择性别。"))
            if not cleaned.get("birth_date"):
                form.add_error("birth_date", _("请填写出生日期。"))
    return facts


class ResetStartForm(StyledForm, CaptchaFormMixin, forms.Form):
    document_type = document_type_field()
    document_number = document_number_field()
    name = forms.CharField(label=_("姓名"), max_length=60, error_messages={"required": _("请填写姓名。")})

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("captcha_purpose", "reset")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        from teacherreg.common.normalise import document_number

        cleaned["document_number"] = document_number(cleaned["document_number"])
        # A malformed name simply matches no account; the answer looks the same.
        with contextlib.suppress(ValidationError):
            cleaned["name"] = validate_name(cleaned["name"], cleaned["document_type"])
        for limit, subject in (
            (throttles.RESET_LOOKUP_PER_IP, client_ip(self.request)),
            (throttles.RESET_LOOKUP_PER_TARGET, cleaned["document_number"]),
        ):
            if not ratelimit.hit(limit, subject).allowed:
                raise ValidationError(_("找回密码的尝试过于频繁，请 1 小时后再试。"), code="reset_limited")
        return cleaned


class SetPasswordForm(StyledForm, forms.Form):
    password1, password2 = new_password_fields()

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.user is not None:
            check_new_password(
                cleaned,
                document_number=self.user.document_number or "",
                birth_date=self.user.birth_date,
                user=self.user,
            )
        return cleaned


class SmsResetForm(SetPasswordForm):
    sms_code = sms_code_field()
    field_order = ["sms_code", "password1", "password2"]
