"""Statistics over a set of applications (issue 6 item 8).

Every function takes a queryset of applications — the office passes the member's scope,
already narrowed to a registration year and perhaps an agency or a point — and answers with
small, plain values. The counting is done by the database (GROUP BY), so the work in Python
is proportional to the number of groups, never to the number of applications. The one
exception is the pre-check findings: they are a JSON list per application, and grouping
inside JSON arrays is written differently on SQLite and PostgreSQL, so the database hands
over each distinct findings list of the applications that have any, with how many carry it,
and Python counts the codes.

Days are Asia/Shanghai calendar days: a case submitted at 23:50 and confirmed at 08:00 the
next morning took one day; confirmed the same day, zero. Undone decisions (P15) never count:
the two moments measured are kept on the application from the decisions in force
(``registration.services.milestones``), so that every count here reads an index
(``application_statistics``; the findings ``application_with_findings``) instead of the whole
table or each case's decisions.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, QuerySet
from django.db.models.functions import TruncDate

from teacherreg.common.messages import MESSAGES
from teacherreg.reference.models import Subject, TeachingStage
from teacherreg.registration.models import Application
from teacherreg.registration.services.findings import SEVERITY_ORDER, Finding
from teacherreg.registration.workflow import Status, applicant_view

# Every count is COUNT(*), not of the primary key: the key is not in the statistics index, and
# naming it would send PostgreSQL from the index to the table for each row.
EVERY = Count("*")
# Reading pre-check findings: distinct lists fetched from the database at a time.
FINDINGS_CHUNK = 2000
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


@dataclass(frozen=True)
class StatusCount:
    status: str  # the internal value, e.g. "county_review"
    label: str  # 初审中
    applicant_label: str  # what the applicant sees: 待注册审批
    count: int


@dataclass(frozen=True)
class LabelCount:
    label: str
    count: int


@dataclass(frozen=True)
class DayCount:
    day: datetime.date
    count: int


@dataclass(frozen=True)
class StageSubjectCount:
    stage: str
    subject: str  # "" when the applicant's stage has no subject
    count: int


@dataclass(frozen=True)
class FindingCount:
    code: str
    severity: str
    text: str  # the catalogue's sentence, its particulars left out ("…")
    applications: int  # how many applications carry it (once each, however often listed)


@dataclass(frozen=True)
class Findings:
    applications: int  # applications with at least one finding
    codes: tuple[FindingCount, ...]  # most frequent first


@dataclass(frozen=True)
class Durations:
    """How long cases took, in whole days: how many, the median, the 90th percentile and the
    distribution (days → cases) that both are read from."""

    cases: int
    median: float | None
    p90: float | None
    histogram: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Statistics:
    total: int
    statuses: tuple[StatusCount, ...]
    applicant_statuses: tuple[LabelCount, ...]
    days: tuple[DayCount, ...]
    stage_subjects: tuple[StageSubjectCount, ...]
    stages: tuple[LabelCount, ...]
    subjects: tuple[LabelCount, ...]
    findings: Findings
    to_confirmation: Durations
    to_decision: Durations


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def distinct_cases(applications: QuerySet[Application]) -> QuerySet[Application]:
    """The same applications as a plain queryset: each once, without ordering.

    A queryset that joins or uses DISTINCT could count a case twice when grouped, so it is
    wrapped as a primary-key subquery. One that reads the application table alone (the office
    scope does, ``office.scope``) is used as it is: the wrapping doubled the cost of every
    count (bench: 100 → 280 ms for one agency's 100k cases). Only the joins the SQL uses
    count: building a filter can leave unused ones behind (the scope's ``confirmation_point``
    / ``agency`` lookups do), and taking those for real ones wrapped the scope after all.
    """
    query = applications.query
    joins = [alias for alias, count in query.alias_refcount.items() if count and alias != query.base_table]
    if not query.distinct and not joins:
        return applications.order_by()
    return Application.objects.filter(pk__in=applications.order_by().values("pk")).order_by()


# --- counts ------------------------------------------------------------------------------------


def totals(rows: Iterable[tuple[str, int]]) -> tuple[LabelCount, ...]:
    """Sum counts per label, keeping the order in which labels first occur."""
    summed: dict[str, int] = {}
    for label, count in rows:
        summed[label] = summed.get(label, 0) + count
    return tuple(LabelCount(label, count) for label, count in summed.items())


def by_status(applications: QuerySet[Application]) -> tuple[StatusCount, ...]:
    """Every status in the state machine's order, with its count (0 included): one query."""
    counted = dict(distinct_cases(applications).values_list("status").annotate(n=EVERY).order_by())
    return tuple(
        StatusCount(status.value, str(status.label), applicant_view(status).label, counted.get(status.value, 0))
        for status in Status
    )


def by_applicant_status(statuses: Iterable[StatusCount]) -> tuple[LabelCount, ...]:
    """The same counts under the labels applicants see (P15), in the order they first occur."""
    return totals((row.applicant_label, row.count) for row in statuses)


def by_submission_day(applications: QuerySet[Application]) -> tuple[DayCount, ...]:
    """Applications per Asia/Shanghai submission day, from the first to the last such day;
    days without any submission are listed with 0 so a chart's axis keeps its scale."""
    rows = (
        distinct_cases(applications)
        .annotate(day=TruncDate("submitted_at", tzinfo=_local_zone()))
        .values_list("day")
        .annotate(n=EVERY)
        .order_by("day")
    )
    counted = {_as_date(day): n for day, n in rows}
    if not counted:
        return ()
    first, last = min(counted), max(counted)
    span = (last - first).days + 1
    return tuple(
        DayCount(day, counted.get(day, 0)) for day in (first + datetime.timedelta(days=i) for i in range(span))
    )


def _as_date(value: datetime.date | str) -> datetime.date:
    # SQLite hands TruncDate back as a date already; a text value is still ISO.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def by_stage_and_subject(applications: QuerySet[Application]) -> tuple[StageSubjectCount, ...]:
    """Applications per current teaching stage and subject (by the names staff read), in the
    reference tables' order; a stage without a subject comes last within its stage.

    The cases are counted by the stage's and subject's keys, which the statistics index holds;
    the few groups are then named from the two small reference tables (two more queries).
    Joining those tables to every case instead doubled the cost of this count (bench/scale.py).
    Groups whose names are the same (one subject name under two trees) are one row, as staff
    read them.
    """
    rows = list(distinct_cases(applications).values_list("current_stage", "current_subject").annotate(n=EVERY))
    stages = _names(TeachingStage.objects.filter(pk__in={stage for stage, _subject, _n in rows}))
    subjects = _names(Subject.objects.filter(pk__in={subject for _stage, subject, _n in rows if subject}))
    # (stage name, subject name or None) → [count, stage order, subject order]: the lowest
    # orders of the groups merged, as MIN() over the joined rows gave them.
    merged: dict[tuple[str, str | None], list] = {}
    for stage, subject, n in rows:
        stage_name, stage_order = stages[stage]
        subject_name, subject_order = subjects[subject] if subject else (None, None)
        entry = merged.setdefault((stage_name, subject_name), [0, stage_order, subject_order])
        entry[0] += n
        entry[1] = min(entry[1], stage_order)
        entry[2] = subject_order if entry[2] is None else min(entry[2], subject_order)

    def order(item: tuple) -> tuple:
        (stage, subject), (_n, stage_order, subject_order) = item
        return (stage_order or 0, stage or "", subject is None, subject_order or 0, subject or "")

    return tuple(
        StageSubjectCount(stage or "", subject or "", n)
        for (stage, subject), (n, *_orders) in sorted(merged.items(), key=order)
    )


def _names(rows: QuerySet) -> dict[int, tuple[str, int]]:
    return {pk: (name, sort_order) for pk, name, sort_order in rows.values_list("pk", "name", "sort_order")}


def findings_text(code: str, severity: str) -> str:
    """The catalogue's sentence for ``code`` with its particulars (years, hours, names) shown
    as "…": a count stands for many applications, and none of their details belongs here."""
    template = str(MESSAGES.get(code, ""))
    params = {name: "…" for name in _PLACEHOLDER.findall(template)}
    return Finding(code, severity, params).message


def by_finding(applications: QuerySet[Application]) -> Findings:
    """How many applications carry any pre-check finding, and each one, most frequent first.

    One query reads only the findings of the applications that have any (a partial index,
    ``application_with_findings``, finds them), each distinct list once with how many cases
    carry it: many cases carry the very same list, and decoding and sifting each case's own
    copy was most of this count's time. An application listing a code twice counts once for it.
    """
    lists = (
        distinct_cases(applications)
        .exclude(precheck_findings=[])
        .values_list("precheck_findings")
        .annotate(n=EVERY)
        .iterator(chunk_size=FINDINGS_CHUNK)
    )
    counted: Counter[tuple[str, str]] = Counter()
    flagged = 0
    for findings, n in lists:
        seen = {
            (str(item.get("code", "")), str(item.get("severity", "")))
            for item in findings or ()
            if isinstance(item, dict) and item.get("code")
        }
        for key in seen:
            counted[key] += n
        flagged += n if seen else 0

    def order(entry: tuple[tuple[str, str], int]) -> tuple:
        (code, severity), n = entry
        rank = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)
        return (-n, rank, code)

    codes = tuple(
        FindingCount(code, severity, findings_text(code, severity), n)
        for (code, severity), n in sorted(counted.items(), key=order)
    )
    return Findings(flagged, codes)


