"""National rows of ``teacherreg.records``: exam results, Mandarin certificates and education
records (source 导入). The applicant's own entries (本人录入) are never found or changed here, and
a row that a live application uses is locked (manual §2.1: ``records.services.is_locked``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import index_for
from teacherreg.imports import parsers
from teacherreg.imports.importers.base import Column, ImportContext, ProvinceImporter, RowError, person_columns
from teacherreg.records.models import (
    BaseRecord,
    DegreeRecord,
    EducationRecord,
    ExamResult,
    MandarinRecord,
    RecordSource,
)
from teacherreg.records.services import is_locked
from teacherreg.reference.models import CodeItem, CodeKind, GraduationSchool, SchoolStatus
from teacherreg.reference.services import normalise_school_name

_EARLIEST = datetime.date(1950, 1, 1)


def _index(values: dict[str, Any]) -> str:
    return index_for("document_number", values["document_number"])


def code_item(kind: str, text: str, column: str, ctx: ImportContext) -> CodeItem:
    """A selectable code-table value by its name or code."""
    items = ctx.cache.setdefault(f"code:{kind}", {})
    if not items:
        for item in CodeItem.objects.filter(kind=kind, is_active=True, is_selectable=True):
            items[item.code] = item
            items[item.name] = item
    found = items.get(text)
    if found is None:
        raise RowError("import_row_unknown_code", column, table=CodeKind(kind).label)
    return found


class ExamResultImporter(ProvinceImporter):
    slug = "exam_results"
    label = _("教师资格考试成绩")
    summary = _("每人每个考试批次每个科目一行。再次导入同一证件号码、考试批次和科目时更新成绩。")
    model = ExamResult
    columns = (
        *person_columns(),
        Column("subject_name", _("科目"), parsers.text(60), example="综合素质（小学）"),
        Column("exam_session", _("考试批次"), parsers.text(30), example="2024年上半年"),
        Column(
            "score",
            _("成绩"),
            parsers.decimal(places=1, maximum=Decimal("999.9")),
            required=False,
            example="78",
        ),
        Column("passed", _("是否合格"), parsers.yes_no, example="是", note=_("是或否")),
        Column("certificate_number", _("考试合格证明编号"), parsers.code(40), required=False, example=""),
        Column(
            "valid_until",
            _("有效期至"),
            parsers.date(earliest=_EARLIEST, not_after_today=False),
            required=False,
            example="2026-06-30",
        ),
    )

    def key(self, values: dict[str, Any]) -> tuple:
        return (_index(values), values["exam_session"], values["subject_name"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return (
            ExamResult.objects.filter(
                person_index=_index(values), exam_session=values["exam_session"], subject_name=values["subject_name"]
            )
            .order_by("pk")
            .first()
        )

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "score": values["score"],
            "passed": values["passed"],
            "certificate_number": values["certificate_number"] or "",
            "valid_until": values["valid_until"],
        }
        if existing is None:
            stored |= {
                "person_document_number": values["document_number"],
                "exam_session": values["exam_session"],
                "subject_name": values["subject_name"],
                "source": RecordSource.IMPORTED,
            }
        return stored


class _NationalRecordImporter(ProvinceImporter):
    """A national record keyed by person and certificate number, among national rows only."""

    def key(self, values: dict[str, Any]) -> tuple:
        return (_index(values), values["certificate_number"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return (
            self.model.objects.national_for(_index(values))
            .filter(certificate_number=values["certificate_number"])
            .order_by("pk")
            .first()
        )

    def guard(self, existing: models.Model, ctx: ImportContext) -> None:
        assert isinstance(existing, BaseRecord)
        if is_locked(existing):
            raise RowError("import_row_record_locked")
        super().guard(existing, ctx)

    def _new(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_document_number": values["document_number"],
            "certificate_number": values["certificate_number"],
            "source": RecordSource.IMPORTED,
        }


class MandarinImporter(_NationalRecordImporter):
    slug = "mandarin"
    label = _("普通话水平测试等级证书")
    summary = _(
        "每人每个证书编号一行。再次导入同一证件号码和证书编号时更新等级、日期和发证单位；已被报名使用的证书不能修改。"
    )
    model = MandarinRecord
    columns = (
        *person_columns(),
        Column("grade", _("等级"), parsers.text(30), example="二级甲等", note=_("等级名称或代码")),
        Column("certificate_number", _("证书编号"), parsers.code(40), example="3700000000001"),
        Column("issued_on", _("测试/发证日期"), parsers.date(earliest=_EARLIEST), example="2012-05-20"),
        Column("issuing_body", _("发证单位"), parsers.text(100), example="山东省语言文字工作委员会"),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["grade"] = code_item(CodeKind.MANDARIN_GRADE, values["grade"], "grade", ctx)
        return values

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "grade_id": values["grade"].pk,
            "issued_on": values["issued_on"],
            "issuing_body": values["issuing_body"],
        }
        return stored if existing is not None else stored | self._new(values)


class EducationImporter(_NationalRecordImporter):
    slug = "education"
    label = _("学历学籍")
    summary = _(
        "每人每个毕业证书编号一行。再次导入同一证件号码和证书编号时更新其他信息；已被报名使用的学历不能修改。"
        "毕业学校与学校目录中已核实的学校同名时自动关联。"
    )
    model = EducationRecord
    columns = (
        *person_columns(),
        Column("education_level", _("学历"), parsers.text(30), example="大学本科", note=_("学历名称或代码")),
        Column("school_name", _("毕业学校"), parsers.text(100), example="山东师范大学"),
        Column("major_name", _("所学专业"), parsers.text(80), example="汉语言文学"),
        Column("graduated_on", _("毕业时间"), parsers.date(earliest=_EARLIEST), example="2008-07-01"),
        Column("study_form", _("学习形式"), parsers.text(30), required=False, example="普通全日制"),
        Column("certificate_number", _("毕业证书编号"), parsers.code(40), example="104451200805000123"),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["education_level"] = code_item(
            CodeKind.EDUCATION_LEVEL, values["education_level"], "education_level", ctx
        )
        if values["study_form"]:
            values["study_form"] = code_item(CodeKind.STUDY_FORM, values["study_form"], "study_form", ctx)
        values["school_name"] = normalise_school_name(values["school_name"])
        values["school"] = (
            GraduationSchool.objects.filter(name=values["school_name"], status=SchoolStatus.VERIFIED)
            .order_by("pk")
            .first()
        )
        return values

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "education_level_id": values["education_level"].pk,
            "graduation_school_id": values["school"].pk if values["school"] else None,
            "school_name": values["school_name"],
            "major_name": values["major_name"],
            "graduated_on": values["graduated_on"],
            "study_form_id": values["study_form"].pk if values["study_form"] else None,
        }
        return stored if existing is not None else stored | self._new(values)


class DegreeImporter(_NationalRecordImporter):
    slug = "degrees"
    label = _("学位证书")
    summary = _(
        "每人每个学位证书编号一行。再次导入同一证件号码和证书编号时更新其他信息；已被报名使用的学位不能修改。"
        "学位授予单位与学校目录中已核实的学校同名时自动关联。"
    )
    model = DegreeRecord
    columns = (
        *person_columns(),
        Column("degree", _("学位"), parsers.text(30), example="学士", note=_("学位名称或代码")),
        Column("school_name", _("学位授予单位"), parsers.text(100), example="山东师范大学"),
        Column("major_name", _("所学专业"), parsers.text(80), example="汉语言文学"),
        Column("awarded_on", _("授予日期"), parsers.date(earliest=_EARLIEST), example="2008-07-01"),
        Column("certificate_number", _("学位证书编号"), parsers.code(40), example="1044542008000123"),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["degree"] = code_item(CodeKind.DEGREE, values["degree"], "degree", ctx)
        values["school_name"] = normalise_school_name(values["school_name"])
        values["school"] = (
            GraduationSchool.objects.filter(name=values["school_name"], status=SchoolStatus.VERIFIED)
            .order_by("pk")
            .first()
        )
        return values

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "degree_id": values["degree"].pk,
            "graduation_school_id": values["school"].pk if values["school"] else None,
            "school_name": values["school_name"],
            "major_name": values["major_name"],
            "awarded_on": values["awarded_on"],
        }
        return stored if existing is not None else stored | self._new(values)
