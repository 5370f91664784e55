"""Queries over the reference data (pure domain: no HTTP, no forms).

Pickers and validators go through these functions rather than raw querysets, because the
tables hold more than a picker may show: historical regions and lookup-only codes, inactive
code items, group nodes that cannot be chosen, and province-specific subjects.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common import ratelimit
from teacherreg.common.errors import DomainError
from teacherreg.common.ratelimit import Limit
from teacherreg.reference.models import (
    OVERSEAS_SCHOOL_TYPE,
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
# Graduation schools (manual §3.1.2 step 2 "新增学校"; issue 4 item 6)

SCHOOL_NAME_MIN, SCHOOL_NAME_MAX = 2, 100
SEARCH_LIMIT_MAX = 50
# An applicant who cannot find a school adds it; ten a day is far more than anyone needs and
# stops a script from filling the review queue.
PROPOSALS_PER_DAY = Limit("graduation-school-propose", 10, 24 * 3600)

# Code points a school name may hold, as explicit ranges (P5: never ``\w``): CJK Unified
# Ideographs with Extensions A–I and the compatibility block, ASCII letters and digits, the
# space and the punctuation that official names use.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EE5F), (0x30000, 0x323AF))
_NAME_PUNCTUATION = frozenset(" （）·-—–、.,'&/")
# NFKC folds full-width letters, digits and spaces; brackets are then put back in the full
# width that Chinese names print with, and the look-alike middle dots become U+00B7.
_FOLD = str.maketrans({"(": "（", ")": "）", "\u2022": "·", "\u30fb": "·", "\u2027": "·", "\u2e31": "·"})
# A space beside a Chinese character is a typing slip (北京 师范大学); between Latin words it is not.
_SPACE_BESIDE_WIDE = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")
_VISIBLE = (SchoolStatus.VERIFIED, SchoolStatus.PENDING)


def _is_cjk(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _CJK_RANGES)


def _allowed_in_name(char: str) -> bool:
    return _is_cjk(char) or (char.isascii() and char.isalnum()) or char in _NAME_PUNCTUATION


def normalise_school_name(text: str) -> str:
    """The form a school name is stored and compared in: ``（北京）``, not ``(北京)`` or ``（北京）``."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD)
    return _SPACE_BESIDE_WIDE.sub("", " ".join(text.split()))


def check_school_name(name: str) -> None:
    """Raise a DomainError unless ``name`` (already normalised) can be a school's full name."""
    if not name:
        raise DomainError("school_name_required")
    if not SCHOOL_NAME_MIN <= len(name) <= SCHOOL_NAME_MAX:
        raise DomainError("school_name_length", min=SCHOOL_NAME_MIN, max=SCHOOL_NAME_MAX, length=len(name))
    bad = [c for c in dict.fromkeys(name) if not _allowed_in_name(c)]
    if bad:
        shown = [c if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in bad[:5]]
        raise DomainError("school_name_bad_chars", chars="、".join(f"“{c}”" for c in shown))
    if not any(_is_cjk(c) or (c.isascii() and c.isalpha()) for c in name):
        raise DomainError("school_name_no_letters")


def visible_graduation_schools(user: AbstractBaseUser | AnonymousUser | None = None) -> QuerySet[GraduationSchool]:
    """What a picker offers ``user``: verified schools plus the ones they proposed that wait for
    review. Rejected and merged rows are never offered."""
    visible = Q(status=SchoolStatus.VERIFIED)
    if user is not None and user.is_authenticated:
        visible |= Q(status=SchoolStatus.PENDING, created_by=user)
    return GraduationSchool.objects.filter(visible)


def search_graduation_schools(
    query: str,
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    province: Region | None = None,
    limit: int = 20,
    schools: QuerySet[GraduationSchool] | None = None,
) -> list[GraduationSchool]:
    """Schools visible to ``user`` whose name contains ``query``, best matches first.

    The query is normalised like a stored name, so full-width letters and stray spaces still
    match. The exact name comes first, then names that begin with the query, then the rest;
    shorter names first within each group (湖南师范大学 before 湖南师范大学树达学院). With a
    province only its schools are listed, and an empty query then lists them all (up to
    ``limit``); an empty query without a province finds nothing. ``schools`` narrows the search
    to a caller's queryset (a form field's choices); rejected and merged rows stay out anyway.
    """
    term = normalise_school_name(query)[:SCHOOL_NAME_MAX]
    if not term and province is None:
        return []
    candidates = schools if schools is not None else visible_graduation_schools(user)
    candidates = candidates.filter(status__in=_VISIBLE)
    if province is not None:
        candidates = candidates.filter(province=province)
    if term:
        candidates = candidates.filter(name__icontains=term).annotate(
            rank=Case(When(name__iexact=term, then=0), When(name__istartswith=term, then=1), default=2)
        )
    else:
        candidates = candidates.annotate(rank=Value(0))
    limit = max(1, min(limit, SEARCH_LIMIT_MAX))
    ordered = candidates.select_related("province", "school_type").order_by("rank", Length("name"), "name", "pk")
    return list(ordered[:limit])


