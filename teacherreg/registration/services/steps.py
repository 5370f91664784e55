"""The seven steps of an application (P2; manual §3.1.2) as data, and the rules of step 2
and step 3 (domain.md §9).

A step is complete when its slug is in the draft's ``done`` list. The dispatcher (web layer)
sends the applicant to ``first_incomplete``; no step can be opened before every step before
it is complete. Step 6 is never "done": submitting turns the draft into an application, and
step 7 shows that application.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from teacherreg.certificates.models import Certificate
from teacherreg.common.dates import add_years
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.organisations.models import Organisation
from teacherreg.reference import services as reference
from teacherreg.reference.models import CodeItem, GraduationSchool, Major, Subject, TeachingStage
from teacherreg.registration.models import ConfirmationArrangement
from teacherreg.registration.services import majors
from teacherreg.registration.services.windows import handles_stage


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: Any


STEPS: tuple[Step, ...] = (
    Step(1, "agreement", _("网上申报协议")),
    Step(2, "info", _("填写注册信息")),
    Step(3, "agency", _("选择注册机构")),
    Step(4, "review", _("确认申报信息")),
    Step(5, "notes", _("注意事项")),
    Step(6, "submit", _("提交注册申请")),
    Step(7, "reminder", _("申报提醒")),
)
BY_NUMBER = {s.number: s for s in STEPS}
BY_SLUG = {s.slug: s for s in STEPS}
LAST_DRAFT_STEP = 6
# Changing what steps 2 or 3 hold makes the review (4) and the notes read (5) stale: the
# applicant must look at the changed data again before submitting.
RESET_AFTER_EDIT = ("review", "notes")

POSTCODE = re.compile(r"\d{6}")
SCHOOL_MAX = 60
HOUSEHOLD_MAX = 60
ADDRESS_MAX = 100
GRADUATION_MIN_AGE = 14
WORK_MIN_AGE = 16
EARLIEST_DATE = datetime.date(1950, 1, 1)

# Step 2's answers in the draft, each a string (a primary key, an ISO date or text).
INFO_FIELDS = (
    "certificate",
    "mandarin_record",
    "education_record",
    "degree_record",
    "major_category",
    "major",
    "graduation_school",
    "graduated_on",
    "study_form",
    "current_school",
    "school_nature",
    "school_location",
    "started_work_on",
    "employed_since",
    "teacher_title",
    "post_nature",
    "political_status",
    "household_registration",
    "postcode",
    "postal_address",
)
AGENCY_FIELDS = ("province", "city", "current_stage", "agency", "arrangement", "current_subject")


def first_incomplete(done: list[str]) -> int:
    for step in STEPS:
        if step.number >= LAST_DRAFT_STEP or step.slug not in done:
            return step.number
    return LAST_DRAFT_STEP


def may_open(number: int, done: list[str]) -> bool:
    """A step opens only when every step before it is complete (no skipping ahead)."""
    return 1 <= number <= LAST_DRAFT_STEP and number <= first_incomplete(done)


# --- step 2 --------------------------------------------------------------------------------


def check_dates(birth_date: datetime.date | None, values: dict[str, Any], today: datetime.date) -> dict[str, str]:
    """domain.md §9: real dates, none in the future; 毕业时间 ≥ birth + 14 years; 开始参加工作
    时间 ≥ birth + 16 years; 本单位聘用起始日期 ≥ 开始参加工作时间. Returns field → message."""
    labels = {
        "graduated_on": _("毕业时间"),
        "started_work_on": _("开始参加工作时间"),
        "employed_since": _("本单位聘用起始日期"),
    }
    errors: dict[str, str] = {}
    for name, label in labels.items():
        day = values.get(name)
        if day is None:
            continue
        if day > today:
            errors[name] = message_for("application_date_future", field=label)
        elif day < EARLIEST_DATE:
            errors[name] = message_for("application_date_too_early", field=label, earliest=EARLIEST_DATE.isoformat())
    if birth_date is not None:
        graduated = values.get("graduated_on")
        earliest = add_years(birth_date, GRADUATION_MIN_AGE)
        if graduated is not None and "graduated_on" not in errors and graduated < earliest:
            errors["graduated_on"] = message_for("application_graduated_too_young", earliest=earliest.isoformat())
        started = values.get("started_work_on")
        earliest = add_years(birth_date, WORK_MIN_AGE)
        if started is not None and "started_work_on" not in errors and started < earliest:
            errors["started_work_on"] = message_for("application_work_too_young", earliest=earliest.isoformat())
    started, employed = values.get("started_work_on"), values.get("employed_since")
    if started and employed and "employed_since" not in errors and employed < started:
        errors["employed_since"] = message_for("application_employed_before_work")
    return errors


def check_major(
    major: Major | None,
    certificate: Certificate | None,
    education_level: CodeItem | None,
    *,
    category: CodeItem | None = None,
) -> str:
    """所学专业: a leaf of the tree offered for the 最高学历 (domain.md §6.1, §9), and a
    师范/教育类 one when the 专业类别 is 师范教育类 (``majors.category_problem``)."""
    if major is None:
        return ""
    if not major.is_selectable:
        return message_for("application_major_leaf")
    if certificate is not None and education_level is not None:
        offered = reference.majors_for(certificate.qualification_type, education_level)
        if not offered.filter(pk=major.pk).exists():
            return message_for("application_major_mismatch", level=education_level.name)
        return majors.category_problem(major, category, certificate.qualification_type, education_level)
    return ""


# --- step 3 --------------------------------------------------------------------------------


def check_stage_and_subject(
    agency: Organisation, stage: TeachingStage, subject: Subject | None, today: datetime.date
) -> dict[str, str]:
    """The agency must register teachers of the stage; the subject must be one of the
    stage's current subjects in the province (幼儿园 has none, so none is asked)."""
    errors: dict[str, str] = {}
    if not handles_stage(agency, stage):
        errors["agency"] = message_for("application_stage_not_handled", agency=agency.name, stage=stage.name)
    province = agency.province()
    offered = reference.current_subjects(stage, province.region if province else None)
    if subject is None:
        if offered.filter(is_selectable=True).exists():
            errors["current_subject"] = message_for("application_subject_required")
    elif not offered.filter(pk=subject.pk, is_selectable=True).exists():
        errors["current_subject"] = message_for("application_subject_unknown")
    return errors


