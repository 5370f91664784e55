"""网上报名时间查询 rules: each reason of domain.md §3.2 with its message, the inclusive
Asia/Shanghai window (P17), and which agencies serve a city (domain.md §3.3)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import AgencyBatch, ApplicationWindow, ConfirmationArrangement
from teacherreg.registration.services import windows
from teacherreg.registration.services.windows import (
    WindowFilters,
    agencies_for_city,
    availability,
    build_query,
    choose,
    cities_of,
    open_windows,
)
from tests.registration.world import TODAY, WINDOW, build_world, stages

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world():
    return build_world()


def test_it_is_open_inside_the_window_with_its_published_points(world):
    found = availability(world.lixia, TODAY)

    assert found.ok
    assert found.reason_code == ""
    assert found.window == world.window
    assert [a.point.name for a in found.arrangements] == ["历下区确认点（文化东路）", "历下区确认点（甸柳）"]
    assert found.plan == world.plan


def test_without_a_plan_it_says_the_agency_has_no_registration_work(world):
    world.plan.delete()

    found = availability(world.lixia, TODAY)

    assert (found.ok, found.reason_code) == (False, "window_no_plan")
    assert found.message == (
        "济南市历下区教育和体育局目前没有开展定期注册工作。请向该注册机构了解本地注册工作的时间安排。"
    )


def test_a_plan_still_in_draft_counts_as_no_plan(world):
    world.plan.status = "draft"
    world.plan.save()

    assert availability(world.lixia, TODAY).reason_code == "window_no_plan"


def test_a_plan_of_another_year_does_not_count(world):
    world.plan.year, world.plan.starts_on, world.plan.ends_on = (
        2025,
        datetime.date(2025, 9, 1),
        datetime.date(2025, 12, 31),
    )
    world.plan.save()

    assert availability(world.lixia, TODAY).reason_code == "window_no_plan"


def test_a_finished_plan_says_the_work_has_ended(world):
    world.plan.status = "finished"
    world.plan.save()

    found = availability(world.lixia, TODAY)

    assert found.reason_code == "window_finished"
    assert found.message == "济南市历下区教育和体育局本次定期注册工作已经结束。"


def test_an_agency_not_taking_part_gets_the_no_plan_message(world):
    world.batch.takes_part = False
    world.batch.save()

    assert availability(world.lixia, TODAY).reason_code == "window_no_plan"
    # An agency with no batch in the plan at all says the same.
    assert availability(world.shizhong, TODAY).message.startswith("济南市市中区教育和体育局目前没有开展定期注册工作")


def test_an_agency_that_has_not_opened_its_online_application_says_so(world):
    world.batch.is_open = False
    world.batch.save()

    found = availability(world.lixia, TODAY)

    assert found.reason_code == "window_not_open"
    assert "还没有安排网上报名（网报）的时间" in found.message


def test_an_open_batch_without_any_window_is_not_open_either(world):
    world.window.delete()

    assert availability(world.lixia, TODAY).reason_code == "window_not_open"


def test_before_the_window_it_lists_every_window_with_its_state(world):
    ApplicationWindow.objects.create(
        batch=world.batch, starts_on=datetime.date(2026, 9, 10), ends_on=datetime.date(2026, 9, 20)
    )

    found = availability(world.lixia, datetime.date(2026, 10, 1))

    assert found.reason_code == "window_not_yet"
    assert found.message == (
        "还没有到济南市历下区教育和体育局的网报时间。该注册机构的网报时间是："
        "2026年9月10日 至 2026年9月20日（网报时间已截止）；2026年10月8日 至 2026年10月23日（还未到网报时间）。"
    )
    assert [p.state for p in found.periods] == ["past", "future"]
    assert found.shown_period.starts_on == WINDOW[0]


def test_after_the_last_window_it_says_the_time_is_over(world):
    found = availability(world.lixia, datetime.date(2026, 10, 24))

    assert found.reason_code == "window_over"
    assert found.message == (
        "济南市历下区教育和体育局的网报时间已经截止。该注册机构的网报时间是："
        "2026年10月8日 至 2026年10月23日（网报时间已截止）。"
    )


def test_without_a_published_point_it_says_no_confirmation_point_is_arranged(world):
    ConfirmationArrangement.objects.update(is_published=False)

    found = availability(world.lixia, TODAY)

    assert found.reason_code == "window_no_point"
    assert found.message == "济南市历下区教育和体育局目前还没有安排确认点，暂时不能报名。请与该注册机构联系。"


def test_an_unpublished_arrangement_and_an_inactive_point_are_not_offered(world):
    world.second_arrangement.is_published = False
    world.second_arrangement.save()
    inactive = Organisation.objects.create(
        level=OrgLevel.CONFIRMATION_POINT, name="已停用确认点", parent=world.lixia, is_active=False
    )
    ConfirmationArrangement.objects.create(
        window=world.window, point=inactive, confirm_from=WINDOW[0], confirm_until=WINDOW[1], is_published=True
    )

    assert [a.point for a in availability(world.lixia, TODAY).arrangements] == [world.county_point]


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime.datetime(2026, 10, 7, 23, 59, 59), False),
        (datetime.datetime(2026, 10, 8, 0, 0, 0), True),
        (datetime.datetime(2026, 10, 23, 23, 59, 59), True),
        (datetime.datetime(2026, 10, 24, 0, 0, 0), False),
    ],
)
def test_a_window_includes_its_first_and_last_day_in_shanghai_time(world, moment, open_):
    # P17: 00:00:00 on the first day to 23:59:59 on the last, Asia/Shanghai, whatever UTC says.
    with time_machine.travel(moment.replace(tzinfo=SHANGHAI), tick=False):
        found = availability(world.lixia, shanghai_today())

    assert found.ok is open_


# --- which agencies serve a city ---------------------------------------------------------


def test_a_city_is_served_by_itself_its_non_point_children_and_its_parent(world):
    annulled = Organisation.objects.create(
        level=OrgLevel.COUNTY, name="已撤销区", parent=world.jinan, annulled_on=datetime.date(2020, 1, 1)
    )

    agencies = agencies_for_city(world.jinan, TODAY)

    assert agencies == [world.jinan, world.lixia, world.shizhong, world.shandong]
    assert world.county_point not in agencies
    assert annulled not in agencies


def test_a_municipality_is_its_own_city_with_the_province_and_its_districts(world):
    assert cities_of(world.beijing, TODAY) == [world.beijing]
    assert agencies_for_city(world.beijing, TODAY) == [world.beijing, world.haidian]


def test_a_county_under_the_province_stands_as_a_city(world):
    assert cities_of(world.shandong, TODAY) == [world.jinan, world.direct_county]
    assert agencies_for_city(world.direct_county, TODAY) == [world.direct_county, world.shandong]


def test_a_senior_stage_is_registered_at_city_level_except_where_a_county_stands_as_a_city(world):
    senior = stages()["senior"]
    primary = stages()["primary"]

    assert not windows.handles_stage(world.lixia, senior)
    assert windows.handles_stage(world.lixia, primary)
    assert windows.handles_stage(world.jinan, senior)
    assert windows.handles_stage(world.direct_county, senior)
    assert windows.handles_stage(world.haidian, senior)  # a 直辖市 district


# --- the query ------------------------------------------------------------------------------


def test_the_filters_narrow_each_other(world):
    query = build_query({"province": str(world.shandong.pk), "city": str(world.jinan.pk)}, TODAY)

    assert query.cities == [world.jinan, world.direct_county]
    assert query.agencies == [world.jinan, world.lixia, world.shizhong, world.shandong]
    assert [row.agency for row in query.rows] == query.agencies
    assert [row.ok for row in query.rows] == [False, True, False, False]
    assert query.selected is None

    senior = build_query({"province": str(world.shandong.pk), "city": str(world.jinan.pk), "stage": "senior"}, TODAY)
    assert senior.agencies == [world.jinan, world.shandong]


def test_a_city_or_agency_that_does_not_belong_to_the_selection_is_dropped(world):
    query = build_query(
        {"province": str(world.beijing.pk), "city": str(world.jinan.pk), "agency": str(world.lixia.pk)}, TODAY
    )

    assert query.filters.city == world.beijing  # the 直辖市 is chosen as its own city
    assert query.filters.agency is None
    assert query.agencies == [world.beijing, world.haidian]


def test_choosing_an_agency_lists_its_points_and_the_search_narrows_them(world):
    params = {"province": str(world.shandong.pk), "city": str(world.jinan.pk), "agency": str(world.lixia.pk)}

    query = build_query(params, TODAY)
    assert query.selected.ok
    assert [a.point for a in query.points] == [world.county_point, world.second_point]

    searched = build_query({**params, "q": "甸柳"}, TODAY)
    assert [a.point for a in searched.points] == [world.second_point]
    assert searched.search == "甸柳"

    by_scope = build_query({**params, "q": "幼儿园"}, TODAY)
    assert [a.point for a in by_scope.points] == [world.county_point]


def test_nonsense_parameters_are_ignored(world):
    query = build_query({"province": "abc", "city": "1 OR 1=1", "stage": "<x>", "agency": "-1"}, TODAY)

    assert query.filters == WindowFilters()
    assert query.rows == []


def test_open_windows_lists_only_agencies_taking_applications(world):
    found = open_windows(WindowFilters(province=world.shandong), TODAY)

    assert [a.agency for a in found] == [world.lixia]


def test_choosing_a_point_checks_it_can_still_take_applications(world):
    choice = choose(str(world.arrangement.pk), TODAY)
    assert choice.as_session(stages()["primary"]) == {
        "agency": world.lixia.pk,
        "point": world.county_point.pk,
        "arrangement": world.arrangement.pk,
        "window": world.window.pk,
        "stage": "primary",
    }

    with pytest.raises(DomainError) as missing:
        choose("", TODAY)
    assert missing.value.code == "registration_choice_missing"

    with pytest.raises(DomainError) as closed:
        choose(str(world.arrangement.pk), datetime.date(2026, 10, 24))
    assert closed.value.code == "window_over"

    world.second_arrangement.is_published = False
    world.second_arrangement.save()
    with pytest.raises(DomainError) as hidden:
        choose(str(world.second_arrangement.pk), TODAY)
    assert hidden.value.code == "registration_choice_unavailable"


def test_another_agencys_batch_does_not_open_this_one(world):
    other = AgencyBatch.objects.create(plan=world.plan, agency=world.shizhong, takes_part=True, is_open=False)

    assert availability(world.shizhong, TODAY).reason_code == "window_not_open"
    assert other.windows.count() == 0
