"""修改 a submitted application (P17; manual §3.2.3).

``amend(application, user, answers, *, expected_version, today, use_latest_photo)``

Guard, in order: the application is the user's; ``edit_permission`` allows it (网报待确认, up
to and including the confirmation point's confirmation end date); the version is the one the
page showed; every step-2 rule holds as it did at submission. The certificate, the agency and
the confirmation point are not the applicant's to change here (withdraw and apply again
instead), so the certificate answer is always the application's own, whatever was posted.

In one transaction: the application row and the chosen records are locked, the step-2 fields
are written through the mapping submission uses (``submission.step2_values``), the latest
accepted photo is copied in when asked for, the version goes up (so the cached 申请表 is drawn
again, see ``registration.pdf.cache``) and an ``application.amended`` audit event lists the
names of the changed fields, never their values. The status does not change.

The pre-check warnings stored on the application for the reviewers are brought up to date:
those the old answers produced (the post's scope, domain.md §1.3) are replaced by those the new
answers produce; the record-based ones (training, assessments …) stay as judged at submission.
After the commit the applicant gets a notice, per their channels, that the application was
changed, so an edit they did not make does not go unnoticed.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.documents.models import ApplicantPhoto, latest_photo
from teacherreg.registration.models import Application
from teacherreg.registration.rules import ProvinceRules
from teacherreg.registration.services import record_checks, steps
from teacherreg.registration.services.applications import edit_permission
from teacherreg.registration.services.findings import SEVERITY_ORDER
from teacherreg.registration.services.messages import notify_amended
from teacherreg.registration.services.submission import step2_values
from teacherreg.registration.workflow import Actor

PHOTO_FIELD = "photo"


class AmendRejected(DomainError):
    """The answers break step 2's rules; ``errors`` maps each answer's name to its message
    (``__all__`` for what belongs to no single field)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("amend_invalid")
        self.errors = errors


# --- reading the application back as step-2 answers ------------------------------------------


def answers_of(application: Application) -> dict[str, str]:
    """The application's step-2 values as the form posts them (primary keys, ISO dates, text)."""

    def pk(value: Any) -> str:
        return str(value) if value else ""

    def day(value: datetime.date | None) -> str:
        return value.isoformat() if value else ""

    degree = pk(application.degree_record_id) or (steps.NO_DEGREE if application.degree_id else "")
    return {
        "certificate": pk(application.certificate_id),
        "mandarin_record": pk(application.mandarin_record_id),
        "education_record": pk(application.education_record_id),
        "degree_record": degree,
        "major_category": pk(application.major_category_id),
        "major": pk(application.major_id),
        "graduation_school": pk(application.graduation_school_id),
        "graduated_on": day(application.graduated_on),
        "study_form": pk(application.study_form_id),
        "current_school": application.current_school,
        "school_nature": pk(application.school_nature_id),
        "school_location": pk(application.school_location_id),
        "started_work_on": day(application.started_work_on),
        "employed_since": day(application.employed_since),
        "teacher_title": pk(application.teacher_title_id),
        "post_nature": pk(application.post_nature_id),
        "political_status": pk(application.political_status_id),
        "household_registration": application.household_registration,
        "postcode": application.postcode,
        "postal_address": application.postal_address,
    }


# --- the photo -----------------------------------------------------------------------------


def _digest(field: Any) -> str:
    if not field or not field.name:
        return ""
    try:
        with field.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except (FileNotFoundError, OSError, ValueError):
        return ""


def newer_photo(application: Application, user: Any) -> ApplicantPhoto | None:
    """The applicant's latest accepted photo when it is not the one this application holds
    (the application keeps its own copy, so the bytes are compared), else None."""
    photo = latest_photo(user)
    if photo is None:
        return None
    return photo if _digest(photo.image) != _digest(application.photo) else None


# --- the rules -----------------------------------------------------------------------------


def _check(resolved: steps.Resolved, birth_date: datetime.date | None, today: datetime.date) -> dict[str, str]:
    """Step 2's rules, as the form and ``steps.check_complete`` apply them at submission,
    field by field so the page can say which answer is wrong."""
    errors: dict[str, str] = {}
    for name in steps.INFO_FIELDS:
        if not getattr(resolved, name):
            errors[name] = message_for("amend_invalid")
    errors.update({k: v for k, v in steps.check_dates(birth_date, vars(resolved), today).items() if k not in errors})
    if resolved.postcode and not steps.POSTCODE.fullmatch(resolved.postcode):
        errors["postcode"] = message_for("application_postcode")
    for name, limit in (
        ("current_school", steps.SCHOOL_MAX),
        ("household_registration", steps.HOUSEHOLD_MAX),
        ("postal_address", steps.ADDRESS_MAX),
    ):
        if len(getattr(resolved, name)) > limit:
            errors[name] = message_for("amend_invalid")
    if resolved.major and resolved.education_record and "major" not in errors:
        problem = steps.check_major(
            resolved.major,
            resolved.certificate,
            resolved.education_record.education_level,
            category=resolved.major_category,
        )
        if problem:
            errors["major"] = problem
    return errors