# --- reading a draft back -------------------------------------------------------------------


# 学位 "无学位" is a real answer (many 专科 graduates hold none) with no record behind it.
NO_DEGREE = "none"


@dataclass(frozen=True)
class NoDegree:
    """Stands in for a degree record when the applicant chose 无学位."""

    degree: CodeItem | None
    pk: None = None

    def __str__(self) -> str:
        return str(self.degree or "无学位")


@dataclass
class Resolved:
    """The draft's answers as objects, for the review page and the submission."""

    certificate: Certificate | None = None
    mandarin_record: Any = None
    education_record: Any = None
    degree_record: Any = None
    major_category: CodeItem | None = None
    major: Major | None = None
    graduation_school: GraduationSchool | None = None
    graduated_on: datetime.date | None = None
    study_form: CodeItem | None = None
    current_school: str = ""
    school_nature: CodeItem | None = None
    school_location: CodeItem | None = None
    started_work_on: datetime.date | None = None
    employed_since: datetime.date | None = None
    teacher_title: CodeItem | None = None
    post_nature: CodeItem | None = None
    political_status: CodeItem | None = None
    household_registration: str = ""
    postcode: str = ""
    postal_address: str = ""
    agency: Organisation | None = None
    arrangement: ConfirmationArrangement | None = None
    current_stage: TeachingStage | None = None
    current_subject: Subject | None = None

    def precheck_draft(self) -> dict[str, Any]:
        """The keys ``precheck`` reads (codes, and the arrangement's id)."""
        return {
            "current_stage": self.current_stage.code if self.current_stage else "",
            "current_subject": self.current_subject.code if self.current_subject else "",
            "post_nature": self.post_nature.code if self.post_nature else "",
            "school_nature": self.school_nature.code if self.school_nature else "",
            "arrangement": self.arrangement.pk if self.arrangement else None,
        }


