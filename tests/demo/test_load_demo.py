"""The demo world (issue 2 item 7, P24)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from teacherreg.accounts.models import StaffMembership, StaffRole, User, UserKind
from teacherreg.certificates.models import Certificate, CertificateSource, Restriction
from teacherreg.common import idnumber
from teacherreg.demo.world import DemoRefused, load_demo
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.profiles.models import AnnualAssessment, AssessmentGrade
from teacherreg.registration.models import AgencyBatch, Application, ApplicationWindow
from teacherreg.registration.workflow import Status
from tests.demo.conftest import DEMO_DAY

pytestmark = pytest.mark.django_db


def test_it_has_about_two_hundred_applicants_with_valid_id_numbers(demo_world):
    applicants = list(User.objects.filter(kind=UserKind.APPLICANT))
    assert len(applicants) == 200
    numbers = [u.document_number for u in applicants]
    assert all(idnumber.has_valid_checksum(n) for n in numbers)
    assert len(set(numbers)) == 200
    assert sum(n.endswith("X") for n in numbers) >= 10
    # The derived sex agrees with the 17th digit (GB 11643).
    assert all(idnumber.is_male(u.document_number) == (u.sex == "male") for u in applicants)


def test_it_includes_rare_characters_minority_names_and_two_legacy_accounts(demo_world):
    names = set(User.objects.filter(kind=UserKind.APPLICANT).values_list("name", flat=True))
    assert "王𠈌" in names  # CJK Extension B
    assert "李䶮" in names  # CJK Extension A
    assert "买买提·艾力" in names
    legacy = User.objects.filter(is_legacy=True)
    assert legacy.count() == 2
    assert all(u.date_joined.year < 2019 for u in legacy)


def test_it_has_two_provinces_one_a_municipality_without_a_city_layer(demo_world):
    provinces = Organisation.objects.filter(level=OrgLevel.PROVINCE)
    assert {p.region.code for p in provinces} == {"110000", "370000"}
    beijing = provinces.get(region__code="110000")
    assert not beijing.children.filter(level=OrgLevel.CITY).exists()
    assert beijing.children.filter(level=OrgLevel.COUNTY).count() == 3
    assert Organisation.objects.filter(level=OrgLevel.CITY).count() == 2
    points = Organisation.objects.filter(level=OrgLevel.CONFIRMATION_POINT)
    assert points.count() >= 7
    assert all(p.confirmation_scope and p.phone and p.address for p in points)


def test_it_has_a_window_open_today_and_one_closed_and_agencies_not_open(demo_world):
    windows = ApplicationWindow.objects.all()
    assert any(w.is_open_on(DEMO_DAY) for w in windows)
    assert any(w.ends_on < DEMO_DAY for w in windows)
    assert AgencyBatch.objects.filter(takes_part=False).exists()
    assert AgencyBatch.objects.filter(takes_part=True, is_open=False).exists()


def test_it_has_applications_in_every_status(demo_world):
    counts = Counter(Application.objects.values_list("status", flat=True))
    assert set(counts) == {s.value for s in Status}


def test_cases_under_public_notice_carry_the_county_proposal_and_the_notice_dates(demo_world):
    """ADR 0001: 公示 follows the county's proposal, before 复核 and 终审."""
    for app in Application.objects.filter(status=Status.PUBLIC_NOTICE):
        levels = list(app.decisions.in_force().values_list("level", "outcome"))
        assert levels[-1] == ("county", "qualified")
        assert app.notice_starts_on <= DEMO_DAY <= app.notice_ends_on


def test_application_numbers_follow_p16_and_are_gapless_per_agency(demo_world):
    by_agency: dict[int, list[int]] = {}
    for number, agency_id, code in Application.objects.values_list("number", "agency_id", "agency__region__code"):
        assert re.fullmatch(rf"2026{code}\d{{5}}", number), number
        by_agency.setdefault(agency_id, []).append(int(number[-5:]))
    for sequences in by_agency.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


def test_it_has_certificates_of_every_kind_the_issue_names(demo_world):
    certificates = Certificate.objects.all()
    assert certificates.filter(issued_on__year__gte=2008, source=CertificateSource.SYNCED).exists()
    assert certificates.filter(issued_on__year__lt=2008).exists()
    assert certificates.filter(qualification_type__code="7").exists()
    assert certificates.filter(source=CertificateSource.MANUAL, verification_state="pending").exists()
    assert any(len(c.number_as_printed) == 15 for c in certificates)


def test_teacher_records_make_some_eligible_and_some_not(demo_world):
    assert AnnualAssessment.objects.filter(grade=AssessmentGrade.FAIL).exists()
    assert AnnualAssessment.objects.filter(grade=AssessmentGrade.PASS).exists()
    assert Restriction.objects.count() >= 3


def test_staff_of_every_role_have_fixed_totp_seeds(demo_world):
    roles = set(StaffMembership.objects.values_list("role", flat=True))
    assert roles == {r.value for r in StaffRole}
    staff = User.objects.filter(kind=UserKind.STAFF, username__startswith="demo-")
    assert all(re.fullmatch(r"[A-Z2-7]{32}", u.totp_secret or "") for u in staff)
    assert User.objects.filter(username="demo-admin", is_superuser=True).exists()


def test_loading_again_changes_nothing_but_dates(demo_world):
    before = (
        User.objects.count(),
        Application.objects.count(),
        Certificate.objects.count(),
        Organisation.objects.count(),
    )
    summary = load_demo(today=DEMO_DAY)
    after = (
        User.objects.count(),
        Application.objects.count(),
        Certificate.objects.count(),
        Organisation.objects.count(),
    )
    assert summary.created_people is False
    assert after == before


@override_settings(DEBUG=False, TEACHERREG_DEMO_ALLOWED=False)
def test_it_refuses_to_load_without_debug_or_the_demo_flag():
    with pytest.raises(DemoRefused):
        load_demo()
    with pytest.raises(CommandError, match="演示数据只能在开发或演示环境加载"):
        call_command("load_demo")