def _resolve(application: Application, user: Any, answers: dict[str, Any]) -> steps.Resolved:
    info = {name: answers.get(name, "") for name in steps.INFO_FIELDS}
    # P17: the certificate is fixed; a posted one is ignored, not honoured.
    info["certificate"] = str(application.certificate_id)
    resolved = steps.resolve(user, info, {})
    # Step 3's choice stays as submitted.
    resolved.agency = application.agency
    resolved.arrangement = application.arrangement
    resolved.current_stage = application.current_stage
    resolved.current_subject = application.current_subject
    return resolved


# --- the service ---------------------------------------------------------------------------


def amend(
    application: Application,
    user: Any,
    answers: dict[str, Any],
    *,
    expected_version: int | str | None,
    today: datetime.date,
    use_latest_photo: bool,
) -> Application:
    """Change the step-2 answers (and optionally the photo) of the user's application; see the
    module docstring. Raises ``DomainError`` (``AmendRejected`` for rule breaches) and then
    changes nothing. Returns the application as saved (unchanged when nothing differs)."""
    if application.applicant_id != getattr(user, "pk", None):
        raise DomainError("app_not_yours")
    _guard(application, expected_version, today)
    resolved = _resolve(application, user, answers)
    errors = _check(resolved, application.birth_date, today)
    if errors:
        raise AmendRejected(errors)
    photo = newer_photo(application, user) if use_latest_photo else None
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _guard(locked, expected_version, today)  # a concurrent edit or transition may have won
        old_scope_answers = _scope_answers_of(locked)
        for record in (resolved.mandarin_record, resolved.education_record, resolved.degree_record):
            if record.pk is not None:  # 无学位 has no row to lock
                type(record).objects.select_for_update().filter(pk=record.pk).first()
        values = step2_values(resolved)
        changed = [name for name, value in values.items() if _differs(getattr(locked, name), value)]
        if photo is not None:
            changed.append(PHOTO_FIELD)
        if not changed:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        old_photo = locked.photo.name if photo is not None else ""
        if photo is not None:
            with photo.image.open("rb") as source:
                locked.photo.save("photo.jpg", ContentFile(source.read()), save=False)
        locked.precheck_findings = refreshed_findings(
            locked.precheck_findings,
            old_answers=old_scope_answers,
            new_answers=resolved.precheck_draft(),
            rules=ProvinceRules.of(locked.window.batch.plan),
        )
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit.record(
            "application.amended",
            locked,
            actor=user,
            actor_role=Actor.APPLICANT,
            data={"number": locked.number, "fields": changed, "version": locked.version},
        )
        notify_amended(locked)
        if old_photo:
            # The old copy goes only once the new state is committed.
            transaction.on_commit(lambda: locked.photo.storage.delete(old_photo))
    return locked


def _scope_answers_of(application: Application) -> dict[str, str]:
    """The answers the post-scope findings read, as the application holds them (codes)."""
    return {
        "post_nature": application.post_nature.code if application.post_nature_id else "",
        "school_nature": application.school_nature.code if application.school_nature_id else "",
    }


def refreshed_findings(
    stored: list[dict[str, Any]], *, old_answers: dict[str, Any], new_answers: dict[str, Any], rules: ProvinceRules
) -> list[dict[str, Any]]:
    """``stored`` without what the old answers produced, plus what the new answers produce,
    ordered by severity as the pre-check orders them."""

    def produced(answers: dict[str, Any]) -> list[dict[str, Any]]:
        return [finding.as_json() for finding in record_checks.post_scope_findings(answers, rules)]

    old = produced(old_answers)
    kept = [finding for finding in stored if finding not in old]
    merged = kept + [finding for finding in produced(new_answers) if finding not in kept]
    return sorted(
        merged, key=lambda f: SEVERITY_ORDER.index(f["severity"]) if f.get("severity") in SEVERITY_ORDER else 9
    )


def _guard(application: Application, expected_version: int | str | None, today: datetime.date) -> None:
    permission = edit_permission(application, today)
    if not permission.allowed:
        raise DomainError(permission.reason_code, **permission.reason_params)
    if str(expected_version) != str(application.version):
        raise DomainError("amend_stale_version")


def _differs(old: Any, new: Any) -> bool:
    return (old or None) != (new or None)
