"""What the 申请表 shows, read from the application and the person's records (domain.md §4.1).

Kept apart from the drawing so the values can be checked without a PDF. ID and phone numbers
are masked (ADR 0002: PDFs use ``mask`` like every other output); the reviewer sees the full
numbers on the case, which the QR code opens.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.certificates.models import Conclusion
from teacherreg.common.masking import mask
from teacherreg.profiles.models import AnnualAssessment, EthicsAssessment, TrainingRecord
from teacherreg.registration.models import Application, RegistrationKind, ReviewLevel
from teacherreg.registration.models.plans import DEFAULT_REVIEW_LEVELS
from teacherreg.registration.rules import CYCLE_YEARS


@dataclass(frozen=True)
class CycleYear:
    year: int
    assessment: str = ""  # blank: a box for the school to fill in
    ethics: str = ""
    training_hours: str = ""


@dataclass
class FormContent:
    number: str
    case_url: str
    fields: dict[str, str]
    cycle: list[CycleYear]
    training_total: str
    review_levels: list[str]
    version: int
    photo: bytes | None = None
    notes: list[str] = field(default_factory=list)


def case_url(application: Application) -> str:
    """Where the QR code sends staff: ``office:case_open`` takes them to the page they act on it."""
    return f"{settings.TEACHERREG_SITE_URL.rstrip('/')}/office/applications/{application.number}/"


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _name(obj: object) -> str:
    return str(getattr(obj, "name", "") or "") if obj is not None else ""


def _hours(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _choice(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def cycle_years(application: Application) -> list[int]:
    """The five assessment years before the registration year: one cycle (暂行办法 第二条)."""
    return list(range(application.registration_year - CYCLE_YEARS, application.registration_year))


def cycle(application: Application) -> tuple[list[CycleYear], str]:
    person = application.document_number_index
    years = cycle_years(application)
    grades = {
        row.year: row.get_grade_display()
        for row in AnnualAssessment.objects.filter(person_index=person, year__in=years)
    }
    ethics = {
        row.year: row.get_result_display()
        for row in EthicsAssessment.objects.filter(person_index=person, year__in=years)
    }
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for year, value in TrainingRecord.objects.filter(person_index=person, year__in=years).values_list("year", "hours"):
        hours[year] += value
    rows = [
        CycleYear(
            year,
            str(grades.get(year, "")),
            str(ethics.get(year, "")),
            _hours(hours[year]) if year in hours else "",
        )
        for year in years
    ]
    total = _hours(sum(hours.values(), Decimal(0))) if hours else ""
    return rows, total


def _previous_registration(application: Application) -> tuple[str, str]:
    record = (
        application.certificate.registrations.exclude(application_number=application.number)
        .order_by("-decided_on", "-pk")
        .first()
    )
    if record is None:
        return "", ""
    return _date(record.decided_on), _choice(Conclusion, record.conclusion)


def _kind(application: Application) -> str:
    if application.registration_kind == RegistrationKind.FIRST:
        return _("首次注册")
    return _("定期注册（第%(n)s次）") % {"n": application.registration_ordinal}


def review_levels(application: Application) -> list[str]:
    plan = application.window.batch.plan
    levels = [level for level in (plan.review_levels or DEFAULT_REVIEW_LEVELS) if level in ReviewLevel.values]
    return levels or list(DEFAULT_REVIEW_LEVELS)


def content_of(application: Application, photo: bytes | None) -> FormContent:
    certificate = application.certificate
    last_date, last_conclusion = _previous_registration(application)
    rows, total = cycle(application)
    subject = _name(certificate.subject) or certificate.subject_as_printed
    issuer = certificate.issuing_agency_name or (
        certificate.issuing_agency.name_on(certificate.issued_on) if certificate.issuing_agency else ""
    )
    fields = {
        "name": application.name,
        "sex": _choice(Sex, application.sex),
        "ethnic_group": _name(application.ethnic_group),
        "birth_date": _date(application.birth_date),
        "political_status": _name(application.political_status),
        "document_type": _choice(DocumentType, application.document_type),
        "document_number": mask("document_number", application.document_number),
        "household_registration": application.household_registration,
        "postal_address": application.postal_address,
        "postcode": application.postcode,
        "phone": mask("phone", application.phone),
        "education_level": _name(application.education_level),
        "study_form": _name(application.study_form),
        "degree": _name(application.degree),
        "major_category": _name(application.major_category),
        "major": _name(application.major),
        "graduation_school": application.graduation_school_name or _name(application.graduation_school),
        "graduated_on": _date(application.graduated_on),
        "mandarin_grade": _name(application.mandarin_grade),
        "certificate_number": certificate.number_as_printed or certificate.number,
        "qualification_type": _name(certificate.qualification_type),
        "certificate_subject": subject,
        "issuer": issuer,
        "issued_on": _date(certificate.issued_on),
        "kind": _kind(application),
        "last_registered_on": last_date,
        "last_conclusion": last_conclusion,
        "current_school": application.current_school,
        "school_nature": _name(application.school_nature),
        "school_location": _name(application.school_location),
        "current_stage": _name(application.current_stage),
        "current_subject": _name(application.current_subject),
        "teacher_title": _name(application.teacher_title),
        "post_nature": _name(application.post_nature),
        "started_work_on": _date(application.started_work_on),
        "employed_since": _date(application.employed_since),
        "agency": application.agency.name,
        "confirmation_point": application.confirmation_point.name,
        "registration_year": str(application.registration_year),
        "submitted_on": _date(timezone.localdate(application.submitted_at)) if application.submitted_at else "",
    }
    return FormContent(
        number=application.number,
        case_url=case_url(application),
        fields=fields,
        cycle=rows,
        training_total=total,
        review_levels=review_levels(application),
        version=application.version,
        photo=photo,
    )
