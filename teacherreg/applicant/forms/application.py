"""Forms of the seven application steps (manual §3.1.2). The rules themselves live in
``registration.services.steps``; these forms ask for the values and report the rules' words.

Every step form carries ``draft_version`` (the draft's version when the page was drawn), so
a save from a tab that is behind is noticed (``registration.services.drafts``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from teacherreg.applicant.forms.majors import MajorField, build_tree
from teacherreg.applicant.forms.schools import GraduationSchoolField
from teacherreg.certificates.services.sync import own_certificates
from teacherreg.common.forms import StyledForm
from teacherreg.common.messages import message_for
from teacherreg.reference import services as reference
from teacherreg.reference.models import CodeKind
from teacherreg.registration.services import steps
from teacherreg.registration.services.precheck import certificate_usability


class DraftForm(StyledForm, forms.Form):
    """Every step form: styled, and carrying the draft version it was drawn with."""

    draft_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # StyledForm gives radios the text-box class; a radio list wants the check class.
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"


class AgreementForm(DraftForm):
    agree = forms.BooleanField(
        label=_("已阅读并完全同意"),
        error_messages={"required": message_for("application_agreement_required")},
    )


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入有效的日期，格式为 年-月-日。")},
    )


def _code_field(kind: str, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=reference.code_items(kind).filter(is_selectable=True), label=label, empty_label=_("请选择")
    )


def _name_the_missing_answer(fields: dict[str, forms.Field]) -> None:
    """A field left empty says which answer is missing ("请选择学习形式。"), not Django's
    "这个字段是必填项。", unless it has its own message already."""
    generic = str(forms.Field.default_error_messages["required"])
    for field in fields.values():
        if str(field.error_messages.get("required", generic)) != generic:
            continue
        choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        template = _("请选择%(label)s。") if choosing else _("请填写%(label)s。")
        field.error_messages["required"] = template % {"label": field.label}


class CertificateRow:
    """One row of the certificate table: usable rows can be chosen, the others say why not."""

    def __init__(self, certificate: Any, usable: bool, reason: str) -> None:
        self.certificate = certificate
        self.usable = usable
        self.reason = reason
        record = certificate.registrations.order_by("-decided_on", "-pk").first()
        self.last_registered_on = record.decided_on if record else None
        self.last_conclusion = record.get_conclusion_display() if record else ""


def certificate_rows(user: Any, today: datetime.date) -> list[CertificateRow]:
    rows = []
    for certificate in own_certificates(user):
        answer = certificate_usability(certificate, today)
        rows.append(CertificateRow(certificate, answer.usable, answer.reason.message if answer.reason else ""))
    return rows


# The fields of step 2 the 所学专业 tree depends on.
_MAJOR_STATE = {"certificate": "certificate", "education": "education_record", "category": "major_category"}


class InfoForm(DraftForm):
    """Step 2: 填写注册信息. Identity fields are shown, not asked (prefilled and locked)."""

    certificate = forms.ChoiceField(
        label=_("本次注册的教师资格证书"),
        widget=forms.RadioSelect,
        error_messages={"required": message_for("application_certificate_required")},
    )
    mandarin_record = forms.ChoiceField(label=_("普通话证书信息"), widget=forms.RadioSelect)
    education_record = forms.ChoiceField(label=_("最高学历信息"), widget=forms.RadioSelect)
    degree_record = forms.ChoiceField(label=_("最高学位信息"), widget=forms.RadioSelect)
    major_category = _code_field(CodeKind.MAJOR_CATEGORY, _("最高学历专业类别"))
    major = MajorField()
    graduation_school = GraduationSchoolField()
    graduated_on = _date_field(_("毕业时间"), _("最高学历的毕业日期。"))
    study_form = _code_field(CodeKind.STUDY_FORM, _("学习形式"))
    current_school = forms.CharField(
        label=_("现任教学校"), max_length=steps.SCHOOL_MAX, help_text=_("请填写现工作单位的全称，不超过 60 个字。")
    )
    school_nature = _code_field(CodeKind.SCHOOL_NATURE, _("任教学校性质"))
    school_location = _code_field(CodeKind.SCHOOL_LOCATION, _("任教学校所在地"))
    started_work_on = _date_field(_("开始参加工作时间"), _("首次参加工作的日期。"))
    employed_since = _date_field(_("本单位聘用起始日期"), _("第一次与现在的学校签订聘用合同的日期。"))
    teacher_title = _code_field(CodeKind.TEACHER_TITLE, _("教师职务"))
    post_nature = _code_field(CodeKind.POST_NATURE, _("岗位性质"))
    political_status = _code_field(CodeKind.POLITICAL_STATUS, _("政治面貌"))
    household_registration = forms.CharField(label=_("户籍所在地"), max_length=steps.HOUSEHOLD_MAX)
    postcode = forms.CharField(
        label=_("通讯邮编"),
        max_length=6,
        validators=[RegexValidator(steps.POSTCODE, message_for("application_postcode"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    postal_address = forms.CharField(label=_("通讯地址"), max_length=steps.ADDRESS_MAX)

    def __init__(self, *args: Any, user: Any, today: datetime.date, choices: Any, rows: list[CertificateRow], **kw):
        super().__init__(*args, **kw)
        self.user, self.today = user, today
        self.rows = rows
        _name_the_missing_answer(self.fields)
        self.fields["certificate"].choices = [
            (str(r.certificate.pk), r.certificate.number_as_printed) for r in rows if r.usable
        ]
        self.records = {
            "mandarin_record": choices.mandarin,
            "education_record": choices.education,
            "degree_record": choices.degrees,
        }
        for name, offered in self.records.items():
            self.fields[name].choices = [(str(c.record.pk), c.label) for c in offered]
        self.fields["degree_record"].choices.append((steps.NO_DEGREE, _("无学位（没有取得学位）")))
        self.fields["graduation_school"].for_user(user)
        # 所学专业 follows the certificate, the 最高学历 record and the 专业类别 (forms/majors.py).
        state = self.data if self.is_bound else self.initial
        self.fields["major"].offer(
            build_tree([r.certificate for r in rows if r.usable], [c.record for c in choices.education]),
            {key: str(state.get(name) or "") for key, name in _MAJOR_STATE.items()},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, message in steps.check_dates(self.user.birth_date, data, self.today).items():
            if name in data:
                self.add_error(name, message)
        education = self._record("education_record", data)
        certificate = next((r.certificate for r in self.rows if str(r.certificate.pk) == data.get("certificate")), None)
        level = education.education_level if education else None
        problem = steps.check_major(data.get("major"), certificate, level, category=data.get("major_category"))
        if problem and "major" in data:
            self.add_error("major", problem)
        return data

    def _record(self, name: str, data: dict[str, Any]) -> Any:
        return next((c.record for c in self.records[name] if str(c.record.pk) == data.get(name)), None)

    def draft_values(self) -> dict[str, str]:
        """What a save stores: each valid answer, and for the others the text as typed (a
        half-finished page is saved too; nothing typed is lost). Call after ``is_valid``."""
        values: dict[str, str] = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name in steps.INFO_FIELDS:
            if name in cleaned and name not in self.errors:
                values[name] = _serialise(cleaned[name])
            elif name != "graduation_school":
                values[name] = str(self.data.get(name, "")).strip()
        return values


def _serialise(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class AgencyForm(DraftForm):
    """Step 3's choice: the confirmation point (which fixes agency and window) and the
    current subject; province, city, stage and agency narrow the list (``build_query``)."""

    arrangement = forms.ChoiceField(
        label=_("确认点"),
        widget=forms.RadioSelect,
        error_messages={"required": message_for("registration_choice_missing")},
    )
    current_subject = forms.ChoiceField(label=_("现任教学科"), required=False)

    def __init__(self, *args: Any, points: list, subjects: list, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["arrangement"].choices = [(str(a.pk), a.point.name) for a in points]
        self.fields["current_subject"].choices = [("", _("请选择"))] + [
            (str(s.pk), f"{s.parent.name} / {s.name}" if s.parent_id else s.name) for s in subjects
        ]


class PledgeForm(DraftForm):
    AGREE, DECLINE = "agree", "decline"
    pledge = forms.ChoiceField(
        label=_("个人承诺书"),
        choices=[(AGREE, _("同意")), (DECLINE, _("不同意"))],
        widget=forms.RadioSelect,
        error_messages={"required": message_for("application_pledge_required")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
