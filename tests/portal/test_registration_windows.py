"""The public 网上报名时间查询 page: plain GET filters (no JavaScript needed), the rows with
their dates or reasons, and a chosen agency's points with search and 列出全部."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.registration.world import build_world

pytestmark = pytest.mark.django_db
URL = "/registration/windows/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture(autouse=True)
def _frozen():
    # 10:00 in Shanghai on 10 October 2026, inside the 历下 window.
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_it_is_public_and_routed():
    assert reverse("portal:registration_windows") == URL


def test_without_a_province_it_asks_for_one(client, world):
    html = client.get(URL).content.decode()

    assert ">网上报名时间查询</h1>" in html
    assert "请选择省份，再按地市、现任教学段或注册机构缩小范围。" in html
    assert f'<option value="{world.shandong.pk}">' in html
    # The whole query is a GET form: it works without JavaScript.
    assert '<form method="get" action="/registration/windows/"' in html


def test_a_city_lists_its_agencies_with_dates_or_reasons(client, world):
    html = client.get(URL, {"province": world.shandong.pk, "city": world.jinan.pk}).content.decode()

    assert "济南市历下区教育和体育局" in html
    assert "2026-10-08" in html and "2026-10-23" in html
    assert "正在网报" in html
    assert "济南市市中区教育和体育局目前没有开展定期注册工作" in html
    assert f"agency={world.lixia.pk}#points" in html  # 查看确认点, a plain link


def test_choosing_an_agency_shows_its_points_and_the_search_finds_one(client, world):
    params = {"province": world.shandong.pk, "city": world.jinan.pk, "agency": world.lixia.pk}

    html = client.get(URL, params).content.decode()
    assert "历下区确认点（文化东路）" in html and "历下区确认点（甸柳）" in html
    assert "历下区所属中小学、幼儿园" in html
    assert "2026-10-30" in html  # the confirmation end date
    assert 'name="arrangement"' not in html  # the public page chooses nothing

    searched = client.get(URL, {**params, "q": "甸柳"}).content.decode()
    assert "历下区确认点（甸柳）" in searched
    assert "历下区确认点（文化东路）" not in searched
    assert ">列出全部</a>" in searched

    nothing = client.get(URL, {**params, "q": "不存在"}).content.decode()
    assert "没有名称或确认范围包含“不存在”的确认点。" in nothing


def test_an_agency_without_an_open_window_shows_the_reason(client, world):
    world.batch.is_open = False
    world.batch.save()

    html = client.get(
        URL, {"province": world.shandong.pk, "city": world.jinan.pk, "agency": world.lixia.pk}
    ).content.decode()

    assert "该注册机构现在不能报名" in html
    assert "济南市历下区教育和体育局还没有安排网上报名（网报）的时间" in html
    assert "选择确认点" not in html


def test_a_municipality_shows_itself_as_the_only_city(client, world):
    html = client.get(URL, {"province": world.beijing.pk}).content.decode()

    assert f'<option value="{world.beijing.pk}" selected>' in html
    assert "全部地市" not in html
    assert "北京市海淀区教育委员会" in html


def test_it_points_to_the_signed_in_application(client, world):
    html = client.get(URL, {"province": world.shandong.pk}).content.decode()

    assert f'href="/me/registration/apply/?province={world.shandong.pk}"' in html
    assert "登录后报名" in html


def test_the_services_page_links_the_query(client):
    html = client.get("/services/").content.decode()

    assert 'href="/registration/windows/"' in html


def test_the_apply_entry_now_leads_to_the_business_platform():
    from teacherreg.portal.links import entry_links

    links = entry_links()

    assert links["apply"] == "/me/registration/"
    assert links["registration_windows"] == "/me/registration/apply/"