def _existing_school(name: str, province: Region | None, user: AbstractBaseUser) -> GraduationSchool | None:
    """The row a proposal of ``name`` should give back instead of a new one, if any.

    Same name (ignoring case), and the same province unless either side has none. A verified
    school or the user's own pending one is returned; a merged duplicate leads to the row it
    was merged into; a rejected name is refused (domain.md §9: the official system asks the
    applicant to correct it and add it again).
    """
    rows = GraduationSchool.objects.filter(name__iexact=name)
    if province is not None:
        rows = rows.filter(Q(province=province) | Q(province__isnull=True))
    rows = list(rows.select_related("merged_into").order_by("pk"))
    for row in rows:
        if row.status == SchoolStatus.VERIFIED or (row.status == SchoolStatus.PENDING and row.created_by_id == user.pk):
            return row
    for row in rows:
        if row.status == SchoolStatus.MERGED:
            target = row.merged_into
            while target.status == SchoolStatus.MERGED:  # merges of merges
                target = target.merged_into
            if visible_graduation_schools(user).filter(pk=target.pk).exists():
                return target
    if any(row.status == SchoolStatus.REJECTED for row in rows):
        raise DomainError("school_name_rejected")
    return None


def _check_school_type(school_type: CodeItem | None) -> CodeItem:
    if school_type is None:
        raise DomainError("school_type_required")
    if school_type.kind != CodeKind.SCHOOL_TYPE or not (school_type.is_active and school_type.is_selectable):
        raise DomainError("school_type_invalid")
    return school_type


def _check_province(province: Region | None, school_type: CodeItem) -> None:
    if province is None:
        if school_type.code != OVERSEAS_SCHOOL_TYPE:
            raise DomainError("school_province_required")
        return
    if not Region.objects.provinces().filter(pk=province.pk).exists():
        raise DomainError("school_province_invalid")


def propose_graduation_school(
    name: str,
    *,
    user: AbstractBaseUser,
    school_type: CodeItem | None,
    province: Region | None = None,
) -> GraduationSchool:
    """新增学校: record a school missing from the directory as pending.

    Guards: the name is normalised and checked (:func:`check_school_name`); 办学类型 is
    required; a province is required except for 境外学校. An existing school of the same name
    (see :func:`_existing_school`) is returned instead of a duplicate, and does not count
    against the limit of :data:`PROPOSALS_PER_DAY` new rows per user.
    Side effects: the new row is usable at once by ``user`` (see
    :func:`visible_graduation_schools`) and waits in the admin's review queue; the proposal
    is audited.
    """
    name = normalise_school_name(name)
    check_school_name(name)
    school_type = _check_school_type(school_type)
    _check_province(province, school_type)
    existing = _existing_school(name, province, user)
    if existing is not None:
        return existing
    # Counted outside the transaction below: a refusal raised inside it would roll the count back.
    decision = ratelimit.hit(PROPOSALS_PER_DAY, f"user:{user.pk}")
    if not decision.allowed:
        audit.record(
            "reference.school_proposed",
            actor=user,
            actor_role="applicant",
            object_type="reference.graduationschool",
            result=AuditResult.DENIED,
            data={"name": name, "refused": "school_propose_limit"},
        )
        hours = max(1, math.ceil(decision.retry_after / 3600))
        raise DomainError("school_propose_limit", limit=PROPOSALS_PER_DAY.limit, hours=hours)
    with transaction.atomic():
        # A double click sends two requests: the second waits here and then finds the first row.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        existing = _existing_school(name, province, user)
        if existing is not None:
            return existing
        school = GraduationSchool.objects.create(
            name=name, province=province, school_type=school_type, status=SchoolStatus.PENDING, created_by=user
        )
        audit.record(
            "reference.school_proposed",
            school,
            actor=user,
            actor_role="applicant",
            data={"name": name, "province": province.code if province else "", "school_type": school_type.code},
        )
    return school


