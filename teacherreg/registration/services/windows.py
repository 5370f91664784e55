"""网上报名时间查询: which agencies take applications now, and why not when they do not
(manual §3.1.1; domain.md §3.1–§3.3; P17).

An agency is open when its province has a current plan that is not finished, the agency
takes part in it with 网报 opened, today falls inside one of its windows (00:00:00 to
23:59:59 Asia/Shanghai, both ends included) and that window has a published confirmation
point. Each failure has its reason code; the words are in the message catalogue, in the
official terms (domain.md §3.2 table) but our own sentences (P20).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation, OrgLevel
from teacherreg.reference.models import CertifyingLevel, QualificationType, TeachingStage
from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
)

# Reason codes, in the order the real system checks them (EnrollmentValidationController).
NO_PLAN = "window_no_plan"  # no plan, or the agency does not take part (join_in = false)
FINISHED = "window_finished"  # the provincial plan is finished (status ≥ 4)
NOT_OPEN = "window_not_open"  # 网报 not opened (is_open = false) or no window set
NOT_YET = "window_not_yet"  # before every window still to come
OVER = "window_over"  # after the last window
NO_POINT = "window_no_point"  # the open window has no published confirmation point
REASONS = (NO_PLAN, FINISHED, NOT_OPEN, NOT_YET, OVER, NO_POINT)

# 现任教学段: the real system offers the first five by code (domain.md §5.5).
OFFERED_STAGES = 5


# --- plans ---------------------------------------------------------------------------


def current_plan(province: Organisation | None, today: datetime.date) -> ProvincialPlan | None:
    """The province's plan in force: the one whose dates hold today, else this year's.

    A plan still being drafted is nobody's business yet and counts as no plan. The plan's
    year is the registration year (P14).
    """
    if province is None:
        return None
    plans = ProvincialPlan.objects.filter(province=province).exclude(status=PlanStatus.DRAFT)
    running = plans.filter(starts_on__lte=today, ends_on__gte=today).order_by("-year").first()
    return running or plans.filter(year=today.year).first()


def registration_year(plan: ProvincialPlan | None, today: datetime.date) -> int:
    return plan.year if plan is not None else today.year


# --- the organisation tree (domain.md §3.1, §3.3) -------------------------------------


def _usable(orgs: Any, today: datetime.date) -> Any:
    return orgs.filter(is_active=True).existing_on(today)


def provinces(today: datetime.date) -> list[Organisation]:
    orgs = _usable(Organisation.objects.filter(level=OrgLevel.PROVINCE), today)
    return list(orgs.select_related("region").order_by("region__code", "name"))


def is_municipality(province: Organisation) -> bool:
    """直辖市: flagged on its region; without a region, a province with no city layer."""
    if province.level != OrgLevel.PROVINCE:
        return False
    if province.region_id is not None:
        return province.region.is_municipality
    return not province.children.filter(level=OrgLevel.CITY).exists()


def cities_of(province: Organisation, today: datetime.date) -> list[Organisation]:
    """The 市 drop-down: a 直辖市 is its own and only city; elsewhere the city agencies,
    and 省直管县 (a county hanging directly off the province) stand as cities."""
    if is_municipality(province):
        return [province]
    children = province.children.filter(level__in=(OrgLevel.CITY, OrgLevel.COUNTY))
    return list(_usable(children, today).select_related("region").order_by("level", "region__code", "name"))


def agencies_for_city(city: Organisation, today: datetime.date | None = None) -> list[Organisation]:
    """The agencies that may register a teacher of ``city`` (domain.md §3.3, from the real
    system's ``Organization.xml findByCity/findByProvinceCity``): the city itself, its
    children that are not confirmation points, and its parent. A 直辖市 (passed as its
    province) gives the province and its children; a 省直管县 works as any city does.
    """
    today = today or shanghai_today()
    children = _usable(city.children.filter(level__in=AGENCY_LEVELS), today).select_related("region")
    result = [city, *children.order_by("region__code", "name")]
    if city.level != OrgLevel.PROVINCE and city.parent_id is not None:
        parent = city.parent
        if parent.is_active and (parent.annulled_on is None or parent.annulled_on > today):
            result.append(parent)
    return result


def agencies_in_province(province: Organisation, today: datetime.date) -> list[Organisation]:
    """Every agency of a province (the tree is at most province → city → county)."""
    orgs = Organisation.objects.filter(level__in=AGENCY_LEVELS).filter(
        Q(pk=province.pk) | Q(parent=province) | Q(parent__parent=province)
    )
    return list(_usable(orgs, today).select_related("region").order_by("level", "region__code", "name"))


def handles_stage(agency: Organisation, stage: TeachingStage) -> bool:
    """Whether ``agency`` registers teachers of ``stage``.

    Registration follows the certifying levels of 《教师资格条例》 (domain.md §3.1): 高级中学
    and 中等职业学校 at city level, 幼儿园 to 初中 at county level. So a county agency handles
    a city-level stage only where it stands as a city itself (a 直辖市's district or a
    省直管县); city and province agencies handle every stage. [I] — provinces may differ.
    """
    if agency.level != OrgLevel.COUNTY:
        return True
    levels = set(QualificationType.objects.filter(stage=stage).values_list("certifying_level", flat=True))
    if not levels or levels <= {CertifyingLevel.COUNTY}:
        return True
    return agency.parent is not None and agency.parent.level == OrgLevel.PROVINCE


def offered_stages() -> list[TeachingStage]:
    return list(TeachingStage.objects.order_by("sort_order", "code")[:OFFERED_STAGES])


# --- availability -----------------------------------------------------------------------


@dataclass(frozen=True)
class WindowPeriod:
    starts_on: datetime.date
    ends_on: datetime.date
    state: str  # "past", "open" or "future" on the day asked about


@dataclass(frozen=True)
class Availability:
    """Whether ``agency`` takes applications today, and if not, why (one reason code)."""

    agency: Organisation
    ok: bool
    reason_code: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    plan: ProvincialPlan | None = None
    periods: tuple[WindowPeriod, ...] = ()
    window: ApplicationWindow | None = None  # the window open today
    arrangements: tuple[ConfirmationArrangement, ...] = ()  # published, on the open window

    @property
    def message(self) -> str:
        return message_for(self.reason_code, **self.params) if self.reason_code else ""

    @property
    def shown_period(self) -> WindowPeriod | None:
        """The window a one-line summary shows: the open one, else the next, else the last."""
        for state in ("open", "future"):
            found = [p for p in self.periods if p.state == state]
            if found:
                return found[0]
        return self.periods[-1] if self.periods else None


def _state(window: ApplicationWindow, today: datetime.date) -> str:
    if today < window.starts_on:
        return "future"
    return "past" if today > window.ends_on else "open"


def describe_periods(periods: Iterable[WindowPeriod]) -> str:
    """Every window with its state, as the official message lists them (domain.md §3.2)."""
    labels = {"past": _("网报时间已截止"), "open": _("正在网报"), "future": _("还未到网报时间")}
    parts = [
        _("%(start)s 至 %(end)s（%(state)s）")
        % {
            "start": date_format(p.starts_on, "DATE_FORMAT"),
            "end": date_format(p.ends_on, "DATE_FORMAT"),
            "state": labels[p.state],
        }
        for p in periods
    ]
    return _("；").join(parts)


_LOOK_UP: Any = object()


def availability(agency: Organisation, today: datetime.date, *, plan: Any = _LOOK_UP) -> Availability:
    """Whether ``agency`` takes applications on ``today`` (Asia/Shanghai), checked in the
    real system's order: plan, finished, taking part, 网报 opened, inside a window, a
    published confirmation point. ``plan`` may be passed when the caller already has it."""
    if plan is _LOOK_UP:
        plan = current_plan(agency.province(), today)
    params: dict[str, Any] = {"agency": agency.name}
    if plan is None:
        return Availability(agency, False, NO_PLAN, params)
    if plan.status == PlanStatus.FINISHED:
        return Availability(agency, False, FINISHED, params, plan=plan)
    batch = AgencyBatch.objects.filter(plan=plan, agency=agency).first()
    if batch is None or not batch.takes_part:
        return Availability(agency, False, NO_PLAN, params, plan=plan)
    windows = list(batch.windows.order_by("starts_on", "ends_on"))
    if not batch.is_open or not windows:
        return Availability(agency, False, NOT_OPEN, params, plan=plan)
    periods = tuple(WindowPeriod(w.starts_on, w.ends_on, _state(w, today)) for w in windows)
    open_now = next((w for w in windows if w.is_open_on(today)), None)
    if open_now is None:
        code = NOT_YET if any(p.state == "future" for p in periods) else OVER
        params["periods"] = describe_periods(periods)
        return Availability(agency, False, code, params, plan=plan, periods=periods)
    arrangements = tuple(
        open_now.arrangements.filter(is_published=True, point__is_active=True)
        .select_related("point", "point__region")
        .order_by("point__region__code", "point__name")
    )
    if not arrangements:
        return Availability(agency, False, NO_POINT, params, plan=plan, periods=periods, window=open_now)
    return Availability(agency, True, "", params, plan, periods, open_now, arrangements)


# --- the query page ------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowFilters:
    province: Organisation | None = None
    city: Organisation | None = None
    stage: TeachingStage | None = None
    agency: Organisation | None = None


def candidate_agencies(filters: WindowFilters, today: datetime.date) -> list[Organisation]:
    """The agencies the filters select; each filter narrows the one before it."""
    if filters.city is not None:
        agencies = agencies_for_city(filters.city, today)
    elif filters.province is not None:
        agencies = agencies_in_province(filters.province, today)
    else:
        return []
    if filters.stage is not None:
        agencies = [a for a in agencies if handles_stage(a, filters.stage)]
    if filters.agency is not None:
        agencies = [a for a in agencies if a.pk == filters.agency.pk]
    return agencies


def _availabilities(agencies: Iterable[Organisation], today: datetime.date) -> list[Availability]:
    plans: dict[int | None, ProvincialPlan | None] = {}
    result = []
    for agency in agencies:
        province = agency.province()
        key = province.pk if province else None
        if key not in plans:
            plans[key] = current_plan(province, today)
        result.append(availability(agency, today, plan=plans[key]))
    return result


def open_windows(filters: WindowFilters, today: datetime.date) -> list[Availability]:
    """The selected agencies that take applications today, with their open window and points."""
    return [a for a in _availabilities(candidate_agencies(filters, today), today) if a.ok]


def search_points(found: Availability, text: str = "") -> list[ConfirmationArrangement]:
    """确认点 search: by the point's name or its 确认范围; empty text lists them all."""
    text = text.strip()
    if not text:
        return list(found.arrangements)
    return [a for a in found.arrangements if text in a.point.name or text in a.point.confirmation_scope]


@dataclass
class WindowQuery:
    """Everything the query page shows: the narrowed options, the rows, and for a chosen
    agency its confirmation points."""

    filters: WindowFilters
    provinces: list[Organisation]
    cities: list[Organisation]
    stages: list[TeachingStage]
    agencies: list[Organisation]
    rows: list[Availability]
    selected: Availability | None
    points: list[ConfirmationArrangement]
    search: str

    @property
    def municipality(self) -> bool:
        return self.filters.province is not None and is_municipality(self.filters.province)


def _pick(options: Iterable[Any], raw: str | None, key: str = "pk") -> Any:
    raw = (raw or "").strip()
    if not raw:
        return None
    return next((o for o in options if str(getattr(o, key)) == raw), None)


def build_query(params: Mapping[str, str], today: datetime.date) -> WindowQuery:
    """Read the GET parameters (province, city, stage, agency, q). A value that does not
    belong under the one before it (a city of another province after the province changed
    without JavaScript) is dropped, never trusted."""
    all_provinces = provinces(today)
    province = _pick(all_provinces, params.get("province"))
    cities = cities_of(province, today) if province else []
    city = _pick(cities, params.get("city"))
    if province is not None and city is None and is_municipality(province):
        city = province  # the 直辖市's only "city" is chosen for the user
    stages = offered_stages()
    stage = _pick(stages, params.get("stage"), key="code")
    narrowed = WindowFilters(province, city, stage)
    agency_options = candidate_agencies(narrowed, today)
    agency = _pick(agency_options, params.get("agency"))
    filters = WindowFilters(province, city, stage, agency)
    rows = _availabilities([agency] if agency else agency_options, today)
    selected = rows[0] if agency is not None else None
    search = (params.get("q") or "").strip()[:50]
    points = search_points(selected, search) if selected is not None and selected.ok else []
    return WindowQuery(filters, all_provinces, cities, stages, agency_options, rows, selected, points, search)


# --- carrying the choice into the application ----------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The agency and confirmation point chosen at 定期注册报名 (stored in the session)."""

    availability: Availability
    arrangement: ConfirmationArrangement

    def as_session(self, stage: TeachingStage | None = None) -> dict[str, Any]:
        return {
            "agency": self.availability.agency.pk,
            "point": self.arrangement.point_id,
            "arrangement": self.arrangement.pk,
            "window": self.arrangement.window_id,
            "stage": stage.code if stage else "",
        }


def choose(arrangement_id: Any, today: datetime.date) -> Choice:
    """Check that a confirmation point chosen on the page can still take applications.

    Raises ``DomainError("registration_choice_missing")`` when nothing was chosen and the
    agency's own reason (or ``registration_choice_unavailable``) when it cannot."""
    if not str(arrangement_id or "").isdigit():
        raise DomainError("registration_choice_missing")
    arrangement = (
        ConfirmationArrangement.objects.select_related("window__batch__agency", "point")
        .filter(pk=int(arrangement_id))
        .first()
    )
    if arrangement is None:
        raise DomainError("registration_choice_unavailable")
    found = availability(arrangement.window.batch.agency, today)
    if not found.ok:
        raise DomainError(found.reason_code, **found.params)
    if arrangement.pk not in {a.pk for a in found.arrangements}:
        raise DomainError("registration_choice_unavailable")
    return Choice(found, arrangement)
