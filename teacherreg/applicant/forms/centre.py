"""Forms of 个人身份信息 (issue 3 item 7)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import User
from teacherreg.accounts.validation import password_context_check
from teacherreg.applicant.forms.fields import new_password_fields
from teacherreg.common.forms import StyledForm
from teacherreg.reference.models import CodeItem, CodeKind


class ProfileForm(StyledForm, forms.ModelForm):
    """What an applicant may edit directly. The name changes only through real-name
    verification (P9); the document number never (P3); sex and birth date come from the
    number or were typed once at sign-up (P4); phone and e-mail have their own pages."""

    class Meta:
        model = User
        fields = ["ethnic_group"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ethnic_group"]
        field.queryset = CodeItem.objects.filter(kind=CodeKind.ETHNIC_GROUP, is_active=True)
        field.required = True
        field.empty_label = _("请选择")
        field.error_messages["required"] = _("请选择民族。")


class ChangePasswordForm(StyledForm, forms.Form):
    current = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入当前密码。")},
    )
    password1, password2 = new_password_fields()

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current(self) -> str:
        if not self.user.check_password(self.cleaned_data["current"]):
            raise ValidationError(_("当前密码不正确。"), code="wrong_password")
        return self.cleaned_data["current"]

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second:
            if first != second:
                self.add_error("password2", _("两次输入的密码不一致。"))
            else:
                try:
                    password_validation.validate_password(first, user=self.user)
                    password_context_check(
                        first, document_number=self.user.document_number or "", birth_date=self.user.birth_date
                    )
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned


class ReauthForm(StyledForm, forms.Form):
    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入当前密码。")},
    )


class EmailForm(StyledForm, forms.Form):
    email = forms.EmailField(
        label=_("新的电子邮箱"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("请填写电子邮箱。"), "invalid": _("请填写正确的电子邮箱。")},
    )
