"""Demo applications in every status (P15), with the decisions and messages that got them
there, numbered per P16."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from teacherreg.accounts.models import IdentityStatus
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.dates import add_years, start_of_day
from teacherreg.demo.organisations import DemoOrganisations
from teacherreg.demo.people import DemoPerson
from teacherreg.reference.models import CodeItem, GraduationSchool, Major, Subject, SubjectTree, TeachingStage
from teacherreg.registration.models import (
    Application,
    ConsentDocument,
    ConsentRecord,
    Decision,
    DecisionLevel,
    DecisionOutcome,
    Message,
    RegistrationKind,
)
from teacherreg.registration.services import milestones
from teacherreg.registration.services.numbering import allocate_number
from teacherreg.registration.workflow import Status

# How many demo applications stand in each status.
STATUS_COUNTS: dict[Status, int] = {
    Status.SUBMITTED: 18,
    Status.RETURNED: 5,
    Status.CONFIRMED: 7,
    Status.COUNTY_REVIEW: 7,
    Status.CITY_REVIEW: 5,
    Status.PROVINCE_REVIEW: 6,
    Status.PUBLIC_NOTICE: 4,
    Status.QUALIFIED: 8,
    Status.DEFERRED: 4,
    Status.UNQUALIFIED: 3,
    Status.REVOKED: 2,
    Status.WITHDRAWN: 4,
    Status.LAPSED: 4,
}
CONSENT_VERSION = "2026.1"

# The decisions each status implies, in order: (level, outcome).
_PATH: dict[Status, list[tuple[str, str]]] = {
    Status.SUBMITTED: [],
    Status.RETURNED: [(DecisionLevel.CONFIRMATION, DecisionOutcome.RETURNED)],
    Status.CONFIRMED: [(DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED)],
    Status.COUNTY_REVIEW: [(DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED)],
    # The county's 初审 is a proposed conclusion (registration.services.review.propose).
    Status.CITY_REVIEW: [
        (DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED),
        (DecisionLevel.COUNTY, DecisionOutcome.QUALIFIED),
    ],
    # 公示 follows the county's proposal, before 复核 (ADR 0001).
    Status.PUBLIC_NOTICE: [
        (DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED),
        (DecisionLevel.COUNTY, DecisionOutcome.QUALIFIED),
    ],
    Status.WITHDRAWN: [],
    Status.LAPSED: [],
}


def _review_path(status: Status, has_city: bool) -> list[tuple[str, str]]:
    if status in _PATH:
        return _PATH[status]
    proposal = {Status.DEFERRED: DecisionOutcome.DEFERRED, Status.UNQUALIFIED: DecisionOutcome.UNQUALIFIED}.get(
        status, DecisionOutcome.QUALIFIED
    )
    path = [(DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED), (DecisionLevel.COUNTY, proposal)]
    if has_city:
        path.append((DecisionLevel.CITY, DecisionOutcome.PASSED))
    if status == Status.PROVINCE_REVIEW:
        return path
    if status == Status.REVOKED:
        return [
            *path,
            (DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED),
            (DecisionLevel.PROVINCE, DecisionOutcome.REVOKED),
        ]
    outcome = {
        Status.QUALIFIED: DecisionOutcome.QUALIFIED,
        Status.DEFERRED: DecisionOutcome.DEFERRED,
        Status.UNQUALIFIED: DecisionOutcome.UNQUALIFIED,
    }[status]
    return [*path, (DecisionLevel.PROVINCE, outcome)]


_REASONS = {
    DecisionOutcome.DEFERRED: (["training_hours_short"], "注册有效期内培训学时不足 360 学时。"),
    DecisionOutcome.UNQUALIFIED: (["assessment_failed_twice"], "连续两年年度考核不合格。"),
    DecisionOutcome.REVOKED: (["fraudulent_materials"], "经核查，申请材料存在弄虚作假情形。"),
    DecisionOutcome.RETURNED: (["photo_unclear"], "照片不清晰，请重新上传近期白底证件照后再次提交。"),
}


def _pick(rng: random.Random, kind: str) -> CodeItem | None:
    items = list(CodeItem.objects.filter(kind=kind, is_selectable=True, is_active=True).order_by("sort_order", "code"))
    return rng.choice(items) if items else None


def build_applications(orgs: DemoOrganisations, people: list[DemoPerson], today: datetime.date) -> list[Application]:
    rng = random.Random(11643)
    stages = {s.code: s for s in TeachingStage.objects.all()}
    majors = list(Major.objects.filter(is_selectable=True, catalogue="undergraduate").order_by("code")[:200])
    schools = list(GraduationSchool.objects.filter(status="verified").order_by("name")[:100])
    # Applicants who may apply: a registrable certificate, no restriction, not the featured
    # applicant (who is left to apply in the demo), not recently registered.
    candidates = [
        p
        for p in people[12:]
        if p.certificate.qualification_type.usable_for_registration
        and not {"restricted", "recently_registered", "revoked_recently"} & p.flags
        and p.user.identity_status == IdentityStatus.VERIFIED
    ]
    rng.shuffle(candidates)
    created: list[Application] = []
    it = iter(candidates)
    for status, count in STATUS_COUNTS.items():
        for _ in range(count):
            person = next(it)
            if status == Status.CITY_REVIEW and not person.county.startswith("37"):
                # Only Shandong has a 复核 level; find the next Shandong teacher.
                person = next(p for p in it if p.county.startswith("37"))
            created.append(_application(rng, orgs, person, status, today, stages, majors, schools))
    return created


CLOSED_COUNTY = "370103"  # 济南市市中区: its window ended; its unconfirmed applications lapsed


def _arrangement_for(orgs: DemoOrganisations, person: DemoPerson, status: Status, today: datetime.date):
    if status == Status.LAPSED:
        return orgs.arrangements[orgs.points[CLOSED_COUNTY][0].name]
    points = orgs.points[person.county]
    arrangement = orgs.arrangements.get(points[0].name) if points else None
    if arrangement is not None and arrangement.window.ends_on >= today:
        return arrangement
    # Agencies without an open window in the demo send their teachers to a neighbour's point.
    fallback = "370102" if person.county.startswith("37") else "110108"
    return orgs.arrangements[orgs.points[fallback][0].name]


@transaction.atomic
def _application(rng, orgs, person, status, today, stages, majors, schools) -> Application:
    arrangement = _arrangement_for(orgs, person, status, today)
    window = arrangement.window
    agency = window.batch.agency
    plan = window.batch.plan
    user = person.user
    cert = person.certificate
    stage = cert.qualification_type.stage or stages.get("primary")
    subject = (
        Subject.objects.filter(tree=SubjectTree.CURRENT, stage=stage, is_selectable=True).order_by("sort_order").first()
    )
    submitted = start_of_day(window.starts_on) + datetime.timedelta(
        hours=rng.randint(8, 20), minutes=rng.randint(0, 59)
    )
    submitted = min(submitted, timezone.now() - datetime.timedelta(hours=2))
    first = "first_registration" in person.flags
    graduated = datetime.date(user.birth_date.year + 22, 7, 1)
    school = rng.choice(schools) if schools else None
    app = Application.objects.create(
        number=allocate_number(agency, plan.year),
        applicant=user,
        registration_year=plan.year,
        status=status,
        registration_kind=RegistrationKind.FIRST if first else RegistrationKind.PERIODIC,
        registration_ordinal=1 if first else 2,
        submitted_at=submitted,
        status_changed_at=submitted + datetime.timedelta(days=2),
        notice_starts_on=today - datetime.timedelta(days=3) if status == Status.PUBLIC_NOTICE else None,
        notice_ends_on=today + datetime.timedelta(days=4) if status == Status.PUBLIC_NOTICE else None,
        name=user.name,
        document_type=user.document_type,
        document_number=user.document_number,
        sex=user.sex,
        birth_date=user.birth_date,
        ethnic_group=user.ethnic_group,
        political_status=_pick(rng, "political_status"),
        household_registration=agency.region.name if agency.region else "",
        postal_address=f"{agency.region.name if agency.region else ''}育才路{rng.randint(1, 200)}号",
        postcode=f"{agency.region.code[:4] if agency.region else '1000'}{rng.randint(10, 99)}",
        phone=user.phone,
        certificate=cert,
        certificate_key=cert.number,
        mandarin_grade=_pick(rng, "mandarin_grade"),
        education_level=_pick(rng, "education_level"),
        major_category=_pick(rng, "major_category"),
        degree=_pick(rng, "degree"),
        study_form=_pick(rng, "study_form"),
        major=rng.choice(majors) if majors else None,
        graduation_school=school,
        graduation_school_name=school.name if school else "某师范大学",
        graduated_on=graduated,
        current_school=f"{agency.region.name if agency.region else ''}第{rng.randint(1, 60)}小学"[:60],
        school_nature=_pick(rng, "school_nature"),
        school_location=_pick(rng, "school_location"),
        started_work_on=datetime.date(graduated.year, 9, 1),
        employed_since=datetime.date(graduated.year + rng.randint(0, 6), 9, 1),
        teacher_title=_pick(rng, "teacher_title"),
        post_nature=_pick(rng, "post_nature"),
        current_stage=stage,
        current_subject=subject,
        agency=agency,
        confirmation_point=arrangement.point,
        window=window,
        arrangement=arrangement,
    )
    for document in (ConsentDocument.AGREEMENT, ConsentDocument.PLEDGE):
        ConsentRecord.objects.create(
            user=user, document=document, version=CONSENT_VERSION, accepted_at=submitted, application=app
        )
    moment = submitted
    for level, outcome in _review_path(status, plan.has_city_review):
        moment += datetime.timedelta(days=1)
        reasons, note = _REASONS.get(outcome, ([], ""))
        Decision.objects.create(
            application=app,
            level=level,
            outcome=outcome,
            reasons=reasons,
            note=note,
            decided_at=min(moment, timezone.now()),
            decided_by_organisation=arrangement.point if level == DecisionLevel.CONFIRMATION else agency,
        )
        if outcome == DecisionOutcome.RETURNED:
            Message.objects.create(application=app, author_organisation=arrangement.point, body=note)
    milestones.refresh(app)  # the statistics' stored moments, as the services keep them
    if status in {Status.QUALIFIED, Status.DEFERRED, Status.UNQUALIFIED, Status.REVOKED}:
        _record_conclusion(app, status, today)
    return app


def _record_conclusion(app: Application, status: Status, today: datetime.date) -> None:
    conclusion = {
        Status.QUALIFIED: Conclusion.QUALIFIED,
        Status.DEFERRED: Conclusion.DEFERRED,
        Status.UNQUALIFIED: Conclusion.UNQUALIFIED,
        Status.REVOKED: Conclusion.REVOKED,
    }[status]
    decided = today - datetime.timedelta(days=3)
    previous = app.certificate.registrations.filter(conclusion=Conclusion.QUALIFIED).order_by("-decided_on").first()
    record = RegistrationRecord(
        certificate=app.certificate,
        conclusion=conclusion,
        decided_on=decided,
        agency=app.agency,
        application_number=app.number,
        is_first_registration=previous is None,
    )
    if conclusion == Conclusion.QUALIFIED:
        # P18: five years from the later of the decision and the day after the last validity.
        start = decided
        if previous and previous.valid_until and previous.valid_until + datetime.timedelta(days=1) > start:
            start = previous.valid_until + datetime.timedelta(days=1)
        record.valid_from = start
        record.valid_until = add_years(start, 5) - datetime.timedelta(days=1)
        record.ordinal = (previous.ordinal or 0) + 1 if previous else 1
    record.save()
