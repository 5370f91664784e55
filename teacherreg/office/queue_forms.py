"""Forms of the office's review queues. They check shapes only; every rule (still pending, a
reason when refusing, the reviewer's scope) is the domain services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import validate_mobile
from teacherreg.common.admin_queues import refusal_reason_field
from teacherreg.common.forms import StyledForm
from teacherreg.common.normalise import document_number as normalise_document_number

ALL = "all"
# The province filter's value for items that belong to no province (national level only).
NO_PROVINCE = "none"


class QueueFilterForm(StyledForm, forms.Form):
    """State and province. The state opens on the waiting one (the queue is what the page is
    for); "all" lists every state with the waiting ones first."""

    state = forms.ChoiceField(label=_("状态"), required=False)
    province = forms.ChoiceField(label=_("所属省份"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        states: list[tuple[str, Any]],
        waiting: str,
        provinces: list[tuple[str, str]] | None,
    ) -> None:
        super().__init__(data)
        self.waiting = waiting
        self.fields["state"].choices = [*states, (ALL, _("全部（待处理的在前）"))]
        if provinces is None:
            del self.fields["province"]
        else:
            self.fields["province"].choices = [("", _("全部省份")), *provinces]

    def values(self) -> dict[str, Any]:
        """The valid choices, with the defaults for anything missing or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        values = {name: data.get(name) for name in self.fields}
        values["state"] = data.get("state") or self.waiting
        return values


class IdentityFilterForm(QueueFilterForm):
    document_type = forms.ChoiceField(
        label=_("证件类型"), required=False, choices=[("", _("全部证件类型")), *DocumentType.choices]
    )
    overdue = forms.BooleanField(label=_("只看已超过应办结日期的"), required=False)


class SchoolFilterForm(QueueFilterForm):
    q = forms.CharField(label=_("学校名称"), required=False, max_length=50)


class ApproveForm(StyledForm, forms.Form):
    note = forms.CharField(
        label=_("审核备注（申请人看不到）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefusalForm(StyledForm, forms.Form):
    """The reason a refusal must carry; ``help_text`` says who reads it and where."""

    def __init__(self, *args: Any, help_text: Any, label: Any = None, max_length: int = 500, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = refusal_reason_field(help_text, label=label, max_length=max_length)
        self.fields["reason"].widget.attrs["class"] = "form-control"
        self.fields["reason"].error_messages["required"] = _("请填写原因。")


class SchoolSearchForm(StyledForm, forms.Form):
    q = forms.CharField(label=_("查找要合并到的学校"), required=False, max_length=50)


class MergeForm(forms.Form):
    target = forms.TypedChoiceField(
        label=_("合并到"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择要合并到的学校。"),
            "invalid_choice": _("所选学校已不在候选范围内，请重新查找。"),
        },
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(school.pk, _describe(school)) for school in candidates]


def _describe(school: Any) -> str:
    """The name, with where it is and whether it is verified: two schools may share a name."""
    where = school.province.name if school.province_id else str(_("境外"))
    return f"{school.name}（{where}，{school.get_status_display()}）"


class ContactLookupForm(StyledForm, forms.Form):
    document_number = forms.CharField(
        label=_("申请人的证件号码"),
        max_length=32,
        help_text=_("按来信或来电人提供的证件号码查找账号。号码只在本页提交，不会出现在网址中。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_document_number(self) -> str:
        return normalise_document_number(self.cleaned_data["document_number"])


class ContactChangeForm(StyledForm, forms.Form):
    identity_checked = forms.BooleanField(
        label=_("已按规定核实来信或来电人的身份（证件、姓名与账号一致）"),
        error_messages={"required": _("请先核实来信或来电人的身份，并勾选此项。")},
    )
    new_phone = forms.CharField(label=_("新手机号码"), required=False, max_length=20)
    new_email = forms.EmailField(label=_("新电子邮箱"), required=False)
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明申请人怎样提出、怎样核实的身份，例如“来信附证件照片，已与账号核对”。"),
        error_messages={"required": _("请填写修改原因。")},
    )

    def clean_new_phone(self) -> str:
        value = self.cleaned_data["new_phone"].strip()
        return validate_mobile(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("new_phone") and not data.get("new_email") and not self.has_error("new_phone"):
            raise ValidationError(_("请填写新的手机号码或电子邮箱。"))
        return data