# --- durations ---------------------------------------------------------------------------------


def _histogram(applications: QuerySet[Application], reached_at: str) -> tuple[tuple[int, int], ...]:
    """Cases per whole days from submission to the stored moment ``reached_at``."""
    zone = _local_zone()
    rows = (
        distinct_cases(applications)
        .filter(**{f"{reached_at}__isnull": False})
        .annotate(
            took=ExpressionWrapper(
                TruncDate(reached_at, tzinfo=zone) - TruncDate("submitted_at", tzinfo=zone),
                output_field=DurationField(),
            )
        )
        .values_list("took")
        .annotate(n=EVERY)
        .order_by("took")
    )
    return tuple(sorted((took.days, n) for took, n in rows))


def durations(histogram: Sequence[tuple[int, int]]) -> Durations:
    histogram = tuple(sorted(histogram))
    cases = sum(n for _days, n in histogram)
    return Durations(
        cases=cases,
        median=percentile(histogram, 0.5),
        p90=percentile(histogram, 0.9),
        histogram=histogram,
    )


def percentile(histogram: Sequence[tuple[int, int]], q: float) -> float | None:
    """The ``q`` quantile of the values a histogram (value, how many) describes, interpolated
    linearly between the two nearest ranks (as PostgreSQL's ``percentile_cont`` and Python's
    ``statistics.median`` do). ``None`` when there is nothing to measure."""
    if not 0 <= q <= 1:
        raise ValueError("q must lie between 0 and 1")
    ordered = sorted((value, n) for value, n in histogram if n > 0)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    position = (total - 1) * q
    below, above = math.floor(position), math.ceil(position)
    low, high = _value_at(ordered, below), _value_at(ordered, above)
    return low + (high - low) * (position - below)


