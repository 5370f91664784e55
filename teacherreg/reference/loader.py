"""Apply the versioned reference files to the database (``manage.py load_reference``).

:func:`load_reference` is the one entry point: the management command, test fixtures and the
demo loader call it. It runs in one transaction, upserts every table on its natural key and
never deletes anything, so running it twice changes nothing and a failed run leaves the
database as it was. Administrators' own changes survive where the data says they should:
``is_active`` flags, a graduation school's status and calendar days no longer provisional.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from teacherreg.reference import datafiles
from teacherreg.reference.datafiles import DATA_DIR, ReferenceDataError, Row
from teacherreg.reference.models import (
    CalendarDay,
    CalendarDayKind,
    CertifyingLevel,
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
from teacherreg.reference.sync import Counts, Spec, sync

TABLES = (
    "teaching stages",
    "qualification types",
    "regions",
    "code items",
    "certificate subjects",
    "current subjects",
    "majors",
    "graduation schools",
    "calendar days",
)


def load_reference(
    *,
    verbosity: int = 0,
    stdout: TextIO | None = None,
    data_dir: Path = DATA_DIR,
    only: Iterable[str] | None = None,
) -> dict[str, Counts]:
    """Load the reference files; return the counts per table, in load order.

    ``only`` restricts the run to some of :data:`TABLES` (tests that need just the calendar);
    a table's dependencies (stages before qualification types, regions before subjects …) must
    then already be loaded.
    """
    wanted = set(TABLES if only is None else only)
    unknown = wanted - set(TABLES)
    if unknown:
        raise ValueError(f"unknown reference tables: {', '.join(sorted(unknown))}")
    loaders = {
        "teaching stages": _load_stages,
        "qualification types": _load_qualification_types,
        "regions": _load_regions,
        "code items": _load_code_items,
        "certificate subjects": lambda directory: _load_subjects(directory, SubjectTree.CERTIFICATE),
        "current subjects": lambda directory: _load_subjects(directory, SubjectTree.CURRENT),
        "majors": _load_majors,
        "graduation schools": _load_schools,
        "calendar days": _load_calendar,
    }
    started = time.monotonic()
    results: dict[str, Counts] = {}
    with transaction.atomic():
        for table in TABLES:
            if table in wanted:
                results[table] = loaders[table](data_dir)
    if verbosity and stdout is not None:
        for table, counts in results.items():
            stdout.write(f"{table:>22}: {counts}\n")
        stdout.write(f"reference data loaded in {time.monotonic() - started:.2f} s\n")
    return results


def _choice(row: Row, column: str, choices: Any) -> str:
    value = row[column]
    try:
        return choices(value).value
    except ValueError:
        raise row.error(f"{column} {value!r} is not one of {', '.join(choices.values)}") from None


def _selectable(row: Row, has_children: bool) -> bool:
    """Blank means: selectable unless the node has children."""
    return row.flag("is_selectable", default=not has_children)


def _parents(rows: list[Row]) -> set[str]:
    return {row.get("parent_code") for row in rows if row.get("parent_code")}


def _load_stages(data_dir: Path) -> Counts:
    rows = [
        {"code": row["code"], "name": row["name"], "name_en": row.get("name_en"), "sort_order": position}
        for position, row in enumerate(datafiles.read(data_dir / "teaching_stages.csv"), start=1)
    ]
    return sync(Spec(TeachingStage, key=("code",), fields=("name", "name_en", "sort_order")), rows)


def _load_qualification_types(data_dir: Path) -> Counts:
    stages = dict(TeachingStage.objects.values_list("code", "pk"))
    rows = []
    for row in datafiles.read(data_dir / "qualification_types.csv"):
        stage = row.get("stage")
        if stage and stage not in stages:
            raise row.error(f"unknown teaching stage {stage!r}")
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "name_en": row.get("name_en"),
                "certifying_level": _choice(row, "certifying_level", CertifyingLevel),
                "stage_id": stages.get(stage) if stage else None,
                "usable_for_registration": row.flag("usable_for_registration", default=True),
            }
        )
    fields = ("name", "name_en", "certifying_level", "stage_id", "usable_for_registration")
    return sync(Spec(QualificationType, key=("code",), fields=fields), rows)


def _region_rank(values: dict[str, Any]) -> tuple:
    """Which row a parent code means when the code had several periods: the current one."""
    current = values["valid_until"] is None and not values["lookup_only"]
    return (current, not values["lookup_only"], values["valid_until"] or 9999, values["valid_from"] or 0)


def _load_regions(data_dir: Path) -> Counts:
    rows = []
    for row in datafiles.read(data_dir / "regions.csv"):
        code = row["code"]
        if len(code) != 6 or not code.isdigit():
            raise row.error(f"region code {code!r} is not six digits")
        rows.append(
            {
                "code": code,
                "valid_from": row.year("valid_from"),
                "name": row["name"],
                "name_en": row.get("name_en"),
                "level": _choice(row, "level", RegionLevel),
                "kind": row.get("kind"),
                "is_municipality": row.flag("is_municipality"),
                "acts_as_city": row.flag("acts_as_city"),
                "valid_until": row.year("valid_until"),
                "lookup_only": row.flag("lookup_only"),
                "_parent": row.get("parent_code") or None,
            }
        )
    spec = Spec(
        Region,
        key=("code", "valid_from"),
        fields=(
            "name",
            "name_en",
            "level",
            "kind",
            "is_municipality",
            "acts_as_city",
            "valid_until",
            "lookup_only",
        ),
        tree=True,
        ref=lambda values: values["code"],
        prefer=_region_rank,
    )
    return sync(spec, rows)


def _load_code_items(data_dir: Path) -> Counts:
    rows = []
    for path in sorted((data_dir / "codes").glob("*.csv")):
        kind = path.stem
        if kind not in CodeKind.values:
            raise ReferenceDataError(f"{path.name}: {kind!r} is not a CodeKind")
        file_rows = datafiles.read(path)
        parents = _parents(file_rows)
        for position, row in enumerate(file_rows, start=1):
            rows.append(
                {
                    "kind": kind,
                    "code": row["code"],
                    "name": row["name"],
                    "name_en": row.get("name_en"),
                    "standard_code": row.get("standard_code"),
                    "sort_order": position,
                    "is_selectable": _selectable(row, row["code"] in parents),
                    "extra": row.extra(),
                    "is_active": True,
                    "_parent": (kind, row.get("parent_code")) if row.get("parent_code") else None,
                }
            )
    spec = Spec(
        CodeItem,
        key=("kind", "code"),
        fields=("name", "name_en", "standard_code", "sort_order", "is_selectable", "extra"),
        create_only=("is_active",),
        tree=True,
    )
    return sync(spec, rows)


def _province_ids() -> dict[str, int]:
    return dict(Region.objects.provinces().values_list("code", "pk"))


def _load_subjects(data_dir: Path, tree: str) -> Counts:
    path = data_dir / f"subjects_{tree}.csv"
    file_rows = datafiles.read(path)
    parents = _parents(file_rows)
    qualification_types = dict(QualificationType.objects.values_list("code", "pk"))
    stages = dict(TeachingStage.objects.values_list("code", "pk"))
    provinces = _province_ids()
    rows = []
    for position, row in enumerate(file_rows, start=1):
        qualification_type = row.get("qualification_type")
        stage = row.get("stage")
        province = row.get("province")
        if qualification_type and qualification_type not in qualification_types:
            raise row.error(f"unknown qualification type {qualification_type!r}")
        if stage and stage not in stages:
            raise row.error(f"unknown teaching stage {stage!r}")
        if province and province not in provinces:
            raise row.error(f"{province!r} is not a current province code")
        rows.append(
            {
                "tree": tree,
                "code": row["code"],
                "name": row["name"],
                "name_en": row.get("name_en"),
                "qualification_type_id": qualification_types.get(qualification_type),
                "stage_id": stages.get(stage),
                "province_id": provinces.get(province),
                "legacy_code": row.get("legacy_code"),
                "is_historic": row.flag("is_historic"),
                "is_selectable": _selectable(row, row["code"] in parents),
                "sort_order": position,
                "is_active": True,
                "_parent": (tree, row.get("parent_code")) if row.get("parent_code") else None,
            }
        )
    spec = Spec(
        Subject,
        key=("tree", "code"),
        fields=(
            "name",
            "name_en",
            "qualification_type_id",
            "stage_id",
            "province_id",
            "legacy_code",
            "is_historic",
            "is_selectable",
            "sort_order",
        ),
        create_only=("is_active",),
        tree=True,
    )
    return sync(spec, rows)


def _load_majors(data_dir: Path) -> Counts:
    file_rows = datafiles.read(data_dir / "majors.csv")
    parents = {(row["catalogue"], row.get("parent_code")) for row in file_rows if row.get("parent_code")}
    rows = []
    for position, row in enumerate(file_rows, start=1):
        catalogue = _choice(row, "catalogue", MajorCatalogue)
        rows.append(
            {
                "catalogue": catalogue,
                "code": row["code"],
                "name": row["name"],
                "name_en": row.get("name_en"),
                "is_teaching_related": row.flag("is_teaching_related"),
                "is_selectable": _selectable(row, (catalogue, row["code"]) in parents),
                "sort_order": position,
                "_parent": (catalogue, row.get("parent_code")) if row.get("parent_code") else None,
            }
        )
    spec = Spec(
        Major,
        key=("catalogue", "code"),
        fields=("name", "name_en", "is_teaching_related", "is_selectable", "sort_order"),
        tree=True,
    )
    return sync(spec, rows)


def _load_schools(data_dir: Path) -> Counts:
    provinces = _province_ids()
    school_types = dict(CodeItem.objects.filter(kind=CodeKind.SCHOOL_TYPE).values_list("code", "pk"))
    rows = []
    for row in datafiles.read(data_dir / "graduation_schools.csv"):
        province, school_type = row.get("province"), row.get("school_type")
        if province and province not in provinces:
            raise row.error(f"{province!r} is not a current province code")
        if school_type and school_type not in school_types:
            raise row.error(f"unknown school type {school_type!r}")
        rows.append(
            {
                "name": row["name"],
                "province_id": provinces.get(province),
                "school_type_id": school_types.get(school_type),
                "status": SchoolStatus.VERIFIED,
            }
        )
    # Seeded rows are the ones nobody proposed; an applicant's pending row of the same name is
    # a different row. A reload never touches the status an administrator gave a school.
    spec = Spec(
        GraduationSchool,
        key=("name",),
        fields=("province_id", "school_type_id"),
        create_only=("status",),
        queryset=GraduationSchool.objects.filter(created_by__isnull=True).order_by("pk"),
    )
    return sync(spec, rows)


def _load_calendar(data_dir: Path) -> Counts:
    rows = []
    for row in datafiles.read(data_dir / "calendar.csv"):
        try:
            day = datetime.date.fromisoformat(row["date"])
        except ValueError:
            raise row.error(f"{row['date']!r} is not a date") from None
        kind = _choice(row, "kind", CalendarDayKind)
        if kind == CalendarDayKind.WORKDAY and day.weekday() < 5:
            raise row.error("a make-up working day must fall on a Saturday or Sunday")
        rows.append({"date": day, "kind": kind, "name": row.get("name"), "is_provisional": row.flag("provisional")})
    spec = Spec(
        CalendarDay,
        key=("date",),
        fields=("kind", "name", "is_provisional"),
        # An administrator who entered the announced arrangement has the last word.
        keep=lambda obj, row: row["is_provisional"] and not obj.is_provisional,
    )
    return sync(spec, rows)
