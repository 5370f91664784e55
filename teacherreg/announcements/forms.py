"""The office form for one announcement.

A plain form, not a model form: the province choices depend on who is writing, and a refused
form is shown again with everything as typed. The messages say which field, what is wrong
and the limit, in the office's usual words.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.announcements.models import BODY_MAX, TITLE_MAX, Announcement, province_label
from teacherreg.common.forms import StyledForm
from teacherreg.organisations.models import Organisation

NATIONAL = "national"
DATE_FORMAT = "%Y-%m-%d"
DATE_INVALID = _("请按“年-月-日”填写日期，例如 2026-10-08。")


class PlainTextField(forms.CharField):
    """Line breaks as one character each, before the length check: browsers send CRLF but
    count a line break as one character for ``maxlength``, so 5,000 typed characters pass."""

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


def _date_field(label: Any, *, required: bool, help_text: Any, missing: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        error_messages={"required": missing, "invalid": DATE_INVALID},
    )


class AnnouncementForm(StyledForm, forms.Form):
    scope = forms.ChoiceField(
        label=_("发布范围"),
        help_text=_("省级公告也会显示在首页和网上办事页，标题前注明省份。"),
        error_messages={"required": _("请选择发布范围。"), "invalid_choice": _("请选择列表中的发布范围。")},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=TITLE_MAX,
        help_text=_("最多 100 个字。"),
        error_messages={
            "required": _("请填写公告标题。"),
            "max_length": _("标题最多 %(limit_value)d 个字，现在有 %(show_value)d 个字。"),
        },
    )
    body = PlainTextField(
        label=_("正文"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("纯文本，最多 5000 个字。空一行表示分段；网址等内容按原样显示，不会变成链接或格式。"),
        error_messages={
            "required": _("请填写公告正文。"),
            "max_length": _("正文最多 %(limit_value)d 个字，现在有 %(show_value)d 个字。"),
        },
    )
    starts_on = _date_field(
        _("开始显示日期"),
        required=True,
        help_text=_("从这一天 0 点起显示（北京时间）。"),
        missing=_("请填写开始显示日期。"),
    )
    ends_on = _date_field(
        _("结束显示日期（可不填）"),
        required=False,
        help_text=_("显示到这一天 24 点为止（北京时间）。不填的，一直显示到撤下为止。"),
    )
    is_pinned = forms.BooleanField(label=_("置顶：排在其他公告前面"), required=False)

    def __init__(self, *args: Any, provinces: list[Organisation], national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [(NATIONAL, str(_("全国")))] if national else []
        choices += [(str(org.pk), province_label(org)) for org in provinces]
        self.fields["scope"].choices = choices
        self._provinces = {str(org.pk): org for org in provinces}

    # -- reading -------------------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("结束显示日期不能早于开始显示日期。"))
        return cleaned

    def apply_to(self, announcement: Announcement) -> Announcement:
        data = self.cleaned_data
        announcement.province = self._provinces.get(data["scope"])
        announcement.title = data["title"]
        announcement.body = data["body"]
        announcement.starts_on = data["starts_on"]
        announcement.ends_on = data["ends_on"]
        announcement.is_pinned = data["is_pinned"]
        return announcement

    # -- writing -------------------------------------------------------------------------------
    @staticmethod
    def initial_for(announcement: Announcement, default_starts_on: datetime.date) -> dict[str, Any]:
        return {
            "scope": str(announcement.province_id) if announcement.province_id else NATIONAL,
            "title": announcement.title,
            "body": announcement.body,
            "starts_on": announcement.starts_on or default_starts_on,
            "ends_on": announcement.ends_on,
            "is_pinned": announcement.is_pinned,
        }
