"""电话咨询 and 各省份认定联系方式 (/help/contacts/), from the organisations' own contact data."""

from __future__ import annotations

import pytest

from teacherreg.organisations.models import OrgLevel
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(world):
    """山东 and 湖南 publish their numbers; 济南 an address only; 长沙 and 历下区 nothing."""
    ours, theirs = world.ours, world.theirs
    ours.province.phone, ours.province.email, ours.province.address = (
        "0531-81234567",
        "jszg@sd.example.cn",
        "济南市历下区",
    )
    ours.province.save()
    theirs.province.phone = "0731-88888888"
    theirs.province.save()
    ours.city.address = "济南市市中区共青团路"
    ours.city.save()
    return world


def test_by_default_it_lists_each_provinces_agency(client, listed):
    page = client.get("/help/contacts/").content.decode()

    assert "各省份认定联系方式" in page
    assert "山东省教育厅" in page and "0531-81234567" in page and "jszg@sd.example.cn" in page
    assert "湖南省教育厅" in page and 'href="tel:0731-88888888"' in page
    assert "济南市教育局" not in page  # a city: listed when the province is chosen
    assert page.index("山东省教育厅") < page.index("湖南省教育厅")  # 37 before 43


def test_a_province_lists_its_agencies_that_publish_something(client, listed):
    page = client.get("/help/contacts/?province=37").content.decode()

    assert "山东省教育厅" in page
    assert "济南市教育局" in page and "济南市市中区共青团路" in page
    assert "历下区教育局" not in page  # no phone, e-mail or address
    assert "湖南省教育厅" not in page


def test_it_finds_agencies_by_name_across_the_country(client, listed):
    page = client.get("/help/contacts/?q=济南").content.decode()

    assert "济南市教育局" in page
    assert "山东省教育厅" not in page
    assert "查找结果" in page


def test_confirmation_points_and_inactive_agencies_are_not_listed(client, listed):
    listed.ours.point.phone = "0531-00000000"
    listed.ours.point.save()
    OrganisationFactory(level=OrgLevel.PROVINCE, name="已停用的机构", phone="010-1", is_active=False)

    page = client.get("/help/contacts/?q=确认点").content.decode()

    assert "历下区确认点" not in page
    assert "已停用的机构" not in client.get("/help/contacts/").content.decode()


def test_nothing_found_says_so(client, listed):
    assert "没有找到公布了联系方式的注册机构" in client.get("/help/contacts/?q=不存在的机构").content.decode()


def test_the_help_page_points_at_the_form_and_the_contacts(client, db):
    page = client.get("/help/").content.decode()

    assert 'href="/help/contact/"' in page
    assert 'href="/help/contacts/"' in page
