"""What every review-queue view shares: the guard with the province reach, the filters, the
page, the working-day clock and the access events of list pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from teacherreg.common.messages import message_for
from teacherreg.documents.serving import private_bytes
from teacherreg.documents.storage import private_storage
from teacherreg.office.access import staff_with_role
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import ALL, NO_PROVINCE, QueueFilterForm
from teacherreg.office.queue_reach import ProvinceReach, QueueReach, queue_reach
from teacherreg.office.queues import VIEWERS
from teacherreg.reference.models import Region
from teacherreg.reference.services import working_day_counter

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def queue_view(deciders: frozenset[str], viewers: frozenset[str] = VIEWERS) -> Callable[[View], View]:
    """A page of a queue: its deciders and viewers only (404 for everyone else), with the
    member's :class:`QueueReach` on ``request.reach``. POST views pass no viewers."""

    def decorate(view: View) -> View:
        @staff_with_role(*(deciders | viewers))
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.reach = queue_reach(request.scope, deciders=deciders, viewers=viewers)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def reach_of(request: HttpRequest) -> QueueReach:
    return request.reach  # type: ignore[attr-defined]


def private_image(name: str, filename: str) -> HttpResponse:
    """A scan or photo from private storage, shown inline; 404 when it is gone. Read whole (a
    scan is at most 190 KB, P13) so the file is closed here, not whenever the client is done."""
    if not name or not private_storage.exists(name):
        raise Http404
    with private_storage.open(name, "rb") as handle:
        data = handle.read()
    return private_bytes(data, content_type="image/jpeg", filename=filename, attachment=False)


# -- filters and pages ---------------------------------------------------------------------------


def province_choices(reach: ProvinceReach) -> list[tuple[str, str]] | None:
    """The province filter's choices, or None when the reach is a single province."""
    if reach.everywhere:
        rows = Region.objects.provinces().order_by("code").values_list("code", "name")
        return [(code[:2], name) for code, name in rows] + [(NO_PROVINCE, _("无所属省份（全国级办理）"))]
    if len(reach.provinces) < 2:
        return None
    codes = sorted(f"{code}0000" for code in reach.provinces)
    rows = Region.objects.provinces().filter(code__in=codes).order_by("code").values_list("code", "name")
    return [(code[:2], name) for code, name in rows]


def read_filters(request: HttpRequest, form: QueueFilterForm) -> dict[str, Any]:
    """The form's values; a bad value is said once and the defaults are used (never a 500)."""
    if form.is_bound and not form.is_valid():
        messages.warning(request, message_for("queue_bad_filter"))
    return form.values()


def by_state(rows: QuerySet, field: str, state: str) -> QuerySet:
    return rows if state == ALL else rows.filter(**{field: state})


def by_code_province(rows: QuerySet, value: str | None, field: str = "province_code") -> QuerySet:
    if not value:
        return rows
    return rows.filter(**{field: "" if value == NO_PROVINCE else value})


def by_region_province(rows: QuerySet, value: str | None, field: str = "province") -> QuerySet:
    if not value:
        return rows
    if value == NO_PROVINCE:
        return rows.filter(**{f"{field}__isnull": True})
    return rows.filter(**{f"{field}__code": f"{value}0000"})


def waiting_first(rows: QuerySet, field: str, waiting: str, *order: str) -> QuerySet:
    """Waiting rows first, then the rest, each in ``order`` (oldest first: first come, first served)."""
    rank = Case(When(**{field: waiting}, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.annotate(queue_rank=rank).order_by("queue_rank", *order)


def page_of(request: HttpRequest, rows: QuerySet) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def record_list_view(request: HttpRequest, page: Page, what: str) -> None:
    """A list shows names of many people: one access event per page shown, on the member's
    first organisation (as the desk's queue does)."""
    scope = request.scope  # type: ignore[attr-defined]
    if page.object_list and scope.memberships:
        record_view(request, scope.memberships[0].organisation, what)


# -- the working-day clock of manual identity review (P10) -------------------------------------


@dataclass(frozen=True)
class Clock:
    due_by: datetime.date
    overdue: bool  # the due date has passed and no conclusion yet
    overdue_days: int  # working days past the due date
    days_left: int  # working days until the due date


def clocks(pending: Iterable[tuple[Any, datetime.date]], today: datetime.date) -> dict[Any, Clock]:
    """The clock of each (key, due date), reading the holiday calendar once for all of them."""
    pending = list(pending)
    if not pending:
        return {}
    dues = [due for _key, due in pending]
    count = working_day_counter(min([*dues, today]), max([*dues, today]))
    return {key: Clock(due, today > due, count(due, today), count(today, due)) for key, due in pending}
