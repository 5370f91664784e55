"""Region queries: 直辖市, 省直辖县, historical codes."""

from __future__ import annotations

import pytest

from teacherreg.reference import services
from teacherreg.reference.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def region(code: str) -> Region:
    return Region.objects.current().get(code=code)


@pytest.mark.parametrize("code", ["110000", "120000", "310000", "500000"])
def test_it_has_no_city_layer_under_a_municipality(code):
    municipality = region(code)

    assert municipality.is_municipality is True
    assert services.cities_of(municipality) == [municipality]
    assert not services.children_of(municipality).filter(level="city").exists()


def test_it_lists_a_municipalitys_districts_as_its_counties():
    counties = services.counties_of(region("110000"))
    codes = [county.code for county in counties]

    assert len(codes) == 16
    assert codes[0] == "110101"
    assert "110118" in codes  # 密云区
    assert "110228" not in codes  # 密云县, abolished in 2015
    assert "110100" not in codes  # the grouping code 市辖区


def test_it_lets_a_province_administered_county_act_as_its_own_city():
    hubei = region("420000")
    xiantao = region("429004")

    cities = services.cities_of(hubei)

    assert xiantao.parent == hubei
    assert xiantao.acts_as_city is True
    assert xiantao in cities
    assert region("420100") in cities  # 武汉市, an ordinary prefecture
    assert services.counties_of(xiantao) == [xiantao]


def test_it_offers_the_xinjiang_corps_cities_as_cities():
    codes = [city.code for city in services.cities_of(region("650000"))]
    assert "659001" in codes  # 石河子市
    assert "650100" in codes  # 乌鲁木齐市


def test_it_lists_the_counties_of_an_ordinary_prefecture():
    codes = [county.code for county in services.counties_of(region("130100"))]
    assert "130102" in codes  # 长安区
    assert all(code.startswith("1301") for code in codes)


def test_it_keeps_a_historical_code_with_its_years():
    miyun = Region.objects.get(code="110228")

    assert miyun.name == "密云县"
    assert (miyun.valid_from, miyun.valid_until) == (1982, 2015)
    assert miyun.is_current is False
    assert miyun.parent.code == "110000"


def test_it_knows_which_codes_ever_existed():
    assert services.region_existed("110228") is True
    assert services.region_existed("110118") is True
    assert services.region_existed("130101") is True  # grouping code, seen in old ID numbers
    assert services.region_existed("000000") is False
    assert services.region_existed("11022") is False
    assert services.region_existed("１１０２２８") is False


def test_it_accepts_the_taiwan_residence_permit_prefix_only_as_an_id_address_code():
    assert services.region_existed("830000") is False
    assert services.id_address_code_known("830000") is True


def test_it_gives_the_name_a_code_had_in_a_given_year():
    assert services.region_in_year("110228", 2000).name == "密云县"
    assert services.region_in_year("110118", 2000) is None
    assert services.region_in_year("120110", 1990).name == "东郊区"
    assert services.region_in_year("120110", 2000).name == "东丽区"


def test_it_keeps_lookup_only_codes_out_of_pickers():
    grouping = Region.objects.get(code="110100")

    assert grouping.lookup_only is True
    assert grouping not in Region.objects.current()
    assert Region.objects.current().filter(code="232761").exists() is False
