"""The demo world answers the window query with every case the brief names: open, over,
not taking part, not opened; and its featured applicant can pass the pre-check."""

from __future__ import annotations

import pytest

from teacherreg.accounts.models import User
from teacherreg.organisations.models import Organisation
from teacherreg.registration.services.precheck import precheck
from teacherreg.registration.services.windows import availability
from tests.demo import conftest as demo

pytestmark = pytest.mark.django_db
DEMO_DAY = demo.DEMO_DAY
demo_world = demo.demo_world  # the demo's module-scoped fixture: reference data and the demo, loaded once


@pytest.mark.parametrize(
    ("agency", "code"),
    [
        ("北京市海淀区教育委员会", ""),
        ("北京市东城区教育委员会", "window_no_plan"),
        ("济南市历下区教育和体育局", ""),
        ("济南市市中区教育和体育局", "window_over"),
        ("青岛市黄岛区教育和体育局", "window_not_open"),
        ("济南市教育局", "window_no_plan"),
    ],
)
def test_each_demo_agency_answers_as_designed(demo_world, agency, code):
    found = availability(Organisation.objects.get(name=agency), DEMO_DAY)

    assert found.reason_code == code
    assert found.ok is (code == "")


def test_the_featured_applicant_can_start(demo_world):
    teacher = User.objects.get(name="薛明")
    agency = Organisation.objects.get(name="北京市海淀区教育委员会")

    result = precheck(teacher, DEMO_DAY, agency=agency)

    assert result.blockers == []
    assert result.kind in {"first", "periodic"}


def test_demo_teachers_show_the_planned_shortfalls(demo_world):
    agency = Organisation.objects.get(name="北京市海淀区教育委员会")
    codes: set[str] = set()
    for teacher in User.objects.filter(kind="applicant").order_by("pk")[:80]:
        codes.update(precheck(teacher, DEMO_DAY, agency=agency).codes())

    for expected in (
        "precheck_registered_recently",
        "precheck_live_application",
        "precheck_training_short",
        "precheck_assessment_failed",
        "precheck_identity_unverified",
        "precheck_restricted_lost",
        "precheck_probation_failed",
    ):
        assert expected in codes, expected
