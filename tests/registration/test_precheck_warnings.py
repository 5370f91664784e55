"""Pre-check warnings passed to the reviewers (domain.md §1.3, §1.4) and 首次注册 vs 定期注册."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.accounts.models import IdentityStatus
from teacherreg.common.dates import add_months
from teacherreg.profiles.models import AnnualAssessment, EthicsAssessment, ProbationAssessment, TeachingSuspension
from teacherreg.reference.models import CodeItem, Subject, SubjectTree
from teacherreg.registration.services.precheck import WARNING, precheck
from tests.factories import ApplicantFactory, CertificateFactory
from tests.registration.world import TODAY, build_world, qualification_types, qualified, stages, training

pytestmark = pytest.mark.django_db
CYCLE_START = datetime.date(2021, 10, 20)  # the last 合格 registration: the cycle 2021–2026


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明", identity_status=IdentityStatus.VERIFIED)


@pytest.fixture
def certificate(teacher):
    """A 小学 certificate in Chinese, registered 合格 in 2021: this is a periodic registration."""
    cert = CertificateFactory(
        holder=teacher,
        qualification_type=qualification_types()["2"],
        subject_as_printed="语文",
        issued_on=datetime.date(2015, 7, 1),
    )
    qualified(cert, CYCLE_START, valid_until=datetime.date(2026, 10, 19))
    return cert


def _full_training(teacher, years=range(2021, 2027), hours=60):
    for year in years:
        training(teacher, year, "county", hours)


def _warnings(result) -> list[str]:
    return [f.code for f in result.warnings]


# --- training hours ---------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "warned"), [("359.5", True), ("360", False)])
def test_training_below_the_national_360_hours_is_a_warning(world, teacher, certificate, hours, warned):
    training(teacher, 2022, "county", hours)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert ("precheck_training_short" in _warnings(result)) is warned
    if warned:
        assert result.warnings[0].message == (
            "本注册周期（2021 年起）记录的培训学时共 359.5 学时，少于规定的 360 学时。"
        )


def test_training_before_the_cycle_does_not_count(world, teacher, certificate):
    training(teacher, 2020, "national", 400)

    assert "precheck_training_short" in _warnings(precheck(teacher, TODAY, agency=world.lixia))


def test_a_province_may_require_hours_by_level(world, teacher, certificate):
    # Like 河北: 260 in all plus 100 at 省级 or above.
    world.plan.training_hours_required = 260
    world.plan.training_hours_by_level = {"provincial": 100}
    world.plan.save()
    training(teacher, 2022, "county", 170)
    training(teacher, 2023, "provincial", 60)
    training(teacher, 2024, "national", 39)

    result = precheck(teacher, TODAY, agency=world.lixia)
    assert _warnings(result) == ["precheck_training_level_short"]
    assert result.warnings[0].message == (
        "本注册周期（2021 年起）省级及以上级别的培训记录为 99 学时，少于本省规定的 100 学时。"
    )

    training(teacher, 2025, "national", 1)
    assert _warnings(precheck(teacher, TODAY, agency=world.lixia)) == []


def test_without_an_agency_the_national_hours_apply(world, teacher, certificate):
    world.plan.training_hours_required = 100
    world.plan.save()
    training(teacher, 2022, "county", 200)

    assert "precheck_training_short" not in _warnings(precheck(teacher, TODAY, agency=world.lixia))
    assert "precheck_training_short" in _warnings(precheck(teacher, TODAY))


def test_a_plan_refuses_malformed_level_rules(world):
    from django.core.exceptions import ValidationError

    world.plan.training_hours_by_level = {"provincial": "100", "galactic": 5}
    with pytest.raises(ValidationError):
        world.plan.full_clean()


# --- annual assessments and ethics -------------------------------------------------------


def _assess(teacher, year: int, grade: str) -> None:
    AnnualAssessment.objects.create(person_document_number=teacher.document_number, year=year, grade=grade)


def test_one_failed_annual_assessment_is_a_warning_of_deferral(world, teacher, certificate):
    _full_training(teacher)
    for year in range(2021, 2026):
        _assess(teacher, year, "fail" if year == 2023 else "pass")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _warnings(result) == ["precheck_assessment_failed"]
    assert result.warnings[0].message.startswith("2023 年度考核为不合格。")


def test_two_failures_that_are_not_consecutive_stay_the_single_warning(world, teacher, certificate):
    _full_training(teacher)
    _assess(teacher, 2022, "fail")
    _assess(teacher, 2024, "fail")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _warnings(result) == ["precheck_assessment_failed"]
    assert result.warnings[0].params["years"] == "2022、2024"


def test_two_consecutive_failures_warn_of_an_unqualified_conclusion(world, teacher, certificate):
    _full_training(teacher)
    _assess(teacher, 2023, "fail")
    _assess(teacher, 2024, "fail")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _warnings(result) == ["precheck_assessment_failed_consecutive"]
    assert result.warnings[0].message.startswith("2023、2024 连续两年年度考核不合格")


def test_a_failure_before_the_cycle_is_not_reported(world, teacher, certificate):
    _full_training(teacher)
    _assess(teacher, 2020, "fail")
    _assess(teacher, 2021, "basic_pass")

    assert _warnings(precheck(teacher, TODAY, agency=world.lixia)) == []


def test_an_ethics_failure_is_a_warning(world, teacher, certificate):
    _full_training(teacher)
    EthicsAssessment.objects.create(person_document_number=teacher.document_number, year=2024, result="fail")
    EthicsAssessment.objects.create(person_document_number=teacher.document_number, year=2025, result="pass")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _warnings(result) == ["precheck_ethics_failed"]
    assert result.warnings[0].message == "2024 年度师德考核为不合格。师德考核不合格的，不能注册合格。"


def test_another_persons_records_are_not_read(world, teacher, certificate):
    _full_training(teacher)
    stranger = ApplicantFactory()
    AnnualAssessment.objects.create(person_document_number=stranger.document_number, year=2023, grade="fail")

    assert _warnings(precheck(teacher, TODAY, agency=world.lixia)) == []


# --- teaching suspended ------------------------------------------------------------------------


def _suspend(teacher, starts: datetime.date, ends: datetime.date | None, excused: bool = False) -> None:
    TeachingSuspension.objects.create(
        person_document_number=teacher.document_number, starts_on=starts, ends_on=ends, is_excused=excused
    )


@pytest.mark.parametrize(
    ("ends", "excused", "warned"),
    [
        (add_months(datetime.date(2023, 3, 1), 6) + datetime.timedelta(days=1), False, True),
        (add_months(datetime.date(2023, 3, 1), 6), False, False),  # exactly half a year: one semester
        (datetime.date(2024, 6, 30), True, False),  # 病休, 产假 … approved
        (None, False, True),  # still suspended today
    ],
    ids=["over a semester", "one semester", "excused", "ongoing"],
)
def test_teaching_suspended_over_a_semester_without_excuse_is_a_warning(
    world, teacher, certificate, ends, excused, warned
):
    _full_training(teacher)
    _suspend(teacher, datetime.date(2023, 3, 1), ends, excused)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert ("precheck_suspension" in _warnings(result)) is warned


def test_a_suspension_that_ended_before_the_cycle_is_not_reported(world, teacher, certificate):
    _full_training(teacher)
    _suspend(teacher, datetime.date(2019, 1, 1), datetime.date(2020, 6, 30))

    assert _warnings(precheck(teacher, TODAY, agency=world.lixia)) == []


# --- 首次注册 or 定期注册 --------------------------------------------------------------------------


def test_a_certificate_without_a_qualified_registration_is_a_first_registration(world, teacher):
    CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert (result.kind, result.kind_label, result.ordinal) == ("first", "首次注册", 1)
    assert _warnings(result) == ["precheck_probation_missing"]


@pytest.mark.parametrize(("passed", "codes"), [(True, []), (False, ["precheck_probation_failed"])])
def test_a_first_registration_needs_the_probation_assessment_passed(world, teacher, passed, codes):
    CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    ProbationAssessment.objects.create(
        person_document_number=teacher.document_number, assessed_on=datetime.date(2026, 8, 31), passed=passed
    )

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _warnings(result) == codes


def test_a_first_registration_is_not_judged_on_training_hours(world, teacher):
    CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    ProbationAssessment.objects.create(
        person_document_number=teacher.document_number, assessed_on=datetime.date(2026, 8, 31), passed=True
    )

    assert "precheck_training_short" not in _warnings(precheck(teacher, TODAY, agency=world.lixia))


def test_a_periodic_registration_counts_the_next_ordinal(world, teacher, certificate):
    _full_training(teacher)
    qualified(certificate, datetime.date(2016, 10, 20), valid_until=datetime.date(2021, 10, 19))

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert (result.kind, result.kind_label, result.ordinal) == ("periodic", "定期注册", 3)


# --- the certificate against the post ----------------------------------------------------------


def _current(code: str, name: str, stage: str, parent: Subject | None = None) -> Subject:
    return Subject.objects.create(tree=SubjectTree.CURRENT, code=code, name=name, stage=stages()[stage], parent=parent)


@pytest.mark.parametrize(
    ("stage", "code"),
    [("junior", "precheck_stage_lower"), ("kinder", "precheck_stage_mismatch"), ("voc", "precheck_stage_mismatch")],
)
def test_a_certificate_for_another_stage_is_a_warning(world, teacher, certificate, stage, code):
    _full_training(teacher)

    result = precheck(teacher, TODAY, agency=world.lixia, draft={"current_stage": stage})

    assert _warnings(result) == [code]


def test_the_lower_stage_message_names_both(world, teacher, certificate):
    _full_training(teacher)

    finding = precheck(teacher, TODAY, agency=world.lixia, draft={"current_stage": "junior"}).warnings[0]

    assert finding.message.startswith("证书的资格种类（小学教师资格）低于您现任教学段（初级中学）。")


@pytest.mark.parametrize(
    ("printed", "current", "warned"),
    [
        ("语文", "数学", True),
        ("语文", "语文", False),
        ("生物", "生物学", False),
        ("信息技术", "信息科技", False),
        ("其他", "数学", False),
    ],
)
def test_a_certificate_subject_that_differs_from_the_current_one_is_a_warning(
    world, teacher, certificate, printed, current, warned
):
    _full_training(teacher)
    certificate.subject_as_printed = printed
    certificate.save()
    _current("P-x", current, "primary")

    result = precheck(teacher, TODAY, agency=world.lixia, draft={"current_stage": "primary", "current_subject": "P-x"})

    assert ("precheck_subject_mismatch" in _warnings(result)) is warned


def test_an_old_foreign_language_certificate_covers_each_foreign_language(world, teacher, certificate):
    _full_training(teacher)
    certificate.subject_as_printed = "外语"
    certificate.save()
    foreign = _current("P-foreign", "外语", "primary")
    _current("P-english", "英语", "primary", parent=foreign)

    draft = {"current_stage": "primary", "current_subject": "P-english"}
    assert _warnings(precheck(teacher, TODAY, agency=world.lixia, draft=draft)) == []


def test_the_stage_chosen_at_the_window_query_picks_the_matching_certificate(world, teacher, certificate):
    _full_training(teacher)
    junior = CertificateFactory(holder=teacher, qualification_type=qualification_types()["3"])

    assert precheck(teacher, TODAY, agency=world.lixia, draft={"current_stage": "junior"}).certificate == junior
    # Without a stage, the certificate registered most recently is the likeliest.
    assert precheck(teacher, TODAY, agency=world.lixia).certificate == certificate


# --- the post and the school -------------------------------------------------------------------


@pytest.fixture
def codes():
    rows = [
        ("post_nature", "1", "在编在岗", {}),
        ("post_nature", "2", "非在编在岗（合同制）", {}),
        ("post_nature", "3", "特岗教师", {}),
        ("school_nature", "12", "公办小学", {"ownership": "public"}),
        ("school_nature", "22", "民办小学", {"ownership": "private"}),
    ]
    for kind, code, name, extra in rows:
        CodeItem.objects.get_or_create(kind=kind, code=code, defaults={"name": name, "extra": extra})


@pytest.mark.parametrize(
    ("post", "school", "includes_private", "expected"),
    [
        ("1", "12", False, []),
        ("3", "12", False, ["precheck_post_special"]),
        ("2", "12", False, ["precheck_post_not_established"]),
        ("1", "22", False, ["precheck_private_school"]),
        ("2", "22", False, ["precheck_private_school", "precheck_post_not_established"]),
        ("2", "22", True, []),
        ("3", "22", True, ["precheck_post_special"]),
    ],
)
def test_a_post_outside_the_provinces_scope_is_a_warning(
    world, teacher, certificate, codes, post, school, includes_private, expected
):
    _full_training(teacher)
    world.plan.includes_private_schools = includes_private
    world.plan.save()

    result = precheck(teacher, TODAY, agency=world.lixia, draft={"post_nature": post, "school_nature": school})

    assert _warnings(result) == expected
    assert all(f.severity == WARNING for f in result.warnings)


def test_without_the_post_answers_the_scope_is_not_checked(world, teacher, certificate, codes):
    _full_training(teacher)

    assert _warnings(precheck(teacher, TODAY, agency=world.lixia, draft={})) == []
