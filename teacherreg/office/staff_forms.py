"""Forms of the staff pages: invite, grant a role, accept an invitation. They check what was
typed and that the chosen role fits the organisation; the services check reach again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType, StaffRole
from teacherreg.accounts.validation import validate_mobile, validate_name
from teacherreg.common.errors import DomainError
from teacherreg.office.staff_invitations import STAFF_PASSWORD_MIN_LENGTH, validate_login_name, validate_staff_password
from teacherreg.office.staff_reach import Reach
from teacherreg.organisations.models import Organisation


class _Styled:
    """Bootstrap classes on every widget, and ``aria-invalid`` on fields with errors."""

    def style(self: Any) -> None:
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self: Any) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}（{obj.get_level_display()}）"


class _RoleAtOrganisation(_Styled, forms.Form):
    organisation = OrganisationChoice(
        label=_("机构"),
        queryset=Organisation.objects.none(),
        empty_label=_("请选择机构"),
        error_messages={"required": _("请选择机构。"), "invalid_choice": _("请从列表中选择机构。")},
    )
    role = forms.ChoiceField(
        label=_("角色"),
        error_messages={"required": _("请选择角色。"), "invalid_choice": _("请从列表中选择角色。")},
    )

    def __init__(self, *args: Any, reach: Reach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reach = reach
        self.fields["organisation"].queryset = reach.organisations()
        self.fields["role"].choices = [("", _("请选择角色"))] + [
            (role, StaffRole(role).label) for role in reach.grantable_roles
        ]
        self.fields["role"].help_text = _(
            "确认点只能授予“确认点工作人员”；县级、市级机构授予相应的注册机构角色；省级机构可授予终审或省级管理员。"
        )
        self.style()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        organisation, role = cleaned.get("organisation"), cleaned.get("role")
        if organisation is not None and role and not self.reach.may_grant(organisation, role):
            allowed = "、".join(str(StaffRole(r).label) for r in self.reach.roles_for(organisation))
            self.add_error(
                "role",
                _("%(organisation)s不能授予“%(role)s”。这里可以授予：%(allowed)s。")
                % {"organisation": organisation.name, "role": StaffRole(role).label, "allowed": allowed or "—"},
            )
        return cleaned


class InviteForm(_RoleAtOrganisation):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写被邀请人的姓名。")})
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("电子邮箱格式不正确，例如 zhang.san@example.cn。")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        required=False,
        max_length=20,
        help_text=_("电子邮箱和手机号码至少填一项，邀请链接会发送到填写的每一项。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    field_order = ["name", "email", "phone", "organisation", "role"]

    def clean_name(self) -> str:
        try:
            return validate_name(self.cleaned_data["name"], DocumentType.ID_CARD)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        if not raw.strip():
            return ""
        return validate_mobile(raw)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        nothing_typed = not cleaned.get("email") and not cleaned.get("phone")
        if nothing_typed and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", DomainError("staff_invitation_contact_required").message)
        return cleaned


class GrantRoleForm(_RoleAtOrganisation):
    pass


class AcceptInvitationForm(_Styled, forms.Form):
    login_name = forms.CharField(
        label=_("登录名"),
        max_length=64,
        help_text=_("4–32 位，以小写英文字母开头，可用小写英文字母、数字、点、下划线和连字符，例如 li.ming。"),
        error_messages={"required": _("请设置登录名。")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "off", "spellcheck": "false"}),
    )
    # strip=False: spaces are part of a password; paste is never blocked.
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        error_messages={"required": _("请设置密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        error_messages={"required": _("请再次输入密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = gettext("至少 %(count)s 位；不能是常见密码，不能包含登录名。") % {
            "count": STAFF_PASSWORD_MIN_LENGTH
        }
        self.style()

    def clean_login_name(self) -> str:
        try:
            return validate_login_name(self.cleaned_data["login_name"])
        except DomainError as exc:
            raise ValidationError(exc.message, code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if not first or not second:
            return cleaned
        if first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
            return cleaned
        try:
            validate_staff_password(first, login_name=cleaned.get("login_name", ""))
        except ValidationError as exc:
            self.add_error("password1", exc.messages)
        return cleaned
