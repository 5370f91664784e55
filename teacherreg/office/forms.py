from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts import totp


class CodeForm(forms.Form):
    """The 6-digit code from the authenticator app. Only the shape is checked here; whether
    it is right is ``totp.check``'s business (it counts attempts)."""

    code = forms.CharField(
        label=_("动态口令"),
        help_text=_("打开手机上的身份验证器应用，输入“教师资格定期注册”下显示的6位数字。"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "form-control form-control-lg totp-code",
                "size": "8",
            }
        ),
        error_messages={"required": _("请输入6位数字动态口令。")},
    )

    def clean_code(self) -> str:
        code = totp.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("请输入6位数字动态口令。"), code="malformed")
        return code
