"""The certificate's registration records written by the province's conclusion (P18, P19).

A final 注册合格 adds a record valid for five years from the later of the decision date and the
day after the previous registration's end, and counts as the next registration ("第 N 次"); a
暂缓注册 or 注册不合格 is recorded without validity or number; a 撤销注册 adds a record that the
pre-check reads as a five-year block (``precheck.certificate_usability``). The record is what
the certificate shows: when the province undoes its conclusion the record of that conclusion
goes, so nothing that counts registrations ever counts an undone one (the decision rows keep
the history).

Call these inside the transaction of the decision they record.
"""

from __future__ import annotations

import datetime

from django.db.models import Max

from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.registration.models import Application, RegistrationKind

# 暂行办法 第二条: a registration is valid for five years.
VALIDITY_YEARS = 5

CONCLUSION_OF_STATUS: dict[str, str] = {
    "qualified": Conclusion.QUALIFIED,
    "deferred": Conclusion.DEFERRED,
    "unqualified": Conclusion.UNQUALIFIED,
}


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later; 29 February falls on 1 March in a common year, so that a
    validity starting on 29 Feb runs to the 28th, as one starting on 1 March does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def validity(decided_on: datetime.date, previous_end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """P18: from the later of the decision date and the day after the previous validity's end,
    for five years (the last day is the day before the fifth anniversary)."""
    start = decided_on
    if previous_end is not None and previous_end + datetime.timedelta(days=1) > start:
        start = previous_end + datetime.timedelta(days=1)
    return start, anniversary(start, VALIDITY_YEARS) - datetime.timedelta(days=1)


def _other_records(application: Application):  # type: ignore[no-untyped-def]
    return RegistrationRecord.objects.filter(certificate_id=application.certificate_id).exclude(
        application_number=application.number
    )


def _own_records(application: Application):  # type: ignore[no-untyped-def]
    return RegistrationRecord.objects.filter(
        certificate_id=application.certificate_id, application_number=application.number
    )


def registration_count(certificate_id: int) -> int:
    """How many times the certificate was registered 合格 ("第 N 次" of the latest)."""
    return RegistrationRecord.objects.filter(certificate_id=certificate_id, conclusion=Conclusion.QUALIFIED).count()


def record_conclusion(application: Application, status: str, decided_on: datetime.date) -> RegistrationRecord:
    """Write the record of the province's conclusion ``status`` (qualified/deferred/unqualified).

    Side effect: one ``RegistrationRecord``; for 合格 with ``valid_from``/``valid_until`` per P18
    and ``ordinal`` one above the certificate's other 合格 records.
    """
    others = _other_records(application)
    qualified = others.filter(conclusion=Conclusion.QUALIFIED)
    record = RegistrationRecord(
        certificate_id=application.certificate_id,
        conclusion=CONCLUSION_OF_STATUS[status],
        decided_on=decided_on,
        agency_id=application.agency_id,
        application_number=application.number,
        is_first_registration=application.registration_kind == RegistrationKind.FIRST,
    )
    if status == "qualified":
        previous_end = qualified.aggregate(end=Max("valid_until"))["end"]
        record.valid_from, record.valid_until = validity(decided_on, previous_end)
        record.ordinal = qualified.count() + 1
    record.save()
    return record


def _remove_own(application: Application, *, revocation: bool) -> dict | None:
    """Delete the latest record this case wrote (its 撤销注册 record, or its conclusion's) and
    return what it said, for the audit event; None when there was none (a case decided before
    records were written)."""
    own = _own_records(application)
    own = own.filter(conclusion=Conclusion.REVOKED) if revocation else own.exclude(conclusion=Conclusion.REVOKED)
    record = own.order_by("-decided_on", "-pk").first()
    if record is None:
        return None
    said = {
        "record": record.pk,
        "conclusion": record.conclusion,
        "decided_on": record.decided_on.isoformat(),
        "valid_from": record.valid_from.isoformat() if record.valid_from else None,
        "valid_until": record.valid_until.isoformat() if record.valid_until else None,
        "ordinal": record.ordinal,
    }
    record.delete()
    return said


def remove_conclusion(application: Application) -> dict | None:
    """The province undid its conclusion: the record of it goes."""
    return _remove_own(application, revocation=False)


def remove_revocation(application: Application) -> dict | None:
    """The province undid its 撤销注册: the blocking record goes (the 合格 record it revoked
    stays)."""
    return _remove_own(application, revocation=True)


def record_revocation(application: Application, decided_on: datetime.date) -> RegistrationRecord:
    """撤销注册: a record the pre-check reads as blocking a new registration for five years (P19).
    The 合格 record it revokes stays, so the certificate's history shows both."""
    return RegistrationRecord.objects.create(
        certificate_id=application.certificate_id,
        conclusion=Conclusion.REVOKED,
        decided_on=decided_on,
        agency_id=application.agency_id,
        application_number=application.number,
    )


def record_of(application: Application) -> RegistrationRecord | None:
    """The record this application's conclusion wrote (the 合格 one when it was later revoked)."""
    return _own_records(application).exclude(conclusion=Conclusion.REVOKED).order_by("-decided_on", "-pk").first()


def records_by_number(applications: list[Application]) -> dict[str, RegistrationRecord]:
    """The conclusion record of each concluded application in one query (the applicant's list
    shows a 合格 one's validity beside 注册合格)."""
    numbers = [app.number for app in applications if app.status in CONCLUSION_OF_STATUS or app.status == "revoked"]
    if not numbers:
        return {}
    rows = (
        RegistrationRecord.objects.filter(application_number__in=numbers)
        .exclude(conclusion=Conclusion.REVOKED)
        .order_by("decided_on", "pk")
    )
    return {row.application_number: row for row in rows}