def decide_graduation_schools(
    schools: QuerySet[GraduationSchool], status: str, *, actor: AbstractBaseUser | None = None, reason: str = ""
) -> int:
    """An administrator's verdict (核实通过 / 驳回) on schools; returns how many changed.

    Merged rows and rows already in ``status`` are left alone. A rejected school disappears
    from every picker; a form that still points at it asks the applicant to choose again.
    Each change is audited with the previous status (and ``reason`` when one is given).
    """
    if status not in (SchoolStatus.VERIFIED, SchoolStatus.REJECTED):
        raise ValueError(f"not a verdict: {status!r}")
    pks = list(schools.values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        changing = list(
            GraduationSchool.objects.select_for_update()
            .filter(pk__in=pks)
            .exclude(status__in=(status, SchoolStatus.MERGED))
            .order_by("pk")
        )
        for school in changing:
            previous = school.status
            school.status, school.decided_at = status, now
            school.decided_by = actor if getattr(actor, "pk", None) else None
            school.save(update_fields=["status", "decided_at", "decided_by"])
            audit.record(
                f"reference.school_{status}",
                school,
                actor=actor,
                actor_role="admin",
                data={"name": school.name, "from": previous, "to": status, **({"reason": reason} if reason else {})},
            )
    return len(changing)


SCHOOL_REASON_MAX_LENGTH = 500


def decide_school_proposal(
    school: GraduationSchool, status: str, *, actor: AbstractBaseUser, reason: str = ""
) -> GraduationSchool:
    """One proposed school decided from the office's review queue: 核实通过, or 驳回 with a reason.

    Guards (``DomainError``): a reason when rejecting (``school_reject_reason_required``), kept
    in the audit event for the next administrator; the school is still pending
    (``school_not_pending``), so a verdict sent from a stale page never overturns another
    reviewer's. Side effects: those of :func:`decide_graduation_schools`.
    """
    reason = (reason or "").strip()[:SCHOOL_REASON_MAX_LENGTH]
    if status == SchoolStatus.REJECTED and not reason:
        raise DomainError("school_reject_reason_required")
    with transaction.atomic():
        locked = GraduationSchool.objects.select_for_update().get(pk=school.pk)
        if locked.status != SchoolStatus.PENDING:
            raise DomainError("school_not_pending", status=locked.get_status_display())
        decide_graduation_schools(GraduationSchool.objects.filter(pk=locked.pk), status, actor=actor, reason=reason)
        locked.refresh_from_db()
    return locked


def school_references() -> list[models.ForeignKey]:
    """Every foreign key in the project that points at GraduationSchool, whatever app declares it.

    ``_meta.related_objects`` leaves out relations declared with ``related_name="+"`` (as
    registration.Application's is), so the hidden ones are asked for too. The through table of a
    many-to-many field is a model with such a key, so it is covered as well.
    """
    return [
        relation.field
        for relation in GraduationSchool._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
    ]


def merge_graduation_schools(
    keep: GraduationSchool, others: Iterable[GraduationSchool], *, actor: AbstractBaseUser | None
) -> dict[str, int]:
    """Fold duplicate schools into ``keep``; return how many references moved, per key.

    Guards: at least one other school; ``keep`` is neither rejected nor merged; no other is
    already merged. In one transaction every foreign key to the others (any app's, see
    :func:`school_references`) is re-pointed to ``keep``, the others become ``merged`` with
    ``merged_into`` set (so they leave every search), and a pending ``keep`` is verified: an
    administrator who merges into it has checked it, and the applicants whose records now
    point at it must be able to see it. Audited with the names and the counts. A key that
    cannot take the move (a one-to-one or unique row that would clash) aborts the whole merge.
    """
    other_pks = sorted({school.pk for school in others} - {keep.pk})
    if not other_pks:
        raise DomainError("school_merge_too_few")
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = {
                school.pk: school
                for school in GraduationSchool.objects.select_for_update().filter(pk__in=[keep.pk, *other_pks])
            }
            keep = locked[keep.pk]
            if keep.status in (SchoolStatus.REJECTED, SchoolStatus.MERGED):
                raise DomainError("school_merge_keep_unusable", name=keep.name)
            merged_before = [locked[pk].name for pk in other_pks if locked[pk].status == SchoolStatus.MERGED]
            if merged_before:
                raise DomainError("school_merge_already_merged", names="、".join(merged_before))
            moved: dict[str, int] = {}
            for field in school_references():
                model = field.model
                try:
                    with transaction.atomic():
                        count = model._base_manager.filter(**{f"{field.name}__in": other_pks}).update(
                            **{field.name: keep}
                        )
                except IntegrityError:
                    raise DomainError("school_merge_conflict", model=str(model._meta.verbose_name)) from None
                if count:
                    moved[f"{model._meta.label_lower}.{field.name}"] = count
            GraduationSchool.objects.filter(pk__in=other_pks).update(
                status=SchoolStatus.MERGED,
                merged_into=keep,
                decided_at=now,
                decided_by=actor if getattr(actor, "pk", None) else None,
            )
            if keep.status == SchoolStatus.PENDING:
                keep.status, keep.decided_at = SchoolStatus.VERIFIED, now
                keep.decided_by = actor if getattr(actor, "pk", None) else None
                keep.save(update_fields=["status", "decided_at", "decided_by"])
            audit.record(
                "reference.school_merged",
                keep,
                actor=actor,
                actor_role="admin",
                data={
                    "kept": keep.name,
                    "merged": [{"id": pk, "name": locked[pk].name} for pk in other_pks],
                    "references": moved,
                },
            )
    except IntegrityError:
        raise DomainError("school_merge_conflict", model=str(GraduationSchool._meta.verbose_name)) from None
    return moved


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


def working_day_counter(first: datetime.date, last: datetime.date) -> Callable[[datetime.date, datetime.date], int]:
    """:func:`working_days_between` for any two days within ``first``–``last``, reading the
    calendar once: a review queue shows a working-day clock on every row of a page."""
    exceptions = _exceptions(first, last)

    def count(start: datetime.date, end: datetime.date) -> int:
        if end <= start:
            return 0
        if start < first or end > last:
            raise ValueError("the days lie outside the counter's range")
        days = (start + datetime.timedelta(days=n) for n in range(1, (end - start).days + 1))
        return sum(_is_working(day, exceptions) for day in days)

    return count


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
