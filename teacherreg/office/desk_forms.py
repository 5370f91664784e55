"""Forms of the confirmation-point desk. They check shapes only; the rules (dates, statuses,
materials) are the confirmation services' (registration.services.confirmation)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm
from teacherreg.reference.models import Subject, TeachingStage
from teacherreg.registration.services.materials import Material
from teacherreg.registration.services.messages import MAX_BODY
from teacherreg.registration.workflow import AWAITING_CONFIRMATION, LIVE, Status

# The queue's status filter: the point's own words for where a case stands. "confirmed" is
# everything the point has passed on (待注册审批 and later), whatever the agencies did since.
STATUS_GROUPS: dict[str, tuple[str, frozenset[str] | None]] = {
    "awaiting": (_("待确认（含已退回修改）"), frozenset(AWAITING_CONFIRMATION)),
    "submitted": (_("网报待确认"), frozenset({Status.SUBMITTED})),
    "returned": (_("已退回修改"), frozenset({Status.RETURNED})),
    "confirmed": (_("已确认"), frozenset(LIVE - AWAITING_CONFIRMATION)),
    "lapsed": (_("逾期未确认"), frozenset({Status.LAPSED})),
    "withdrawn": (_("已撤回"), frozenset({Status.WITHDRAWN})),
    "all": (_("全部"), None),
}
DEFAULT_STATUS = "awaiting"
MAX_SEARCH = 200  # a QR code's URL fits easily; anything longer is not a search


class QueueFilterForm(StyledForm, forms.Form):
    q = forms.CharField(
        label=_("查找"),
        required=False,
        max_length=MAX_SEARCH,
        help_text=_("注册报名号、姓名、证书号码或证件号码；也可以用扫码枪扫描申请表上的二维码。"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("默认"))] + [(key, label) for key, (label, _s) in STATUS_GROUPS.items()],
        help_text=_("默认列出待确认的申请；输入了查找内容时不限状态。"),
    )
    submitted_from = forms.DateField(
        label=_("提交日期从"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    submitted_to = forms.DateField(
        label=_("提交日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    stage = forms.ModelChoiceField(
        label=_("现任教学段"), required=False, queryset=TeachingStage.objects.none(), empty_label=_("全部学段")
    )
    subject = forms.ModelChoiceField(
        label=_("现任教学科"), required=False, queryset=Subject.objects.none(), empty_label=_("全部学科")
    )
    pending_certificate = forms.BooleanField(label=_("证书待核对（手工添加、未核验）"), required=False)
    precheck_warnings = forms.BooleanField(label=_("有资格预检提示"), required=False)

    def __init__(self, *args: Any, subjects: QuerySet[Subject] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = TeachingStage.objects.order_by("sort_order", "code")
        self.fields["subject"].queryset = subjects if subjects is not None else Subject.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("结束日期不能早于开始日期。"))
        return data

    def status_group(self) -> frozenset[str] | None:
        """The statuses to list. Unchosen, the queue shows what awaits confirmation, but a search
        looks everywhere: a scanned code of a case confirmed yesterday must still open it."""
        valid = self.is_bound and self.is_valid()
        key = self.cleaned_data.get("status", "") if valid else ""
        if not key and valid and self.cleaned_data.get("q", "").strip():
            key = "all"
        return STATUS_GROUPS[key or DEFAULT_STATUS][1]


class ConfirmForm(StyledForm, forms.Form):
    checked = forms.MultipleChoiceField(label=_("已核对的材料"), required=False, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, materials: Iterable[Material] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked"].choices = [(item.code, item.label) for item in materials]
        # CheckboxSelectMultiple is not a Select: StyledForm gave it form-control; each box
        # gets Bootstrap's class from the template instead.
        self.fields["checked"].widget.attrs.pop("class", None)


class ReturnForm(StyledForm, forms.Form):
    message = forms.CharField(
        label=_("需要申请人修改或补充的内容"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("会作为留言发给申请人，请写清楚改什么、补什么、在什么时间前再来确认。"),
        error_messages={
            "required": _("请写明需要申请人修改或补充的内容，这段话会作为留言发给申请人。"),
            "max_length": _("留言内容不能超过 2000 个字。"),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StaffMessageForm(StyledForm, forms.Form):
    body = forms.CharField(
        label=_("留言内容"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申请人会收到通知，看到的署名是本确认点。"),
        error_messages={"required": _("请填写留言内容。"), "max_length": _("留言内容不能超过 2000 个字。")},
    )


SELECTION = re.compile(r"^(\d{15}):(\d{1,9})$")


def parse_selection(values: Iterable[str]) -> list[tuple[str, int | None]]:
    """Checkbox values ``<number>:<version>`` from the queue; anything else is left out."""
    selected: list[tuple[str, int | None]] = []
    for value in values:
        match = SELECTION.match(str(value).strip())
        if match:
            selected.append((match.group(1), int(match.group(2))))
    return selected


class RosterForm(StyledForm, forms.Form):
    day = forms.DateField(
        label=_("确认日期"),
        required=False,
        help_text=_("留空时列出本确认点已确认的全部申请。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