def _value_at(ordered: Sequence[tuple[int, int]], rank: int) -> int:
    """The value at 0-based ``rank`` in the sorted list the histogram stands for."""
    seen = 0
    for value, n in ordered:
        seen += n
        if rank < seen:
            return value
    raise IndexError(rank)


def to_confirmation(applications: QuerySet[Application]) -> Durations:
    """Days from submission to the first confirmation at the point still in force."""
    return durations(_histogram(applications, "first_confirmed_at"))


def to_decision(applications: QuerySet[Application]) -> Durations:
    """Days from submission to 终审's conclusion (合格 / 暂缓 / 不合格) in force."""
    return durations(_histogram(applications, "concluded_at"))


# --- everything at once ------------------------------------------------------------------------


def statistics_for(applications: QuerySet[Application]) -> Statistics:
    """All of the above for one set of applications, in at most eight queries whatever its size
    (the names of stages and subjects are not looked up when there are none to name)."""
    statuses = by_status(applications)
    stage_subjects = by_stage_and_subject(applications)
    return Statistics(
        total=sum(row.count for row in statuses),
        statuses=statuses,
        applicant_statuses=by_applicant_status(statuses),
        days=by_submission_day(applications),
        stage_subjects=stage_subjects,
        stages=totals((row.stage, row.count) for row in stage_subjects),
        subjects=tuple(
            sorted(
                totals((row.subject, row.count) for row in stage_subjects),
                key=lambda row: (not row.label, -row.count, row.label),
            )
        ),
        findings=by_finding(applications),
        to_confirmation=to_confirmation(applications),
        to_decision=to_decision(applications),
    )
