"""The benchmark's organisation tree, plans, windows and staff (``bench_data``).

Everything here hangs off one province whose organisations are named with :data:`PREFIX`,
which is how ``--reset`` finds them again: every bench certificate names a bench agency as
its issuer and every bench application a bench agency, so the tree marks all bench rows.

One county (:attr:`BenchWorld.big_agency`) holds the applications the benchmark is about,
spread over its confirmation points unevenly, as real points are; four more counties in two
cities hold the background rows that make the tables larger than one agency's share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.management.base import CommandError

from teacherreg.accounts.models import StaffMembership, StaffRole, User, UserKind
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import QualificationType, Region, RegionLevel, Subject, SubjectTree, TeachingStage
from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
)

PREFIX = "基准·"
STAFF_PREFIX = "bench-"
# A fixed, obviously fake TOTP seed: the benchmark marks sessions verified itself, but the
# second-factor check needs a seed to fingerprint.
BENCH_TOTP_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Shares of the big agency's applications per confirmation point (a large urban point, a
# medium one, two small ones).
POINT_SHARES = (0.55, 0.25, 0.12, 0.08)
OTHER_COUNTIES = 4


@dataclass
class AgencySlot:
    """One bench county with its points and, per registration year, the window and the
    arrangement of each point."""

    agency: Organisation
    region_code: str  # six digits: the application numbers' middle part (P16)
    points: list[Organisation]
    arrangements: dict[int, list[ConfirmationArrangement]] = field(default_factory=dict)


@dataclass
class BenchStaff:
    operator: User  # 确认点工作人员 at the big agency's busiest point
    county_reviewer: User  # 初审 at the big agency
    province_reviewer: User  # 终审 at the bench province


@dataclass
class BenchWorld:
    province_region: Region
    province: Organisation
    big: AgencySlot
    others: list[AgencySlot]
    stages: list[TeachingStage]
    qualification_types: list[QualificationType]
    current_subjects: dict[int, list[Subject]]  # by teaching stage id
    today: datetime.date

    @property
    def big_agency(self) -> Organisation:
        return self.big.agency

    @property
    def busiest_point(self) -> Organisation:
        return self.big.points[0]

    @property
    def agencies(self) -> list[AgencySlot]:
        return [self.big, *self.others]


def bench_organisations():
    """Every organisation of the bench tree (all carry the prefix)."""
    return Organisation.objects.filter(name__startswith=PREFIX)


def _reference(today: datetime.date, province_code: str) -> tuple[Region, list[str]]:
    region = Region.objects.filter(code=province_code, level=RegionLevel.PROVINCE).order_by("-pk").first()
    if region is None:
        raise CommandError(f"没有省级行政区划 {province_code}：请先运行 manage.py load_reference。")
    # Real county codes of that province when the reference data has them; otherwise codes
    # made from the province's two digits, which are only ever used as numbers here.
    counties = list(
        Region.objects.filter(code__startswith=province_code[:2], level=RegionLevel.COUNTY, lookup_only=False)
        .exclude(code__endswith="00")
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()[: 1 + OTHER_COUNTIES]
    )
    while len(counties) < 1 + OTHER_COUNTIES:
        counties.append(f"{province_code[:2]}9{len(counties):02d}1")
    return region, counties


def _org(level: str, name: str, region: Region, parent: Organisation | None, **extra: str) -> Organisation:
    return Organisation.objects.create(level=level, name=PREFIX + name, region=region, parent=parent, **extra)


def _windows(slot: AgencySlot, plans: dict[int, ProvincialPlan], today: datetime.date) -> None:
    for year, plan in plans.items():
        batch = AgencyBatch.objects.create(plan=plan, agency=slot.agency, takes_part=True, is_open=year == today.year)
        if year == today.year:
            starts, ends = today - datetime.timedelta(days=14), today + datetime.timedelta(days=14)
        else:
            starts = datetime.date(year, 9, 15)
            ends = starts + datetime.timedelta(days=28)
        window = ApplicationWindow.objects.create(batch=batch, starts_on=starts, ends_on=ends)
        slot.arrangements[year] = [
            ConfirmationArrangement.objects.create(
                window=window,
                point=point,
                confirm_from=starts,
                confirm_until=ends + datetime.timedelta(days=10),
                is_published=True,
                notes="基准测试数据。",
            )
            for point in slot.points
        ]


def build_world(today: datetime.date, years: list[int], province_code: str) -> BenchWorld:
    """The tree, one published plan per year in ``years`` and a window per county and year."""
    region, county_codes = _reference(today, province_code)
    province = _org(OrgLevel.PROVINCE, f"{region.name}教育厅", region, None)
    cities = [_org(OrgLevel.CITY, f"第{n}市教育局", region, province) for n in (1, 2)]
    plans = {
        year: ProvincialPlan.objects.create(
            province=province,
            year=year,
            status=PlanStatus.PUBLISHED,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            review_levels=["county", "city", "province"],
        )
        for year in years
    }
    slots = []
    for n, code in enumerate(county_codes):
        parent = cities[0] if n <= OTHER_COUNTIES // 2 else cities[1]
        agency = _org(OrgLevel.COUNTY, f"{code}区教育和体育局", region, parent)
        shares = POINT_SHARES if n == 0 else (1.0,)
        points = [
            _org(
                OrgLevel.CONFIRMATION_POINT,
                f"{code}区确认点{p + 1}",
                region,
                agency,
                confirmation_scope="基准测试数据",
            )
            for p in range(len(shares))
        ]
        slot = AgencySlot(agency=agency, region_code=code, points=points)
        _windows(slot, plans, today)
        slots.append(slot)
    stages = list(TeachingStage.objects.order_by("sort_order", "code"))
    qualification_types = [
        q for q in QualificationType.objects.order_by("code") if q.usable_for_registration and q.code.isdigit()
    ]
    if not stages or not qualification_types:
        raise CommandError("没有学段或资格种类：请先运行 manage.py load_reference。")
    subjects: dict[int, list[Subject]] = {}
    for subject in Subject.objects.filter(tree=SubjectTree.CURRENT, is_selectable=True).order_by("sort_order"):
        if subject.stage_id is not None:
            subjects.setdefault(subject.stage_id, []).append(subject)
    return BenchWorld(region, province, slots[0], slots[1:], stages, qualification_types, subjects, today)


def build_staff(world: BenchWorld, password_hash: str) -> BenchStaff:
    """Three staff accounts with the roles the measured pages need (TOTP seed set, so a
    session can be marked as having passed the second factor)."""

    def member(username: str, name: str, organisation: Organisation, role: str) -> User:
        user = User(
            kind=UserKind.STAFF,
            username=STAFF_PREFIX + username,
            name=PREFIX + name,
            is_staff=True,
            password=password_hash,
            totp_secret=BENCH_TOTP_SEED,
        )
        user.save()
        StaffMembership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return BenchStaff(
        operator=member("operator", "确认点工作人员", world.busiest_point, StaffRole.CONFIRMATION_OPERATOR),
        county_reviewer=member("county", "初审人员", world.big_agency, StaffRole.COUNTY_REVIEWER),
        province_reviewer=member("province", "终审人员", world.province, StaffRole.PROVINCE_REVIEWER),
    )
