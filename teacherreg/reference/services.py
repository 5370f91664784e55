"""Queries over the reference data (pure domain: no HTTP, no forms).

Pickers and validators go through these functions rather than raw querysets, because the
tables hold more than a picker may show: historical regions and lookup-only codes, inactive
code items, group nodes that cannot be chosen, and province-specific subjects.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q, QuerySet

from teacherreg.reference.models import (
    CalendarDay,
    CalendarDayKind,
    CodeItem,
    CodeKind,
    GraduationSchool,
    Major,
    MajorCatalogue,
    QualificationType,
    Region,
    RegionLevel,
    SchoolStatus,
    Subject,
    SubjectTree,
    TeachingStage,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# ----------------------------------------------------------------------------------------
# Regions (GB/T 2260)


def provinces() -> QuerySet[Region]:
    """The 34 province-level divisions in use."""
    return Region.objects.provinces().order_by("code")


def cities_of(province: Region) -> list[Region]:
    """What a "市" picker offers under ``province`` (domain.md §3.1).

    A 直辖市 has no prefecture layer, so it is its own (only) city. Elsewhere the list holds
    the prefecture-level units and the 省直辖县 that stand as their own city.
    """
    if province.is_municipality:
        return [province]
    return list(
        Region.objects.current()
        .filter(parent=province)
        .filter(Q(level=RegionLevel.CITY) | Q(acts_as_city=True))
        .order_by("code")
    )


def counties_of(city: Region) -> list[Region]:
    """What a "区/县" picker offers under an entry of :func:`cities_of`.

    For a 直辖市 (standing as its own city) that is its districts and counties; a 省直辖县 is
    its own only county; a 地级市 without counties (东莞, 中山, 儋州, 嘉峪关) has none.
    """
    if city.acts_as_city:
        return [city]
    return list(Region.objects.current().filter(parent=city, level=RegionLevel.COUNTY).order_by("code"))


def children_of(region: Region) -> QuerySet[Region]:
    """The current divisions directly under ``region`` (no historical or lookup-only rows)."""
    return Region.objects.current().filter(parent=region).order_by("code")


def region_existed(code: str) -> bool:
    """True when ``code`` was a GB/T 2260 code in any period, grouping codes included.

    Identity numbers keep the address code of the place where the number was first issued,
    so a code abolished since (110228 密云县, until 2015) is still valid in a number.
    """
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return Region.objects.filter(code=code).exists()


# Address codes that appear in identity-type numbers without being GB/T 2260 divisions:
# 港澳台居民居住证 numbers begin with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan);
# the first two are also GB/T 2260 codes, Taiwan's residence permits do not use 710000.
RESIDENCE_PERMIT_ADDRESS_CODES = frozenset({"810000", "820000", "830000"})


def id_address_code_known(code: str) -> bool:
    """:func:`region_existed`, plus the address codes of 港澳台居民居住证 numbers."""
    return code in RESIDENCE_PERMIT_ADDRESS_CODES or region_existed(code)


def region_in_year(code: str, year: int) -> Region | None:
    """The division ``code`` named in ``year`` (its name then), or None."""
    periods = Region.objects.filter(code=code).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=year), Q(valid_until__isnull=True) | Q(valid_until__gte=year)
    )
    # Where two periods touch in a change-over year, the later one wins.
    return periods.order_by(F("valid_from").desc(nulls_last=True)).first()


# ----------------------------------------------------------------------------------------
# Code tables


def code_items(kind: str) -> QuerySet[CodeItem]:
    """Active items of one code table, in display order."""
    return CodeItem.objects.filter(kind=kind, is_active=True).order_by("sort_order", "code")


def _offered(items: Iterable[CodeItem], key: str, value: str) -> list[CodeItem]:
    # The lists are a handful of rows: filtering the JSON in Python works on every backend.
    return [item for item in items if value in item.extra.get(key, [])]


def education_levels_for(
    qualification_type: QualificationType, *, include_below_minimum: bool = False
) -> list[CodeItem]:
    """学历 values offered for a qualification type.

    By default only those meeting the statutory minimum (reference/data/codes/education_level.csv
    explains the rule). ``include_below_minimum`` offers every level, for holders of
    certificates from the 1996–2000 transitional certification, which had no such minimum.
    """
    levels = code_items(CodeKind.EDUCATION_LEVEL)
    if include_below_minimum:
        return list(levels)
    return _offered(levels, "qualification_types", qualification_type.code)


def degrees_for(qualification_type: QualificationType, education_level: CodeItem | None = None) -> list[CodeItem]:
    """学位 values offered: all four, narrowed to those an education level can carry."""
    degrees = list(code_items(CodeKind.DEGREE))
    if education_level is None:
        return degrees
    return _offered(degrees, "education_levels", education_level.code)


def majors_for(qualification_type: QualificationType, education_level: CodeItem) -> QuerySet[Major]:
    """所学专业 nodes offered for an education level (domain.md §6.1).

    The catalogue follows the education level: 本科 and 研究生 the undergraduate catalogue,
    专科 the higher-vocational one, 中师/幼师/中专 the secondary list, and 高中毕业及以下 only
    the single node 无. Our data does not narrow majors by qualification type; the parameter
    keeps the real system's signature so that a province rule can be added here.
    """
    catalogues = [
        catalogue
        for catalogue in education_level.extra.get("major_catalogues", [])
        if catalogue in MajorCatalogue.values
    ]
    return Major.objects.filter(catalogue__in=catalogues).order_by("catalogue", "sort_order")


def selectable_majors(majors: QuerySet[Major], search: str = "") -> QuerySet[Major]:
    """Leaves of a major tree, optionally those whose name contains ``search``."""
    majors = majors.filter(is_selectable=True).select_related("parent")
    return majors.filter(name__icontains=search.strip()) if search.strip() else majors


# ----------------------------------------------------------------------------------------
# Subjects


def _subjects(tree: str, province: Region | None, search: str) -> QuerySet[Subject]:
    subjects = Subject.objects.filter(tree=tree, is_active=True)
    # A row with a province applies only there; rows without one apply everywhere.
    subjects = (
        subjects.filter(Q(province__isnull=True) | Q(province=province))
        if province
        else subjects.filter(province__isnull=True)
    )
    if search.strip():
        # Searching by name returns choosable rows only, each with its parent for display.
        subjects = subjects.filter(name__icontains=search.strip(), is_selectable=True)
    return subjects.select_related("parent").order_by("sort_order", "code")


def certificate_subjects(
    qualification_type: QualificationType, province: Region | None = None, search: str = ""
) -> QuerySet[Subject]:
    """The certificate-subject tree of one qualification type, as issued in ``province``."""
    return _subjects(SubjectTree.CERTIFICATE, province, search).filter(qualification_type=qualification_type)


def current_subjects(stage: TeachingStage, province: Region | None = None, search: str = "") -> QuerySet[Subject]:
    """The current-subject tree of one teaching stage in ``province`` (empty for 幼儿园)."""
    return _subjects(SubjectTree.CURRENT, province, search).filter(stage=stage)


def usable_qualification_types() -> QuerySet[QualificationType]:
    """Qualification types a 中小学 periodic registration can be made for (not 高等学校)."""
    return QualificationType.objects.filter(usable_for_registration=True).order_by("code")


# ----------------------------------------------------------------------------------------
# Graduation schools


def search_graduation_schools(
    query: str,
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    province: Region | None = None,
    limit: int = 20,
) -> list[GraduationSchool]:
    """Verified schools whose name contains ``query``, plus the ones ``user`` proposed and an
    administrator has not yet checked. Rejected schools are never offered."""
    visible = Q(status=SchoolStatus.VERIFIED)
    if user is not None and user.is_authenticated:
        visible |= Q(status=SchoolStatus.PENDING, created_by=user)
    schools = GraduationSchool.objects.filter(visible)
    if query.strip():
        schools = schools.filter(name__icontains=query.strip())
    if province is not None:
        schools = schools.filter(province=province)
    return list(schools.select_related("province").order_by("name")[:limit])


def propose_graduation_school(name: str, *, user: AbstractBaseUser, province: Region | None = None) -> GraduationSchool:
    """Record a school missing from the list as pending; an administrator verifies it later.

    Guard: an existing verified school, or this user's own pending one, of the same name is
    returned instead of a duplicate.
    """
    name = " ".join(name.split())
    if not name:
        raise ValueError("a school needs a name")
    with transaction.atomic():
        existing = (
            GraduationSchool.objects.filter(name=name)
            .filter(Q(status=SchoolStatus.VERIFIED) | Q(status=SchoolStatus.PENDING, created_by=user))
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
        return GraduationSchool.objects.create(
            name=name, province=province, status=SchoolStatus.PENDING, created_by=user
        )


def decide_graduation_schools(schools: QuerySet[GraduationSchool], status: str) -> int:
    """An administrator's verdict on proposed schools; returns how many changed."""
    if status not in (SchoolStatus.VERIFIED, SchoolStatus.REJECTED):
        raise ValueError(f"not a verdict: {status!r}")
    return schools.exclude(status=status).update(status=status)


# ----------------------------------------------------------------------------------------
# Working days (decisions.md P10)


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def _is_working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == CalendarDayKind.HOLIDAY:
        return False
    if kind == CalendarDayKind.WORKDAY:
        return True
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    """Monday–Friday, unless a holiday; a weekend day only when it is a make-up working day."""
    return _is_working(day, _exceptions(day, day))


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``).

    Counting from the day after, as a "within N working days" clock does:
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    total = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        total += _is_working(day, exceptions)
        day += datetime.timedelta(days=1)
    return total


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself for 0)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, remaining = start, days
    # Read the calendar in windows; a holiday week or two never needs more than one more.
    window_end = start + datetime.timedelta(days=days * 2 + 21)
    exceptions = _exceptions(start, window_end)
    while remaining:
        day += datetime.timedelta(days=1)
        if day > window_end:
            window_end = day + datetime.timedelta(days=days * 2 + 21)
            exceptions = _exceptions(day, window_end)
        remaining -= _is_working(day, exceptions)
    return day
