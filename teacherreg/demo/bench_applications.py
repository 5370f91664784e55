"""Benchmark applications with mixed statuses, the decisions behind them and the register's
conclusions (``bench_data``).

The big agency's applications fall in this year and last year (P16 numbers stop at 99,999 a
year, so a 100k agency needs two years anyway); the background applications of the other
counties belong to the previous five-year cycle and are concluded. Each person applies once
per registration year, which the database's one-live-application constraints require.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.dates import add_years, start_of_day
from teacherreg.demo.applications import _review_path
from teacherreg.demo.bench_people import CHUNK, Holder
from teacherreg.demo.bench_world import POINT_SHARES, AgencySlot, BenchWorld
from teacherreg.demo.bench_writer import Timings, insert
from teacherreg.registration.models import (
    Application,
    ApplicationCounter,
    ConfirmationArrangement,
    Decision,
    DecisionLevel,
    RegistrationKind,
)
from teacherreg.registration.services import milestones
from teacherreg.registration.services.numbering import SEQUENCE_DIGITS
from teacherreg.registration.workflow import Status

S = Status
MAX_PER_YEAR = 10**SEQUENCE_DIGITS - 1
# This year's mix at the big agency, in per mille: mostly waiting for the point or in review.
CURRENT_MIX = (
    (S.SUBMITTED, 300),
    (S.RETURNED, 30),
    (S.CONFIRMED, 100),
    (S.COUNTY_REVIEW, 100),
    (S.CITY_REVIEW, 50),
    (S.PROVINCE_REVIEW, 50),
    (S.PUBLIC_NOTICE, 40),
    (S.QUALIFIED, 200),
    (S.DEFERRED, 20),
    (S.UNQUALIFIED, 10),
    (S.REVOKED, 5),
    (S.WITHDRAWN, 40),
    (S.LAPSED, 55),
)
# Earlier years: concluded, withdrawn or lapsed.
PAST_MIX = ((S.QUALIFIED, 850), (S.DEFERRED, 50), (S.UNQUALIFIED, 20), (S.WITHDRAWN, 40), (S.LAPSED, 40))
CONCLUSION_OF = {
    S.QUALIFIED: Conclusion.QUALIFIED,
    S.DEFERRED: Conclusion.DEFERRED,
    S.UNQUALIFIED: Conclusion.UNQUALIFIED,
    S.REVOKED: Conclusion.REVOKED,
}
WARNINGS = ("precheck_training_short", "precheck_training_level_short", "precheck_assessment_failed_consecutive")


@dataclass(frozen=True)
class Placement:
    """Where and when one application belongs."""

    holder: Holder
    slot: AgencySlot
    year: int
    sequence: int
    mix: tuple[tuple[Status, int], ...]


def _status(rng: random.Random, mix: tuple[tuple[Status, int], ...]) -> Status:
    roll = rng.randrange(1000)
    for status, share in mix:
        if roll < share:
            return status
        roll -= share
    return mix[0][0]


def _point(rng: random.Random, slot: AgencySlot, year: int) -> ConfirmationArrangement:
    arrangements = slot.arrangements[year]
    if len(arrangements) == 1:
        return arrangements[0]
    return rng.choices(arrangements, weights=POINT_SHARES[: len(arrangements)])[0]


def placements(world: BenchWorld, holders: list[Holder], big: int, others: int) -> Iterator[Placement]:
    """The big agency's ``big`` applications (this year first, up to 80 % and 99,999; the
    rest last year), then ``others`` of the previous cycle spread over the other counties."""
    year = world.today.year
    this_year = min(MAX_PER_YEAR, big - big // 5)
    counters: dict[tuple[int, int], int] = {}

    def place(holder: Holder, slot: AgencySlot, year: int, mix: tuple) -> Placement:
        key = (slot.agency.pk, year)
        counters[key] = counters.get(key, 0) + 1
        return Placement(holder, slot, year, counters[key], mix)

    for n in range(big):
        current = n < this_year
        yield place(holders[n], world.big, year if current else year - 1, CURRENT_MIX if current else PAST_MIX)
    for n in range(others):
        yield place(holders[n], world.others[n % len(world.others)], year - 5, PAST_MIX)


def _application(rng: random.Random, world: BenchWorld, p: Placement, now: datetime.datetime) -> Application:
    status = _status(rng, p.mix)
    arrangement = _point(rng, p.slot, p.year)
    window = arrangement.window
    days = max((min(window.ends_on, world.today) - window.starts_on).days, 0)
    submitted = start_of_day(window.starts_on + datetime.timedelta(days=rng.randint(0, days))) + datetime.timedelta(
        minutes=rng.randint(8 * 60, 22 * 60)
    )
    submitted = min(submitted, now - datetime.timedelta(hours=1))
    holder = p.holder
    stage_id = holder.stage_id or world.stages[0].pk
    subjects = world.current_subjects.get(stage_id, [])
    notice = status == S.PUBLIC_NOTICE
    graduated = datetime.date(holder.birth.year + 22, 7, 1)
    findings = [{"code": rng.choice(WARNINGS), "severity": "warning", "params": {}}] if rng.random() < 0.1 else []
    return Application(
        number=f"{p.year:04d}{p.slot.region_code}{p.sequence:0{SEQUENCE_DIGITS}d}",
        applicant_id=holder.user_id,
        registration_year=p.year,
        status=status,
        idempotency_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        registration_kind=RegistrationKind.PERIODIC,
        registration_ordinal=2,
        submitted_at=submitted,
        status_changed_at=min(submitted + datetime.timedelta(days=rng.randint(0, 9)), now),
        notice_starts_on=world.today - datetime.timedelta(days=2) if notice else None,
        notice_ends_on=world.today + datetime.timedelta(days=5) if notice else None,
        precheck_findings=findings,
        name=holder.name,
        document_type=DocumentType.ID_CARD,
        document_number=holder.document_number,
        sex=Sex.MALE if holder.male else Sex.FEMALE,
        birth_date=holder.birth,
        household_registration=world.province_region.name,
        postal_address=f"{world.province_region.name}育才路{rng.randint(1, 300)}号",
        postcode=f"{p.slot.region_code[:4]}{rng.randint(10, 99)}",
        phone=holder.phone,
        certificate_id=holder.certificate_id,
        certificate_key=holder.certificate_number,
        graduation_school_name="某师范大学",
        graduated_on=graduated,
        current_school=f"第{rng.randint(1, 80)}小学",
        started_work_on=datetime.date(graduated.year, 9, 1),
        employed_since=datetime.date(graduated.year + rng.randint(0, 6), 9, 1),
        current_stage_id=stage_id,
        current_subject=rng.choice(subjects) if subjects else None,
        agency=p.slot.agency,
        confirmation_point=arrangement.point,
        window=window,
        arrangement=arrangement,
    )


def _decisions(app: Application, point_id: int, now: datetime.datetime) -> list[Decision]:
    rows = []
    moment = app.submitted_at
    # The same review chains the demo uses (county proposal, city, province; undo never).
    for level, outcome in _review_path(Status(app.status), has_city=True):
        moment += datetime.timedelta(days=1)
        rows.append(
            Decision(
                application=app,
                level=level,
                outcome=outcome,
                decided_at=min(moment, now),
                decided_by_organisation_id=point_id if level == DecisionLevel.CONFIRMATION else app.agency_id,
            )
        )
    return rows


def _record(app: Application) -> RegistrationRecord | None:
    conclusion = CONCLUSION_OF.get(Status(app.status))
    if conclusion is None:
        return None
    decided = app.status_changed_at.date()
    record = RegistrationRecord(
        certificate_id=app.certificate_id,
        conclusion=conclusion,
        decided_on=decided,
        agency_id=app.agency_id,
        application_number=app.number,
    )
    if conclusion == Conclusion.QUALIFIED:
        record.ordinal = 1
        record.valid_from = decided
        record.valid_until = add_years(decided, 5) - datetime.timedelta(days=1)
    return record


def build_applications(
    world: BenchWorld, holders: list[Holder], big: int, others: int, timings: Timings, seed: int = 16
) -> dict[str, int]:
    """Insert the applications, their decisions and the conclusions; returns status counts."""
    rng = random.Random(seed)
    now = timezone.now()
    counts: dict[str, int] = {}
    pending: list[Placement] = []
    last: dict[tuple[int, int], int] = {}

    def flush() -> None:
        apps = [_application(rng, world, p, now) for p in pending]
        for app in apps:
            # The statistics' stored moments, as the services keep them for a live case (the
            # decisions are built again below, once the applications have their keys).
            milestones.fill(app, _decisions(app, app.confirmation_point_id, now))
        insert(Application, apps, timings)
        decisions = [d for app in apps for d in _decisions(app, app.confirmation_point_id, now)]
        insert(Decision, decisions, timings)
        insert(RegistrationRecord, [r for r in map(_record, apps) if r is not None], timings)
        for app in apps:
            counts[app.status] = counts.get(app.status, 0) + 1
        pending.clear()

    for placement in placements(world, holders, big, others):
        pending.append(placement)
        last[(placement.slot.agency.pk, placement.year)] = placement.sequence
        if len(pending) >= CHUNK:
            flush()
    flush()
    # P16: a real submission at a bench agency continues after the bench's numbers.
    ApplicationCounter.objects.bulk_create(
        [ApplicationCounter(agency_id=agency, year=year, last_value=value) for (agency, year), value in last.items()]
    )
    return counts
