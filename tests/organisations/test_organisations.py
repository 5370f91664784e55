import datetime

import pytest

from teacherreg.organisations.models import (
    Agency,
    ConfirmationPoint,
    Organisation,
    OrganisationNameChange,
    OrgLevel,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_gives_the_name_in_force_on_a_date():
    agency = OrganisationFactory(name="济南市历下区教育和体育局")
    OrganisationNameChange.objects.create(
        organisation=agency, old_name="历下区教育局", new_name="历下区教育体育局", changed_on=datetime.date(2010, 3, 1)
    )
    OrganisationNameChange.objects.create(
        organisation=agency,
        old_name="历下区教育体育局",
        new_name="济南市历下区教育和体育局",
        changed_on=datetime.date(2019, 6, 1),
    )
    assert agency.name_on(datetime.date(2008, 5, 1)) == "历下区教育局"
    assert agency.name_on(datetime.date(2010, 3, 1)) == "历下区教育体育局"
    assert agency.name_on(datetime.date(2015, 1, 1)) == "历下区教育体育局"
    assert agency.name_on(datetime.date(2019, 6, 1)) == "济南市历下区教育和体育局"
    assert agency.name_on(datetime.date(2025, 1, 1)) == "济南市历下区教育和体育局"


def test_agencies_annulled_before_a_date_are_hidden_for_that_date():
    kept = OrganisationFactory(name="仍在的教育局")
    gone = OrganisationFactory(name="已撤销的教育局", annulled_on=datetime.date(2012, 1, 1))
    assert set(Organisation.objects.existing_on(datetime.date(2010, 1, 1))) == {kept, gone}
    assert set(Organisation.objects.existing_on(datetime.date(2012, 1, 1))) == {kept}


def test_the_proxies_split_agencies_from_confirmation_points():
    province = OrganisationFactory(level=OrgLevel.PROVINCE, name="某省教育厅")
    county = OrganisationFactory(level=OrgLevel.COUNTY, parent=province)
    point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, parent=county)
    assert set(Agency.objects.all()) == {province, county}
    assert list(ConfirmationPoint.objects.all()) == [point]
    assert point.province() == province
    assert point.ancestors() == [county, province]
