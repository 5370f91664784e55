"""Form fields shared by the account pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import password_context_check


def document_type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择")), *DocumentType.choices],
        error_messages={"required": _("请选择证件类型。")},
    )


def document_number_field() -> forms.CharField:
    return forms.CharField(
        label=_("证件号码"),
        max_length=40,
        strip=False,  # the validator reports stray characters instead of hiding them
        error_messages={"required": _("请填写证件号码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    # strip=False: spaces are part of a password; paste is never blocked.
    first = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位；不能是常见密码，不能包含证件号码或出生日期。"),
        error_messages={"required": _("请设置密码。")},
    )
    second = forms.CharField(
        label=_("确认新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("请再次输入密码。")},
    )
    return first, second


def check_new_password(cleaned: dict, *, document_number: str, birth_date, user=None) -> None:
    """Both entries equal, Django's validators, and the context rule; errors on the field."""
    first, second = cleaned.get("password1"), cleaned.get("password2")
    if not first or not second:
        return
    if first != second:
        raise ValidationError({"password2": _("两次输入的密码不一致。")})
    try:
        password_validation.validate_password(first, user=user)
        password_context_check(first, document_number=document_number, birth_date=birth_date)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc


def sms_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("短信验证码"),
        min_length=6,
        max_length=6,
        error_messages={"required": _("请输入短信验证码。"), "min_length": _("短信验证码是 6 位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )
