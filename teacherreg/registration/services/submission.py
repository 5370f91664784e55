"""提交注册申请: the one service that turns a draft into an application (issue 5 item 5).

``submit(user, draft_version, idempotency_key, today)``

Guard, in order: an application already made with this key is returned as it is (a double
click, the back button, two tabs or a retried request all land here); the draft exists, is
the version the page showed and has steps 1–5 complete; identity verified (P8); the
pre-check run again on the draft (P19 blockers, P14 live application, P17 window open, the
chosen confirmation point still published) — a refusal leaves the draft as it was.

In one transaction: the draft row, the certificate and the chosen records are locked
(SELECT … FOR UPDATE, so a concurrent submit of the same draft waits and then finds the
application), the P16 number is allocated, the application is created in ``submitted`` (网报
待确认, the workflow's initial state; no transition leads into it), the accepted agreement
and pledge versions are recorded, an audit event and an outbox notification are written,
and the draft is deleted. The P14 constraints are the last line: a concurrent submit for
the same certificate or person fails with the official-style message, draft intact.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from teacherreg.accounts.models import IdentityStatus
from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.documents.models import latest_photo
from teacherreg.notify.services import notify_user
from teacherreg.registration import texts
from teacherreg.registration.models import (
    Application,
    ApplicationDraft,
    ApplicationSource,
    ConsentDocument,
    ConsentRecord,
)
from teacherreg.registration.services import drafts, steps
from teacherreg.registration.services.numbering import allocate_number
from teacherreg.registration.services.precheck import precheck
from teacherreg.registration.workflow import LIVE, Actor, Status


def _key(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _existing(user: Any, key: uuid.UUID | None) -> Application | None:
    if key is None:
        return None
    return Application.objects.filter(idempotency_key=key, applicant=user).first()


def submit(user: Any, draft_version: int | str | None, idempotency_key: Any, today: datetime.date) -> Application:
    """Submit the applicant's draft; see the module docstring for the guard and effects.
    Raises ``DomainError`` with the reason; the draft is kept whenever it raises."""
    key = _key(idempotency_key)
    found = _existing(user, key)
    if found is not None:
        return found
    draft = drafts.load(user)
    if draft is None or key is None:
        raise DomainError("application_no_draft")
    data = drafts.payload(draft)
    if str(data.get("idempotency_key") or "") != str(key):
        raise DomainError("application_stale_submit")
    if str(draft_version) != str(draft.version):
        raise DomainError("application_stale_submit")
    for step in steps.STEPS[: steps.LAST_DRAFT_STEP - 1]:
        if step.slug not in data["done"]:
            raise DomainError("application_incomplete", step=step.number)
    if user.identity_status != IdentityStatus.VERIFIED:
        raise DomainError("application_identity_required")

    resolved = steps.resolve(user, data["answers"].get("info") or {}, data["answers"].get("agency") or {})
    steps.check_complete(resolved, user.birth_date, today)
    photo = latest_photo(user)
    if photo is None:
        raise DomainError("application_photo_required")
    result = passing_precheck(user, resolved, today)

    try:
        with transaction.atomic():
            return _create(user, draft, key, data, resolved, result, photo)
    except _AlreadySubmitted as done:
        return done.application
    except IntegrityError:
        # Another request won the race. The same key: that is our application. Otherwise a
        # P14 constraint: the certificate or the person already has a live application.
        found = _existing(user, key)
        if found is not None:
            return found
        raise p14_error(user, resolved, result.year) from None


def passing_precheck(user: Any, resolved: steps.Resolved, today: datetime.date) -> Any:
    """The pre-check run again on complete answers; a blocker, or a chosen point whose window
    is not the one open today, refuses the submission (P19, P14, P17)."""
    result = precheck(
        user, today, certificate=resolved.certificate, agency=resolved.agency, draft=resolved.precheck_draft()
    )
    if result.blockers:
        raise DomainError("application_blocked", reason=result.blockers[0].message)
    window = result.window.window if result.window else None
    if window is None or resolved.arrangement.window_id != window.pk:
        raise DomainError("registration_choice_unavailable")
    return result


class _AlreadySubmitted(Exception):
    def __init__(self, application: Application) -> None:
        self.application = application


def _create(user, draft, key, data, resolved, result, photo) -> Application:
    # The draft's lock serialises submits of the same draft: a waiting request sees the
    # draft gone once the first commits and returns the application made with its key.
    locked = ApplicationDraft.objects.select_for_update().filter(pk=draft.pk, version=draft.version).first()
    if locked is None:
        found = _existing(user, key)
        if found is not None:
            raise _AlreadySubmitted(found)
        raise DomainError("application_stale_submit")
    agreement = data["answers"].get("agreement") or {}
    application = record_application(
        user,
        key,
        resolved,
        result,
        photo,
        agreement_version=agreement.get("version") or texts.AGREEMENT_VERSION,
        agreement_accepted_at=_when(agreement.get("accepted_at")),
    )
    locked.delete()
    return application


def record_application(
    user: Any,
    key: uuid.UUID,
    resolved: steps.Resolved,
    result: Any,
    photo: Any,
    *,
    agreement_version: str,
    agreement_accepted_at: datetime.datetime | None,
    entered_by: Any = None,
) -> Application:
    """Create the application from checked answers, inside the caller's transaction: lock the
    certificate and records, allocate the P16 number, copy the photo, record the agreement and
    pledge, audit and notify. Shared by the applicant's submission and 后台采集
    (``office_entry``), where ``entered_by`` is the agency's staff member."""
    Certificate.objects.select_for_update().filter(pk=resolved.certificate.pk).first()
    for record in (resolved.mandarin_record, resolved.education_record, resolved.degree_record):
        if record.pk is not None:  # 无学位 has no row to lock
            type(record).objects.select_for_update().filter(pk=record.pk).first()

    now = timezone.now()
    year = result.year
    application = Application(
        number=allocate_number(resolved.agency, year),
        applicant=user,
        registration_year=year,
        status=Status.SUBMITTED,
        idempotency_key=key,
        source=ApplicationSource.OFFICE if entered_by else ApplicationSource.ONLINE,
        entered_by=entered_by,
        registration_kind=result.kind,
        registration_ordinal=result.ordinal or 1,
        submitted_at=now,
        status_changed_at=now,
        precheck_findings=result.as_json(),
        name=user.name,
        document_type=user.document_type,
        document_number=user.document_number,
        sex=user.sex,
        birth_date=user.birth_date,
        ethnic_group_id=user.ethnic_group_id,
        phone=user.phone or "",
        certificate=resolved.certificate,
        certificate_key=resolved.certificate.number,
        **step2_values(resolved),
        current_stage=resolved.current_stage,
        current_subject=resolved.current_subject,
        agency=resolved.agency,
        confirmation_point=resolved.arrangement.point,
        window=resolved.arrangement.window,
        arrangement=resolved.arrangement,
    )
    with photo.image.open("rb") as source:
        # Copied, not shared: the applicant may replace their photo later without changing
        # what this application was submitted with. The name is made by the server.
        application.photo.save("photo.jpg", ContentFile(source.read()), save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        application.photo.delete(save=False)
        raise
    ConsentRecord.objects.create(
        user=user,
        document=ConsentDocument.AGREEMENT,
        version=agreement_version,
        accepted_at=agreement_accepted_at or now,
        application=application,
    )
    ConsentRecord.objects.create(
        user=user,
        document=ConsentDocument.PLEDGE,
        version=texts.PLEDGE_VERSION,
        accepted_at=now,
        application=application,
    )
    audit.record(
        "application.submitted",
        application,
        actor=entered_by or user,
        actor_role=Actor.COUNTY_REVIEWER if entered_by else Actor.APPLICANT,
        actor_organisation_id=resolved.agency.pk if entered_by else None,
        data={
            "number": application.number,
            "to": Status.SUBMITTED,
            "agency": resolved.agency.pk,
            "year": year,
            "source": application.source,
        },
    )
    notify_user(
        user,
        "application_submitted",
        {
            "number": application.number,
            "agency": resolved.agency.name,
            "point": resolved.arrangement.point.name,
            "confirm_from": resolved.arrangement.confirm_from.isoformat(),
            "confirm_until": resolved.arrangement.confirm_until.isoformat(),
        },
        dedupe_key=f"application-submitted:{application.pk}",
    )
    return application


def step2_values(resolved: steps.Resolved) -> dict[str, Any]:
    """The Application fields that step 2 fills, from the resolved answers (the certificate
    aside: it is fixed once submitted, P17). Shared by submission and ``amend``, so an
    amended application holds exactly what a fresh submission of the same answers would."""
    degree_record = resolved.degree_record
    return {
        "mandarin_record": resolved.mandarin_record,
        "mandarin_grade": resolved.mandarin_record.grade,
        "education_record": resolved.education_record,
        "education_level": resolved.education_record.education_level,
        # 无学位 has no record row; its code item is kept as the degree.
        "degree_record": None if isinstance(degree_record, steps.NoDegree) else degree_record,
        "degree": degree_record.degree,
        "major_category": resolved.major_category,
        "major": resolved.major,
        "graduation_school": resolved.graduation_school,
        "graduation_school_name": resolved.graduation_school.name,
        "graduated_on": resolved.graduated_on,
        "study_form": resolved.study_form,
        "current_school": resolved.current_school,
        "school_nature": resolved.school_nature,
        "school_location": resolved.school_location,
        "started_work_on": resolved.started_work_on,
        "employed_since": resolved.employed_since,
        "teacher_title": resolved.teacher_title,
        "post_nature": resolved.post_nature,
        "political_status": resolved.political_status,
        "household_registration": resolved.household_registration,
        "postcode": resolved.postcode,
        "postal_address": resolved.postal_address,
    }


def _when(value: Any) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def p14_error(user: Any, resolved: steps.Resolved, year: int) -> DomainError:
    taken = Application.objects.filter(
        certificate_key=resolved.certificate.number, registration_year=year, status__in=LIVE
    ).exists()
    if taken:
        return DomainError(
            "application_certificate_taken",
            certificate=mask("certificate_number", resolved.certificate.number_as_printed),
            year=year,
        )
    return DomainError("application_person_taken", year=year)
