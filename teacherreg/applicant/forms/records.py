"""Forms of the record modules (普通话, 学历, 学位, 其他证书): what the applicant types, with the
scan. The P13 check and every rule are the domain's (``records.services``); these forms only
turn text into values and give each field a clear Chinese message."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teacherreg.applicant.forms.schools import GraduationSchoolField
from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.documents.uploads import KB, UPLOAD_SPECS
from teacherreg.records.services import check_record_date
from teacherreg.reference.models import CodeKind
from teacherreg.reference.services import code_items


def scan_help() -> str:
    """The P13 scan limits in words, from the one upload spec."""
    spec = UPLOAD_SPECS.scan
    return str(
        _(
            "JPG 格式的证书照片或扫描件，不超过 %(kb)s KB（%(bytes)s 字节），像素不超过 %(wan)s 万；"
            "证书编号和姓名要清晰可读。"
        )
    ) % {"kb": spec.max_bytes // KB, "bytes": f"{spec.max_bytes:,}", "wan": spec.max_declared_pixels // 10_000}


class RecordDateField(forms.DateField):
    """A date on a certificate: typed or picked, 1950-01-01 to today."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("请填写日期。"),
                "invalid": _("请按“年-月-日”填写日期，例如 2015-07-01。"),
            },
        )
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        try:
            check_record_date(value)
        except DomainError as exc:
            raise ValidationError(exc.message, code=exc.code) from None


def code_field(kind: str, label, required_message) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=code_items(kind),
        empty_label=_("请选择"),
        error_messages={"required": required_message, "invalid_choice": _("请从列表中选择。")},
    )


def number_field(label, required_message) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        error_messages={"required": required_message},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RecordForm(StyledForm, forms.Form):
    """Shared by every kind: the scan is required when adding, optional when changing."""

    scan = forms.FileField(
        label=_("证书扫描件"),
        allow_empty_file=True,  # the P13 check has its own message for an empty file
        widget=forms.FileInput(attrs={"accept": "image/jpeg,.jpg,.jpeg"}),
        error_messages={"required": _("请上传证书扫描件。")},
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scan = self.fields["scan"]
        scan.help_text = scan_help()
        if editing:
            scan.required = False
            scan.label = _("更换证书扫描件（不更换可不选）")
        # The scan goes last whatever the subclass declares.
        self.order_fields([name for name in self.fields if name != "scan"] + ["scan"])

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "scan"}


class MandarinForm(RecordForm):
    grade = code_field(CodeKind.MANDARIN_GRADE, _("等级"), _("请选择普通话等级。"))
    certificate_number = number_field(_("证书编号"), _("请填写证书编号。"))
    issued_on = RecordDateField(label=_("测试/发证日期"))
    issuing_body = forms.CharField(
        label=_("发证单位"),
        max_length=100,
        error_messages={"required": _("请填写发证单位。")},
        help_text=_("证书上盖章的单位，例如“北京市语言文字工作委员会”。"),
    )


class EducationForm(RecordForm):
    education_level = code_field(CodeKind.EDUCATION_LEVEL, _("学历"), _("请选择学历。"))
    graduation_school = GraduationSchoolField()
    major_name = forms.CharField(
        label=_("所学专业"),
        max_length=80,
        error_messages={"required": _("请填写所学专业。")},
        help_text=_("按毕业证书填写；高中毕业及以下填“无”。"),
    )
    graduated_on = RecordDateField(label=_("毕业时间"))
    study_form = code_field(CodeKind.STUDY_FORM, _("学习形式"), _("请选择学习形式。"))
    certificate_number = number_field(_("毕业证书编号"), _("请填写毕业证书编号。"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["graduation_school"].for_user(self.user)


class DegreeForm(RecordForm):
    degree = code_field(CodeKind.DEGREE, _("学位"), _("请选择学位。"))
    graduation_school = GraduationSchoolField(
        label=_("学位授予单位"),
        error_messages={"required": _("请选择学位授予单位。"), "invalid_choice": _("请重新选择学位授予单位。")},
    )
    major_name = forms.CharField(label=_("所学专业"), max_length=80, error_messages={"required": _("请填写所学专业。")})
    awarded_on = RecordDateField(label=_("授予日期"))
    certificate_number = number_field(_("学位证书编号"), _("请填写学位证书编号。"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["graduation_school"].for_user(self.user)


class OtherCertificateForm(RecordForm):
    name = forms.CharField(label=_("证书名称"), max_length=60, error_messages={"required": _("请填写证书名称。")})
    certificate_number = number_field(_("证书编号"), _("请填写证书编号。"))
    issuing_body = forms.CharField(
        label=_("发证单位"), max_length=100, error_messages={"required": _("请填写发证单位。")}
    )
    issued_on = RecordDateField(label=_("发证日期"))


FORMS: dict[str, type[RecordForm]] = {
    "mandarin": MandarinForm,
    "education": EducationForm,
    "degree": DegreeForm,
    "other": OtherCertificateForm,
}


def initial_from(record, kind_fields: tuple[str, ...]) -> dict:
    """The form's starting values for changing ``record``."""
    return {name: getattr(record, name) for name in kind_fields}
