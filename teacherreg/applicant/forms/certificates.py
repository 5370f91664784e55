"""The form for adding an older certificate by hand (manual §3.1.2 step 2).

Only the shape of each value is checked here (required, a date, a known row); the rules live
in ``certificates.services.manual_add``, which the view calls. The dependent lists (市 by
省份, 任教学科 by 资格种类, 认定机构 by 省/市/资格种类/签发日期) are narrowed from whatever
the form currently holds, so a "更新选项" submit without JavaScript and an htmx refresh give
the same page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.certificates.services.manual_add import ManualCertificateData
from teacherreg.certificates.services.manual_choices import agency_choices, city_choices, subject_choices
from teacherreg.common.forms import StyledForm
from teacherreg.organisations.models import Organisation
from teacherreg.reference.models import QualificationType, Region, Subject, SubjectTree
from teacherreg.reference.services import usable_qualification_types

JPEG_ACCEPT = "image/jpeg,.jpg,.jpeg"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; cleans to a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": JPEG_ACCEPT, "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def _choice_field(queryset: Any, label: str, empty: str, invalid: str, required: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=queryset,
        label=label,
        empty_label=empty,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class ManualCertificateForm(StyledForm, forms.Form):
    number = forms.CharField(
        label=_("证书号码"),
        max_length=30,
        help_text=_("15 位或 17 位数字，与证书上印的一致。"),
        error_messages={"required": _("请填写证书号码。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    issued_on = forms.DateField(
        label=_("证书签发日期"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"],
        help_text=_("证书上的签发日期（年-月-日）。"),
        error_messages={"required": _("请填写证书签发日期。"), "invalid": _("请按“年-月-日”填写日期，如 2005-07-01。")},
        widget=forms.DateInput(attrs={"type": "date", "min": "1996-01-01", "max": "2012-01-01"}, format="%Y-%m-%d"),
    )
    province = _choice_field(
        Region.objects.provinces().order_by("code"),
        _("所属省份"),
        _("请选择省份"),
        _("请选择列表中的省份。"),
        _("请选择所属省份。"),
    )
    city = _choice_field(
        Region.objects.current(), _("所属市"), _("请选择市"), _("请选择列表中的市。"), _("请选择所属市。")
    )
    qualification_type = _choice_field(
        usable_qualification_types(),
        _("资格种类"),
        _("请选择资格种类"),
        _("请选择列表中的资格种类。"),
        _("请选择资格种类。"),
    )
    subject = _choice_field(
        Subject.objects.filter(tree=SubjectTree.CERTIFICATE, is_selectable=True),
        _("任教学科"),
        _("请选择任教学科"),
        _("请选择列表中的任教学科。"),
        _("请选择任教学科。"),
    )
    agency = _choice_field(
        Organisation.objects.agencies(),
        _("认定机构"),
        _("请选择认定机构"),
        _("请选择列表中的认定机构。"),
        _("请选择认定机构。"),
    )
    scan = forms.FileField(
        label=_("上传证书照片"),
        allow_empty_file=True,  # the P13 check has its own message for an empty file
        error_messages={"required": _("请上传证书照片（JPG 格式，不超过 190 KB）。")},
        widget=forms.FileInput(attrs={"accept": JPEG_ACCEPT}),
    )
    extra_photos = MultipleFileField(
        label=_("添加补充照片"),
        required=False,
        allow_empty_file=True,
        # MAX_EXTRA_PHOTOS, written out so the text stays translatable.
        help_text=_("可选，最多 3 张，要求与证书照片相同，例如证书的其他页、注册记录页。"),
    )

    DEPENDENT_FIELDS = ("province", "city", "qualification_type", "subject", "agency")

    def __init__(self, *args: Any, resubmit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if resubmit:
            # The number stays; a new photo is optional (the old one is kept without one).
            del self.fields["number"]
            self.fields["scan"].required = False
            self.fields["scan"].label = _("更换证书照片")
            self.fields["scan"].help_text = _("不选择文件则保留原来的照片。")
            self.fields["extra_photos"].help_text = _("选择新的补充照片会替换原来的补充照片；不选择则保留。")
        # Regions print as "370000 山东省" elsewhere; the picker shows the name alone.
        self.fields["province"].label_from_instance = lambda region: region.name
        self._narrow_choices()

    def add_error(self, field: str | None, error: Any) -> None:
        """Also marks each field in error for Bootstrap (Django sets aria-invalid itself)."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()

    # -- the dependent lists -----------------------------------------------------------

    def _raw(self, name: str) -> Any:
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def _current(self, name: str) -> Any:
        """The row the field holds now, or None (nothing chosen, or not a valid choice)."""
        raw = self._raw(name)
        if raw in (None, ""):
            return None
        try:
            return self.fields[name].queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    def current_issue_date(self) -> datetime.date | None:
        raw = self._raw("issued_on")
        if isinstance(raw, datetime.date):
            return raw
        try:
            return self.fields["issued_on"].to_python(raw)
        except forms.ValidationError:
            return None

    def _narrow_choices(self) -> None:
        province = self._current("province")
        city = self._current("city")
        qualification_type: QualificationType | None = self._current("qualification_type")
        day = self.current_issue_date()
        self.fields["city"].choices = [("", _("请选择市"))] + [(c.pk, c.name) for c in city_choices(province)]
        self.fields["subject"].choices = self._subject_options(qualification_type, province)
        agencies = agency_choices(province, city, qualification_type, day)
        self.fields["agency"].choices = [("", _("请选择认定机构"))] + [(a.pk, name) for a, name in agencies]
        # Why a list is empty: said next to it, so the applicant knows what to choose first.
        self.waiting_for = {
            "city": _("请先选择所属省份。") if province is None else None,
            "subject": _("请先选择资格种类。") if qualification_type is None else None,
            "agency": _agency_hint(province, city, qualification_type, day, bool(agencies)),
        }
        for name, hint in self.waiting_for.items():
            if hint:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_hint"

    @staticmethod
    def _subject_options(qualification_type: QualificationType | None, province: Region | None) -> list:
        """Current names first; names only older certificates carry, in their own group."""
        if qualification_type is None:
            return [("", _("请先选择资格种类"))]
        current, historic = [], []
        for subject in subject_choices(qualification_type, province):
            (historic if subject.is_historic else current).append((subject.pk, subject.name))
        options: list = [("", _("请选择任教学科")), *current]
        if historic:
            options.append((_("旧版证书上的学科名称"), historic))
        return options

    # -- result --------------------------------------------------------------------------

    def certificate_data(self, number: str | None = None) -> ManualCertificateData:
        data = self.cleaned_data
        return ManualCertificateData(
            number=number if number is not None else data["number"],
            issued_on=data["issued_on"],
            province=data["province"],
            city=data["city"],
            qualification_type=data["qualification_type"],
            subject=data["subject"],
            agency=data["agency"],
        )


def _agency_hint(
    province: Region | None,
    city: Region | None,
    qualification_type: QualificationType | None,
    day: datetime.date | None,
    found: bool,
) -> str | None:
    if found:
        return None
    missing = [
        label
        for label, value in (
            (_("证书签发日期"), day),
            (_("所属省份"), province),
            (_("所属市"), city),
            (_("资格种类"), qualification_type),
        )
        if value is None
    ]
    if missing:
        return str(_("请先填写或选择：%(fields)s。")) % {"fields": "、".join(str(m) for m in missing)}
    return str(_("没有符合条件的认定机构。请核对省、市、资格种类和签发日期；仍然没有的，请联系发证机关。"))


def posted_values(form_data: Any) -> dict[str, str]:
    """The typed values of a POST, to re-render the form without judging them ("更新选项")."""
    names = ("number", "issued_on", *ManualCertificateForm.DEPENDENT_FIELDS)
    return {name: form_data.get(name, "") for name in names}
