"""The national records behind one lookup interface (issue 4 item 1).

Today the national records are tables filled by import (``records.models``, source 全国系统 or
导入). A real feed — the national examination database, the PSC database, 学信网 — can replace
them by implementing :class:`NationalRecords` and naming the class in
``settings.TEACHERREG_NATIONAL_RECORDS_BACKEND``. Callers get plain rows, never model
instances, so nothing above this module knows where the data came from.

A row that the table backend returns carries ``record_id``, the primary key of its table row;
a feed's rows carry ``None`` and ``services.national_record`` keeps a snapshot row for them
when an application needs something to point at.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from teacherreg.common.fields import index_for
from teacherreg.records.models import DegreeRecord, EducationRecord, ExamResult, MandarinRecord

DEFAULT_BACKEND = "teacherreg.records.national.TableNationalRecords"


@dataclass(frozen=True)
class ExamResultRow:
    subject_name: str
    exam_session: str
    score: Decimal | None
    passed: bool
    certificate_number: str
    valid_until: datetime.date | None
    source: str


@dataclass(frozen=True)
class MandarinRow:
    grade_code: str
    certificate_number: str
    issued_on: datetime.date
    issuing_body: str
    source: str
    record_id: int | None = None


@dataclass(frozen=True)
class EducationRow:
    education_level_code: str
    school_name: str
    major_name: str
    graduated_on: datetime.date
    study_form_code: str
    certificate_number: str
    source: str
    record_id: int | None = None


@dataclass(frozen=True)
class DegreeRow:
    degree_code: str
    school_name: str
    major_name: str
    awarded_on: datetime.date
    certificate_number: str
    source: str
    record_id: int | None = None


class NationalRecords(Protocol):
    """What the personal centre and the application ask of the national records.

    ``user`` is an applicant account; backends match on its document number (the national
    systems know people by their document, not by our accounts).
    """

    def exam_results(self, user) -> list[ExamResultRow]: ...

    def mandarin_certificates(self, user) -> list[MandarinRow]: ...

    def education(self, user) -> list[EducationRow]: ...

    def degrees(self, user) -> list[DegreeRow]: ...


class TableNationalRecords:
    """The default: the imported tables of ``records.models`` (national and imported rows)."""

    def _index(self, user) -> str | None:
        number = getattr(user, "document_number", "") or ""
        return index_for("document_number", number) if number else None

    def exam_results(self, user) -> list[ExamResultRow]:
        key = self._index(user)
        if key is None:
            return []
        rows = ExamResult.objects.filter(person_index=key).order_by("-exam_session", "subject_name", "pk")
        return [
            ExamResultRow(
                subject_name=r.subject_name,
                exam_session=r.exam_session,
                score=r.score,
                passed=r.passed,
                certificate_number=r.certificate_number,
                valid_until=r.valid_until,
                source=r.source,
            )
            for r in rows
        ]

    def mandarin_certificates(self, user) -> list[MandarinRow]:
        key = self._index(user)
        if key is None:
            return []
        rows = MandarinRecord.objects.national_for(key).filter(removed_at__isnull=True).select_related("grade")
        return [
            MandarinRow(
                grade_code=r.grade.code,
                certificate_number=r.certificate_number,
                issued_on=r.issued_on,
                issuing_body=r.issuing_body,
                source=r.source,
                record_id=r.pk,
            )
            for r in rows.order_by("grade__sort_order", "-issued_on", "pk")
        ]

    def education(self, user) -> list[EducationRow]:
        key = self._index(user)
        if key is None:
            return []
        rows = EducationRecord.objects.national_for(key).filter(removed_at__isnull=True)
        return [
            EducationRow(
                education_level_code=r.education_level.code,
                school_name=r.school_name,
                major_name=r.major_name,
                graduated_on=r.graduated_on,
                study_form_code=r.study_form.code if r.study_form else "",
                certificate_number=r.certificate_number,
                source=r.source,
                record_id=r.pk,
            )
            for r in rows.select_related("education_level", "study_form")
        ]

    def degrees(self, user) -> list[DegreeRow]:
        key = self._index(user)
        if key is None:
            return []
        rows = DegreeRecord.objects.national_for(key).filter(removed_at__isnull=True)
        return [
            DegreeRow(
                degree_code=r.degree.code,
                school_name=r.school_name,
                major_name=r.major_name,
                awarded_on=r.awarded_on,
                certificate_number=r.certificate_number,
                source=r.source,
                record_id=r.pk,
            )
            for r in rows.select_related("degree")
        ]


def national_records() -> NationalRecords:
    """A backend from the setting, read at every call so a test's ``settings`` change applies."""
    path = getattr(settings, "TEACHERREG_NATIONAL_RECORDS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()
