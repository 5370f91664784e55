"""The statistics as tables: one list of rows per table, read by the page, by its charts and by
the CSV download, so the three can never show different numbers.

A table's first column names the row (it becomes a ``<th scope="row">``); the others are
counts or measures. A table with a chart says how to draw it; the script on the page draws
from exactly the labels and counts in the table's rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teacherreg.registration.services.findings import BLOCKER, TODO, WARNING
from teacherreg.registration.services.statistics import Durations, Statistics

SEVERITY_LABELS = {BLOCKER: gettext_lazy("不能报名"), TODO: gettext_lazy("需要先完成"), WARNING: gettext_lazy("请注意")}
# A chart label longer than this is shortened on the axis; the tooltip and the table show it whole.
CHART_LABEL_MAX = 18


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" (vertical bars) or "hbar" (horizontal bars, for long labels)
    value_column: int  # which column of the rows holds the counts drawn


@dataclass(frozen=True)
class Table:
    slug: str  # also the CSV file's name and the URL's table part
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: Chart | None = None
    # Columns from this one on hold numbers (right-aligned); the ones before it are text.
    numeric_from: int = 1
    # Rows whose label the chart's axis shows shorter (findings' sentences, dates); index → label.
    short_labels: dict[int, str] = field(default_factory=dict)

    def chart_spec(self) -> dict[str, Any] | None:
        """What the page's script needs to draw the chart: the same labels and counts."""
        if self.chart is None or not self.rows:
            return None
        labels = [str(row[0]) for row in self.rows]
        return {
            "kind": self.chart.kind,
            "labels": [self.short_labels.get(i, label) for i, label in enumerate(labels)],
            "titles": labels,
            "series": self.columns[self.chart.value_column],
            "values": [row[self.chart.value_column] for row in self.rows],
        }


def _short(text: str) -> str:
    return text if len(text) <= CHART_LABEL_MAX else text[: CHART_LABEL_MAX - 1] + "…"


def _day(day: datetime.date) -> str:
    return date_format(day, "Y-m-d")


def _days(value: float | None) -> str:
    """A measure in days: whole numbers plain, halves and tenths with one decimal."""
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _share(count: int, total: int) -> str:
    return f"{count * 100 / total:.1f}%" if total else "—"


def _histogram_rows(durations: Durations) -> tuple[tuple[Any, ...], ...]:
    """Every day from the quickest to the slowest, 0 where no case took that long, so the
    chart's axis is to scale."""
    if not durations.histogram:
        return ()
    counted = dict(durations.histogram)
    first, last = min(counted), max(counted)
    return tuple((_("%(days)s 天") % {"days": days}, counted.get(days, 0)) for days in range(first, last + 1))


def tables_for(stats: Statistics) -> dict[str, Table]:
    """Every table of the page, by slug, in the order the page shows them."""
    total = stats.total
    count = _("申请数")
    findings = stats.findings.codes
    tables = [
        Table(
            "applicant_status",
            _("按申请人看到的状态"),
            (_("申请人看到的状态"), count, _("占比")),
            tuple((row.label, row.count, _share(row.count, total)) for row in stats.applicant_statuses),
            Chart("bar", 1),
        ),
        Table(
            "status",
            _("按办理状态"),
            (_("办理状态"), _("申请人看到的状态"), count),
            tuple((row.label, row.applicant_label, row.count) for row in stats.statuses),
            Chart("hbar", 2),
            numeric_from=2,
        ),
        Table(
            "day",
            _("按提交日期"),
            (_("提交日期"), count),
            tuple((_day(row.day), row.count) for row in stats.days),
            Chart("bar", 1),
            short_labels={i: date_format(row.day, "m-d") for i, row in enumerate(stats.days)},
        ),
        Table(
            "stage",
            _("按现任教学段"),
            (_("现任教学段"), count),
            tuple((row.label or _("未填写"), row.count) for row in stats.stages),
            Chart("bar", 1),
        ),
        Table(
            "subject",
            _("按现任教学科"),
            (_("现任教学科"), count),
            tuple((row.label or _("无任教学科"), row.count) for row in stats.subjects),
            Chart("hbar", 1),
        ),
        Table(
            "stage_subject",
            _("按学段和学科"),
            (_("现任教学段"), _("现任教学科"), count),
            tuple(
                (row.stage or _("未填写"), row.subject or _("无任教学科"), row.count) for row in stats.stage_subjects
            ),
            numeric_from=2,
        ),
        Table(
            "finding",
            _("资格预检提示"),
            (_("预检提示"), _("类别"), _("申请数"), _("占申请总数")),
            tuple(
                (
                    row.text,
                    str(SEVERITY_LABELS.get(row.severity, row.severity)),
                    row.applications,
                    _share(row.applications, total),
                )
                for row in findings
            ),
            Chart("hbar", 2),
            numeric_from=2,
            short_labels={i: _short(row.text) for i, row in enumerate(findings)},
        ),
        Table(
            "duration",
            _("办理时长（天）"),
            (_("环节"), count, _("中位数"), _("90 百分位")),
            tuple(
                (label, measured.cases, _days(measured.median), _days(measured.p90))
                for label, measured in (
                    (_("提交到现场确认"), stats.to_confirmation),
                    (_("提交到终审结论"), stats.to_decision),
                )
            ),
        ),
        Table(
            "to_confirmation",
            _("提交到现场确认用了几天"),
            (_("天数"), count),
            _histogram_rows(stats.to_confirmation),
            Chart("bar", 1),
        ),
        Table(
            "to_decision",
            _("提交到终审结论用了几天"),
            (_("天数"), count),
            _histogram_rows(stats.to_decision),
            Chart("bar", 1),
        ),
    ]
    return {table.slug: table for table in tables}


# The slugs the CSV URL accepts (the URL pattern lists them; a test keeps the two in step).
SLUGS = (
    "applicant_status",
    "status",
    "day",
    "stage",
    "subject",
    "stage_subject",
    "finding",
    "duration",
    "to_confirmation",
    "to_decision",
)
