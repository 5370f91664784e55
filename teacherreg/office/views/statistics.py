"""统计 (issue 6 item 8): counts over the member's own cases for one registration year.

Every role that reads cases may open it; each sees the cases of their scope (another region's
never enter a count). The page shows tables first and works without scripts; a small script
draws a chart beside a table from the same numbers, embedded as JSON. Each table can be
downloaded as CSV. Only counts leave the database here, no applicant's data, so no access
event is written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teacherreg.exports.cells import neutralise
from teacherreg.office.access import staff_with_role
from teacherreg.office.scope import CASE_ROLES
from teacherreg.office.statistics_forms import StatisticsFilterForm
from teacherreg.office.statistics_tables import Table, tables_for
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application
from teacherreg.registration.services.statistics import statistics_for

ROLES = tuple(sorted(CASE_ROLES))
statistics_view = staff_with_role(*ROLES)


@dataclass(frozen=True)
class Selection:
    form: StatisticsFilterForm | None  # None: no case in reach at all
    cases: QuerySet[Application] | None  # None: nothing to count (no case, or a bad choice)


def _organisation_choices(ids: Iterable[int]) -> list[tuple[int, str]]:
    return list(Organisation.objects.filter(pk__in=ids).order_by("region__code", "name").values_list("pk", "name"))


def select(request: HttpRequest) -> Selection:
    """The member's cases of the chosen year (the newest by default), agency and point.

    The choices come from one query: each (year, agency, point) the member's cases fall in,
    so a few rows however many cases, read from the statistics index. The lists for the
    chosen year and agency are then cut from those rows, with the names of all their
    organisations read once.
    """
    scoped = request.scope.applications(*ROLES)  # type: ignore[attr-defined]
    found = set(scoped.order_by().values_list("registration_year", "agency", "confirmation_point").distinct())
    years = sorted({year for year, _agency, _point in found}, reverse=True)
    if not years:
        return Selection(None, None)
    names = _organisation_choices({org for _year, *orgs in found for org in orgs})

    def listed(ids: set[int]) -> list[tuple[int, str]]:
        return [(pk, name) for pk, name in names if pk in ids]

    def agencies_for(year: int) -> list[tuple[int, str]]:
        return listed({agency for y, agency, _point in found if y == year})

    def points_for(year: int, agency: int) -> list[tuple[int, str]]:
        return listed({point for y, a, point in found if (y, a) == (year, agency)})

    form = StatisticsFilterForm(request.GET, years=years, agencies_for=agencies_for, points_for=points_for)
    if not form.is_valid():
        return Selection(form, None)
    cases = scoped.filter(registration_year=form.cleaned_data["year"])
    if form.cleaned_data.get("agency"):
        cases = cases.filter(agency=form.cleaned_data["agency"])
    if form.cleaned_data.get("point"):
        cases = cases.filter(confirmation_point=form.cleaned_data["point"])
    return Selection(form, cases)


def _choice_label(form: StatisticsFilterForm, name: str) -> str:
    value = form.cleaned_data.get(name)
    return next((str(label) for pk, label in form.fields[name].choices if pk == value), "") if value else ""


def _scope_label(request: HttpRequest) -> str:
    scope = request.scope  # type: ignore[attr-defined]
    if scope.sees_every_case:
        return _("全国")
    return "、".join(dict.fromkeys(org.name for org in scope.organisations(*ROLES)))


@statistics_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """统计: the filters, then every table (with its chart when scripts run)."""
    selection = select(request)
    form = selection.form
    context: dict = {"form": form, "scope_label": _scope_label(request), "tables": None, "charts": {}}
    if selection.cases is not None and form is not None:
        stats = statistics_for(selection.cases)
        query = urlencode({k: v for k, v in form.cleaned_data.items() if v})
        tables = tables_for(stats) if stats.total else None
        context |= {
            "stats": stats,
            "tables": tables,
            "charts": {slug: t.chart_spec() for slug, t in (tables or {}).items() if t.chart_spec()},
            "query": query,
            "year": form.cleaned_data["year"],
            "agency_label": _choice_label(form, "agency"),
            "point_label": _choice_label(form, "point"),
        }
    return render(request, "office/statistics/index.html", context)


@statistics_view
@require_GET
def download(request: HttpRequest, table: str) -> HttpResponse:
    """One table as CSV (UTF-8 with a byte-order mark, which spreadsheet programs need to read
    Chinese). A bad choice of year, agency or point sends the member back to the page, which
    says what is wrong."""
    selection = select(request)
    if selection.cases is None or selection.form is None:
        back = reverse("office:statistics")
        return redirect(back + ("?" + request.GET.urlencode() if request.GET else ""))
    chosen: Table = tables_for(statistics_for(selection.cases))[table]
    year = selection.form.cleaned_data["year"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{year}-{table}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([neutralise(column) for column in chosen.columns])
    for row in chosen.rows:
        # Counts stay numbers; every text (names of stages, subjects, findings) is made inert.
        writer.writerow([cell if isinstance(cell, int) else neutralise(cell) for cell in row])
    return response
