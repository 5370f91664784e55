"""Reading the record modules: national rows (through ``records.national``) and the
applicant's entries side by side, for the centre's pages and for step 2 of the application."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import index_for
from teacherreg.records.kinds import DEGREE, EDUCATION, KINDS, MANDARIN, Kind
from teacherreg.records.models import BaseRecord, RecordSource, VerificationState
from teacherreg.records.national import DegreeRow, EducationRow, MandarinRow, national_records
from teacherreg.records.services import entries_of, locked_ids
from teacherreg.reference.models import CodeItem, CodeKind

NationalRow = MandarinRow | EducationRow | DegreeRow

# The columns each module's table shows, in order: (key, heading).
COLUMNS: dict[str, tuple[tuple[str, Any], ...]] = {
    "mandarin": (
        ("grade", _("等级")),
        ("certificate_number", _("证书编号")),
        ("date", _("测试/发证日期")),
        ("issuing_body", _("发证单位")),
    ),
    "education": (
        ("level", _("学历")),
        ("school", _("毕业学校")),
        ("major", _("所学专业")),
        ("date", _("毕业时间")),
        ("study_form", _("学习形式")),
        ("certificate_number", _("毕业证书编号")),
    ),
    "degree": (
        ("degree", _("学位")),
        ("school", _("学位授予单位")),
        ("major", _("所学专业")),
        ("date", _("授予日期")),
        ("certificate_number", _("学位证书编号")),
    ),
    "other": (
        ("name", _("证书名称")),
        ("certificate_number", _("证书编号")),
        ("issuing_body", _("发证单位")),
        ("date", _("发证日期")),
    ),
}

_CODE_KIND = {"mandarin": CodeKind.MANDARIN_GRADE, "education": CodeKind.EDUCATION_LEVEL, "degree": CodeKind.DEGREE}


@dataclass(frozen=True)
class ModuleRow:
    """One line of a module page, whatever its origin."""

    source: str
    source_label: str
    state: str
    state_label: str
    values: list[tuple[Any, Any]]  # (heading, value) in column order
    rejection_reason: str = ""
    locked: bool = False
    pk: int | None = None  # entered rows only: the applicant may open, change or delete them
    has_scan: bool = False

    @property
    def is_entered(self) -> bool:
        return self.source == RecordSource.ENTERED


@dataclass(frozen=True)
class Summary:
    count: int
    pending: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class Choice:
    """One record step 2 of the application may offer."""

    record: BaseRecord
    label: str
    source: str
    pending: bool


@dataclass
class ApplicationChoices:
    mandarin: list[Choice] = field(default_factory=list)
    education: list[Choice] = field(default_factory=list)
    degrees: list[Choice] = field(default_factory=list)


# ----------------------------------------------------------------------------------------
# National rows


def national_rows(user, kind: Kind) -> list[NationalRow]:
    if not kind.national:
        return []
    backend = national_records()
    reader = {"mandarin": backend.mandarin_certificates, "education": backend.education, "degree": backend.degrees}
    return list(reader[kind.slug](user))


def national_record(user, kind: Kind, row: NationalRow) -> BaseRecord:
    """The table row behind a national row, made as a snapshot when a feed supplied it, so
    that an application has something to point at (and to lock)."""
    if row.record_id is not None:
        return kind.model.objects.get(pk=row.record_id)
    person = index_for("document_number", user.document_number)
    values = _snapshot_values(kind, row)
    with transaction.atomic():
        existing = (
            kind.model.objects.national_for(person)
            .filter(certificate_number=row.certificate_number, removed_at__isnull=True)
            .first()
        )
        if existing is not None:
            return existing
        record = kind.model(source=RecordSource.NATIONAL, person_document_number=user.document_number, **values)
        record.save()
        return record


def _snapshot_values(kind: Kind, row: NationalRow) -> dict[str, Any]:
    def code(kind_name: str, value: str) -> CodeItem | None:
        return CodeItem.objects.filter(kind=kind_name, code=value).first() if value else None

    if isinstance(row, MandarinRow):
        return {
            "grade": code(CodeKind.MANDARIN_GRADE, row.grade_code),
            "certificate_number": row.certificate_number,
            "issued_on": row.issued_on,
            "issuing_body": row.issuing_body,
        }
    if isinstance(row, EducationRow):
        return {
            "education_level": code(CodeKind.EDUCATION_LEVEL, row.education_level_code),
            "school_name": row.school_name,
            "major_name": row.major_name,
            "graduated_on": row.graduated_on,
            "study_form": code(CodeKind.STUDY_FORM, row.study_form_code),
            "certificate_number": row.certificate_number,
        }
    return {
        "degree": code(CodeKind.DEGREE, row.degree_code),
        "school_name": row.school_name,
        "major_name": row.major_name,
        "awarded_on": row.awarded_on,
        "certificate_number": row.certificate_number,
    }


# ----------------------------------------------------------------------------------------
# Module pages


def _codes(kind_name: str) -> dict[str, CodeItem]:
    return {item.code: item for item in CodeItem.objects.filter(kind=kind_name)}


def _national_values(kind: Kind, row: NationalRow, names: dict[str, CodeItem]) -> dict[str, Any]:
    def name(code: str, table: dict[str, CodeItem] = names) -> str:
        return table[code].name if code in table else code

    if isinstance(row, MandarinRow):
        return {
            "grade": name(row.grade_code),
            "certificate_number": row.certificate_number,
            "date": row.issued_on,
            "issuing_body": row.issuing_body,
        }
    if isinstance(row, EducationRow):
        return {
            "level": name(row.education_level_code),
            "school": row.school_name,
            "major": row.major_name,
            "date": row.graduated_on,
            "study_form": name(row.study_form_code, _codes(CodeKind.STUDY_FORM)) if row.study_form_code else "",
            "certificate_number": row.certificate_number,
        }
    return {
        "degree": name(row.degree_code),
        "school": row.school_name,
        "major": row.major_name,
        "date": row.awarded_on,
        "certificate_number": row.certificate_number,
    }


def _entered_values(kind: Kind, record: Any) -> dict[str, Any]:
    if kind.slug == "mandarin":
        return {
            "grade": record.grade.name,
            "certificate_number": record.certificate_number,
            "date": record.issued_on,
            "issuing_body": record.issuing_body,
        }
    if kind.slug == "education":
        return {
            "level": record.education_level.name,
            "school": record.school_name,
            "major": record.major_name,
            "date": record.graduated_on,
            "study_form": record.study_form.name if record.study_form else "",
            "certificate_number": record.certificate_number,
        }
    if kind.slug == "degree":
        return {
            "degree": record.degree.name,
            "school": record.school_name,
            "major": record.major_name,
            "date": record.awarded_on,
            "certificate_number": record.certificate_number,
        }
    return {
        "name": record.name,
        "certificate_number": record.certificate_number,
        "issuing_body": record.issuing_body,
        "date": record.issued_on,
    }


def _rank(names: dict[str, CodeItem], code: str, day: datetime.date | None) -> tuple:
    """Highest first (the code table's order: 一级甲等, 研究生, 博士 …), then the latest."""
    order = names[code].sort_order if code in names else 10_000
    return (order, -(day.toordinal() if day else 0))


def _code_of(kind: Kind, record: Any) -> str:
    attribute = {"mandarin": "grade", "education": "education_level", "degree": "degree"}.get(kind.slug)
    return getattr(record, attribute).code if attribute else ""


def module_rows(user, kind: Kind) -> list[ModuleRow]:
    """National rows first (already verified), then the applicant's entries, each with its
    origin, state, and whether a live application locks it."""
    columns = COLUMNS[kind.slug]
    names = _codes(_CODE_KIND[kind.slug]) if kind.slug in _CODE_KIND else {}
    national = national_rows(user, kind)
    entered = list(entries_of(user, kind).select_related(*_related(kind)).order_by("-created_at", "-pk"))
    locked = locked_ids(kind, [r.record_id for r in national] + [r.pk for r in entered])
    rows: list[ModuleRow] = []
    for row in national:
        values = _national_values(kind, row, names)
        rows.append(
            ModuleRow(
                source=row.source,
                source_label=str(RecordSource(row.source).label),
                state=VerificationState.VERIFIED,
                state_label=str(VerificationState.VERIFIED.label),
                values=[(heading, values[key]) for key, heading in columns],
                locked=row.record_id in locked,
            )
        )
    for record in entered:
        values = _entered_values(kind, record)
        rows.append(
            ModuleRow(
                source=record.source,
                source_label=record.get_source_display(),
                state=record.verification_state,
                state_label=record.get_verification_state_display(),
                values=[(heading, values[key]) for key, heading in columns],
                rejection_reason=record.rejection_reason,
                locked=record.pk in locked,
                pk=record.pk,
                has_scan=bool(record.scan.name),
            )
        )
    return rows


def _related(kind: Kind) -> tuple[str, ...]:
    return {
        "mandarin": ("grade",),
        "education": ("education_level", "study_form"),
        "degree": ("degree",),
    }.get(kind.slug, ())


def exam_results(user) -> list:
    return national_records().exam_results(user)


def summaries(user) -> dict[str, Summary]:
    """Per module: how many records, how many wait for review or were refused (for /me/)."""
    result: dict[str, Summary] = {"exams": Summary(count=len(exam_results(user)))}
    for kind in KINDS.values():
        entered = list(entries_of(user, kind).values_list("verification_state", flat=True))
        result[kind.slug] = Summary(
            count=len(national_rows(user, kind)) + len(entered),
            pending=entered.count(VerificationState.PENDING),
            rejected=entered.count(VerificationState.REJECTED),
        )
    return result


# ----------------------------------------------------------------------------------------
# Step 2 of the application


def choices_for_application(user) -> ApplicationChoices:
    """What step 2 offers for 普通话, 最高学历 and 最高学位: the national records (verified by
    origin) and the applicant's own entries — verified or still 待核验 (flagged), never
    refused ones — highest first."""
    return ApplicationChoices(
        mandarin=_choices(user, MANDARIN),
        education=_choices(user, EDUCATION),
        degrees=_choices(user, DEGREE),
    )


def _choices(user, kind: Kind) -> list[Choice]:
    names = _codes(_CODE_KIND[kind.slug])
    ranked: list[tuple[tuple, Choice]] = []
    for row in national_rows(user, kind):
        record = national_record(user, kind, row)
        day = getattr(record, kind.date_field)
        ranked.append(((*_rank(names, _code_of(kind, record), day), 0), _choice(kind, record)))
    entered = (
        entries_of(user, kind)
        .exclude(verification_state=VerificationState.REJECTED)
        .select_related(*_related(kind))
        .order_by("pk")
    )
    for record in entered:
        day = getattr(record, kind.date_field)
        ranked.append(((*_rank(names, _code_of(kind, record), day), 1), _choice(kind, record)))
    ranked.sort(key=lambda pair: pair[0])
    return [choice for _rank_key, choice in ranked]


def _choice(kind: Kind, record: Any) -> Choice:
    values = _entered_values(kind, record)
    headline = values.get("grade") or values.get("level") or values.get("degree") or ""
    parts = [str(headline), values.get("school", ""), values.get("certificate_number", "")]
    return Choice(
        record=record,
        label=" · ".join(p for p in parts if p),
        source=record.source,
        pending=record.verification_state == VerificationState.PENDING,
    )
