"""The dependent lists of the hand-added certificate form: cities of a province, subjects of a
type, and the agencies that could have issued the certificate (level, place, issue date, name
on that date)."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.certificates.services.manual_choices import agency_choices, city_choices, subject_choices
from teacherreg.organisations.models import Organisation, OrganisationNameChange, OrgLevel

pytestmark = pytest.mark.django_db

DAY = datetime.date(2005, 7, 1)


def names(choices) -> list[str]:
    return [name for _agency, name in choices]


def test_a_county_level_type_offers_the_county_agencies_of_the_city(world):
    choices = agency_choices(world.shandong, world.jinan, world.primary, DAY)
    # Not the city or province agency, not 青岛's counties, not the confirmation point, and not
    # 市中区 (annulled in 2003).
    assert [agency for agency, _name in choices] == [world.lixia_office]


def test_agencies_carry_their_name_on_the_issue_date(world):
    assert names(agency_choices(world.shandong, world.jinan, world.primary, DAY)) == ["济南市历下区教育局"]
    later = datetime.date(2010, 1, 1)
    assert names(agency_choices(world.shandong, world.jinan, world.primary, later)) == ["济南市历下区教育和体育局"]


def test_a_chain_of_renames_gives_the_name_in_force_that_day(world):
    OrganisationNameChange.objects.create(
        organisation=world.lixia_office,
        old_name="历下区教育办公室",
        new_name="济南市历下区教育局",
        changed_on=datetime.date(2000, 1, 1),
    )
    in_1998 = dict(agency_choices(world.shandong, world.jinan, world.primary, datetime.date(1998, 5, 1)))
    assert in_1998[world.lixia_office] == "历下区教育办公室"
    assert names(agency_choices(world.shandong, world.jinan, world.primary, DAY)) == ["济南市历下区教育局"]


def test_an_agency_annulled_after_the_issue_date_is_offered_one_annulled_before_is_hidden(world):
    before = agency_choices(world.shandong, world.jinan, world.primary, datetime.date(2001, 3, 1))
    assert world.old_county_office in [agency for agency, _ in before]
    on_the_day = agency_choices(world.shandong, world.jinan, world.primary, datetime.date(2003, 6, 30))
    assert world.old_county_office not in [agency for agency, _ in on_the_day]


def test_a_city_level_type_offers_the_city_agency(world):
    assert [a for a, _ in agency_choices(world.shandong, world.jinan, world.senior, DAY)] == [world.jinan_office]
    assert [a for a, _ in agency_choices(world.shandong, world.qingdao, world.senior, DAY)] == [
        Organisation.objects.get(name="青岛市教育局")
    ]


def test_in_a_municipality_the_city_level_is_the_municipal_agency(world):
    # 北京 has no city layer: the city picker offers 北京 itself, whose agency certifies 高中.
    assert city_choices(world.beijing) == [world.beijing]
    assert [a for a, _ in agency_choices(world.beijing, world.beijing, world.senior, DAY)] == [world.beijing_office]
    assert [a for a, _ in agency_choices(world.beijing, world.beijing, world.primary, DAY)] == [world.haidian_office]


def test_a_province_level_type_offers_the_provincial_agency_whatever_the_city(world):
    assert [a for a, _ in agency_choices(world.shandong, world.jinan, world.higher, DAY)] == [world.shandong_office]
    assert [a for a, _ in agency_choices(world.shandong, None, world.higher, DAY)] == [world.shandong_office]


def test_nothing_is_offered_until_province_type_city_and_date_are_known(world):
    assert agency_choices(None, world.jinan, world.primary, DAY) == []
    assert agency_choices(world.shandong, None, world.primary, DAY) == []
    assert agency_choices(world.shandong, world.jinan, None, DAY) == []
    assert agency_choices(world.shandong, world.jinan, world.primary, None) == []
    # A city of another province offers nothing.
    assert agency_choices(world.shandong, world.nanning, world.primary, DAY) == []


def test_a_county_agency_standing_for_its_city_is_offered(world):
    # A 地级市 without counties (东莞, 中山 …): its county-level agency sits on the city itself.
    own = Organisation.objects.create(level=OrgLevel.COUNTY, name="济南市直属学校认定办公室", region=world.jinan)
    assert own in [a for a, _ in agency_choices(world.shandong, world.jinan, world.primary, DAY)]


def test_cities_and_subjects_follow_what_is_chosen(world):
    assert city_choices(world.shandong) == [world.jinan, world.qingdao]
    assert city_choices(None) == []
    assert subject_choices(world.primary, world.shandong) == [world.chinese, world.foreign]
    assert subject_choices(world.senior, world.shandong) == [world.senior_maths]
    assert subject_choices(None, world.shandong) == []