def _pk(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _records(user: Any) -> dict[str, dict[int, Any]]:
    from teacherreg.records.services import choices_for_application

    choices = choices_for_application(user)
    return {
        "mandarin_record": {c.record.pk: c.record for c in choices.mandarin},
        "education_record": {c.record.pk: c.record for c in choices.education},
        "degree_record": {c.record.pk: c.record for c in choices.degrees},
    }


def resolve(user: Any, info: dict[str, Any], agency: dict[str, Any]) -> Resolved:
    """Turn stored strings back into objects, keeping only what this user may use: their
    own certificates and records (a key edited in the payload cannot reach another's)."""
    result = Resolved()
    pk = _pk(info.get("certificate"))
    result.certificate = (
        Certificate.objects.select_related("qualification_type", "subject").filter(pk=pk, holder=user).first()
        if pk
        else None
    )
    records = _records(user)
    for name, offered in records.items():
        setattr(result, name, offered.get(_pk(info.get(name))))
    if info.get("degree_record") == NO_DEGREE:
        result.degree_record = NoDegree(CodeItem.objects.filter(kind="degree", code=NO_DEGREE).first())

    def code(name: str) -> CodeItem | None:
        key = _pk(info.get(name))
        return CodeItem.objects.filter(pk=key).first() if key else None

    for name in (
        "major_category",
        "study_form",
        "school_nature",
        "school_location",
        "teacher_title",
        "post_nature",
        "political_status",
    ):
        setattr(result, name, code(name))
    major = _pk(info.get("major"))
    result.major = Major.objects.filter(pk=major).first() if major else None
    school = _pk(info.get("graduation_school"))
    result.graduation_school = GraduationSchool.objects.filter(pk=school).first() if school else None
    for name in ("graduated_on", "started_work_on", "employed_since"):
        setattr(result, name, _date(info.get(name)))
    for name in ("current_school", "household_registration", "postcode", "postal_address"):
        setattr(result, name, str(info.get(name) or "").strip())
    arrangement = _pk(agency.get("arrangement"))
    result.arrangement = (
        ConfirmationArrangement.objects.select_related("point", "window__batch__agency").filter(pk=arrangement).first()
        if arrangement
        else None
    )
    result.agency = result.arrangement.window.batch.agency if result.arrangement else None
    stage = str(agency.get("current_stage") or "")
    result.current_stage = TeachingStage.objects.filter(code=stage).first() if stage else None
    subject = _pk(agency.get("current_subject"))
    result.current_subject = Subject.objects.filter(pk=subject).first() if subject else None
    return result


# Every step-2 answer is required (the 学位 may be 无学位, still a choice), plus the agency choice.
REQUIRED_AT_SUBMIT = (*INFO_FIELDS, "agency", "arrangement", "current_stage")


def check_complete(resolved: Resolved, birth_date: datetime.date | None, today: datetime.date) -> None:
    """Submission's last look at the answers: every required value present and the rules of
    step 2 still holding (a record may have been removed since). Raises ``DomainError``."""
    missing = [name for name in REQUIRED_AT_SUBMIT if not getattr(resolved, name)]
    if missing:
        step = 3 if set(missing) <= set(AGENCY_FIELDS) else 2
        raise DomainError("application_incomplete", step=step)
    if (
        check_dates(birth_date, vars(resolved), today)
        or not POSTCODE.fullmatch(resolved.postcode)
        or len(resolved.current_school) > SCHOOL_MAX
        or len(resolved.household_registration) > HOUSEHOLD_MAX
        or len(resolved.postal_address) > ADDRESS_MAX
        or check_major(
            resolved.major,
            resolved.certificate,
            resolved.education_record.education_level,
            category=resolved.major_category,
        )
    ):
        raise DomainError("application_incomplete", step=2)
