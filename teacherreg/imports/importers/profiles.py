"""Teacher records of ``teacherreg.profiles``: annual assessments, training hours, ethics
assessments (domain.md §1.6, §1.7). Keyed by the person's document blind index, as the models
are: the records arrive before the teacher has an account."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import index_for
from teacherreg.imports import parsers
from teacherreg.imports.importers.base import Column, ImportContext, ProvinceImporter, person_columns
from teacherreg.profiles.models import (
    AnnualAssessment,
    AssessmentGrade,
    EthicsAssessment,
    EthicsResult,
    RecordSource,
    TrainingLevel,
    TrainingRecord,
)

RECORD_EARLIEST_YEAR = 1990


def _year_column() -> Column:
    return Column("year", _("年度"), parsers.year(earliest=RECORD_EARLIEST_YEAR), example="2024", note=_("四位年份"))


def person_index(values: dict[str, Any]) -> str:
    return index_for("document_number", values["document_number"])


class _PersonYearImporter(ProvinceImporter):
    """One row per person and year; the value column is what an update changes."""

    value_field: str

    def key(self, values: dict[str, Any]) -> tuple:
        return (person_index(values), values["year"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return self.model.objects.filter(person_index=person_index(values), year=values["year"]).first()

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {self.value_field: values[self.value_field]}
        if existing is None:
            stored |= {
                "person_document_number": values["document_number"],
                "year": values["year"],
                "source": RecordSource.IMPORTED,
            }
        return stored


class AnnualAssessmentImporter(_PersonYearImporter):
    slug = "annual_assessments"
    label = _("年度考核")
    summary = _("每人每年一行。同一证件号码、同一年度再次导入时，以新的考核等次为准。")
    model = AnnualAssessment
    value_field = "grade"
    columns = (
        *person_columns(),
        _year_column(),
        Column(
            "grade",
            _("考核等次"),
            parsers.choice(
                AssessmentGrade, extra={"未参加": AssessmentGrade.NOT_RATED, "未定等次": AssessmentGrade.NOT_RATED}
            ),
            example="合格",
            note=_("优秀、合格、基本合格、不合格，或“未参加/未定等次”（也可只写“未参加”或“未定等次”）"),
        ),
    )


class EthicsAssessmentImporter(_PersonYearImporter):
    slug = "ethics_assessments"
    label = _("师德考核")
    summary = _("每人每年一行。同一证件号码、同一年度再次导入时，以新的考核结果为准。")
    model = EthicsAssessment
    value_field = "result"
    columns = (
        *person_columns(),
        _year_column(),
        Column("result", _("考核结果"), parsers.choice(EthicsResult), example="合格", note=_("合格或不合格")),
    )


class TrainingImporter(ProvinceImporter):
    slug = "training_hours"
    label = _("培训学时")
    summary = _(
        "每人每年每个培训级别、每个培训项目一行。同一证件号码、年度、级别和项目名称再次导入时，以新的学时为准；"
        "项目名称可以不填，不填的按“同一年同一级别的未命名项目”算一行。"
    )
    model = TrainingRecord
    columns = (
        *person_columns(),
        _year_column(),
        Column(
            "level",
            _("培训级别"),
            parsers.choice(TrainingLevel),
            example="省级",
            note=_("国家级、省级、市级、县级或校本"),
        ),
        Column(
            "hours",
            _("学时"),
            parsers.decimal(places=1, maximum=Decimal("9999.9")),
            example="24",
            note=_("0 到 9999.9，最多一位小数"),
        ),
        Column("title", _("培训项目"), parsers.text(100), required=False, example="新课程标准专题培训"),
    )

    def key(self, values: dict[str, Any]) -> tuple:
        return (person_index(values), values["year"], values["level"], values["title"] or "")

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return (
            TrainingRecord.objects.filter(
                person_index=person_index(values),
                year=values["year"],
                level=values["level"],
                title=values["title"] or "",
            )
            .order_by("pk")
            .first()
        )

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored: dict[str, Any] = {"hours": values["hours"]}
        if existing is None:
            stored |= {
                "person_document_number": values["document_number"],
                "year": values["year"],
                "level": values["level"],
                "title": values["title"] or "",
                "source": RecordSource.IMPORTED,
            }
        return stored
