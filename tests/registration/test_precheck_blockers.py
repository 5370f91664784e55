"""Pre-check blockers and to-dos: P19 at its boundaries, restrictions, a live application
(P14), no usable certificate, the window (P17), identity (P8)."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.accounts.models import IdentityStatus
from teacherreg.certificates.models import Conclusion, RegistrationRecord, Restriction, VerificationState
from teacherreg.common.dates import add_months, add_years
from teacherreg.registration.services.precheck import (
    BLOCKER,
    TODO,
    certificate_usability,
    precheck,
)
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory
from tests.registration.world import TODAY, build_world, qualification_types, qualified

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明", identity_status=IdentityStatus.VERIFIED)


def _certificate(teacher, qual: str = "2", **extra):
    return CertificateFactory(
        holder=teacher,
        qualification_type=qualification_types()[qual],
        issued_on=datetime.date(2015, 7, 1),
        **extra,
    )


def _blockers(result) -> list[str]:
    return [f.code for f in result.blockers]


# --- P19: a 合格 registration still valid for more than N months ----------------------------


@pytest.mark.parametrize(
    ("offset", "blocked"),
    [(-1, False), (0, False), (1, True)],
    ids=["ends a day before N months", "ends exactly N months out", "ends a day after N months"],
)
def test_a_qualified_registration_blocks_until_n_months_before_it_ends(world, teacher, offset, blocked):
    certificate = _certificate(teacher)
    qualified(certificate, datetime.date(2021, 11, 1), valid_until=add_months(TODAY, 6) + offset * DAY)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert ("precheck_registered_recently" in _blockers(result)) is blocked


def test_the_months_come_from_the_province_plan(world, teacher):
    world.plan.renewal_months_before_expiry = 3
    world.plan.save()
    certificate = _certificate(teacher)
    qualified(certificate, datetime.date(2022, 1, 1), valid_until=add_months(TODAY, 4))

    assert "precheck_registered_recently" in _blockers(precheck(teacher, TODAY, agency=world.lixia))
    # The national default of 6 months would let it through.
    assert precheck(teacher, TODAY).blockers == []


def test_the_recent_registration_message_gives_the_dates_and_the_first_day_to_apply(world, teacher):
    certificate = _certificate(teacher, number_as_printed="20151100210000008")
    qualified(certificate, datetime.date(2024, 3, 5))

    finding = precheck(teacher, TODAY, agency=world.lixia).blockers[0]

    assert finding.message == (
        "证书号码为 2015*****08 的证书已于 2024年3月5日 注册合格，有效期到 2029年3月4日，现在无需再注册。"
    )
    assert finding.action == "本省在注册有效期届满前 6 个月内受理下一次注册，您可以从 2028年9月4日 起报名。"


def test_the_first_day_to_renew_is_n_months_before_the_end_with_month_ends_clamped():
    from teacherreg.registration.services.precheck import earliest_renewal

    assert earliest_renewal(datetime.date(2029, 12, 31), 6) == datetime.date(2029, 6, 30)
    assert earliest_renewal(datetime.date(2027, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_a_deferral_does_not_block(world, teacher):
    certificate = _certificate(teacher)
    qualified(certificate, datetime.date(2016, 10, 1), valid_until=datetime.date(2021, 9, 30))
    RegistrationRecord.objects.create(
        certificate=certificate, conclusion=Conclusion.DEFERRED, decided_on=datetime.date(2025, 12, 1)
    )

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert result.blockers == []
    assert result.kind == "periodic"


@pytest.mark.parametrize(("offset", "blocked"), [(-1, False), (0, False), (1, True)])
def test_a_revoked_registration_blocks_for_five_years(world, teacher, offset, blocked):
    certificate = _certificate(teacher)
    decided = add_years(TODAY, -5) + offset * DAY
    RegistrationRecord.objects.create(certificate=certificate, conclusion=Conclusion.REVOKED, decided_on=decided)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert ("precheck_registration_revoked" in _blockers(result)) is blocked
    if blocked:
        assert "5 年内不能再注册" in result.blockers[0].message


# --- restrictions (限制库) -------------------------------------------------------------------


def _restrict(teacher, certificate, kind: str, starts_on: datetime.date, **extra) -> Restriction:
    return Restriction.objects.create(
        kind=kind,
        holder_document_number=teacher.document_number,
        certificate=certificate,
        starts_on=starts_on,
        **extra,
    )


@pytest.mark.parametrize(
    ("kind", "years", "code"),
    [
        ("revoked_conduct", 5, "precheck_restricted_revoked"),
        ("revoked_fraud", 5, "precheck_restricted_revoked"),
        ("exam_cheating", 3, "precheck_restricted_cheating"),
    ],
)
@pytest.mark.parametrize(("offset", "in_force"), [(1, True), (0, False), (-1, False)])
def test_a_restriction_blocks_for_its_years(world, teacher, kind, years, code, offset, in_force):
    certificate = _certificate(teacher)
    _restrict(teacher, certificate, kind, add_years(TODAY, -years) + offset * DAY)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert (code in _blockers(result)) is in_force


def test_a_lost_qualification_blocks_for_life_unless_lifted(world, teacher):
    certificate = _certificate(teacher, number_as_printed="20151100210000009")
    restriction = _restrict(teacher, certificate, "lost", datetime.date(1999, 1, 1))

    finding = precheck(teacher, TODAY, agency=world.lixia).blockers[0]
    assert finding.code == "precheck_restricted_lost"
    assert finding.message == "证书号码为 2015*****09 的教师资格已被依法注销（丧失教师资格），不能定期注册。"

    restriction.is_lifted = True
    restriction.save()
    assert precheck(teacher, TODAY, agency=world.lixia).blockers == []


@pytest.mark.parametrize("kind", ["revoked_conduct", "revoked_fraud", "exam_cheating", "other"])
def test_a_lifted_restriction_no_longer_blocks(world, teacher, kind):
    certificate = _certificate(teacher)
    _restrict(teacher, certificate, kind, add_years(TODAY, -1), is_lifted=True)

    assert precheck(teacher, TODAY, agency=world.lixia).blockers == []


def test_an_other_restriction_blocks_until_lifted_with_its_own_message(world, teacher):
    certificate = _certificate(teacher)
    _restrict(teacher, certificate, "other", datetime.date(2012, 1, 1))

    finding = precheck(teacher, TODAY, agency=world.lixia).blockers[0]

    assert finding.code == "precheck_restricted_other"
    assert finding.action == "请联系原发证机构了解限制的原因。"


def test_the_gravest_restriction_in_force_is_the_one_told(world, teacher):
    certificate = _certificate(teacher)
    _restrict(teacher, certificate, "exam_cheating", add_years(TODAY, -1))
    _restrict(teacher, None, "lost", datetime.date(2001, 1, 1))

    assert _blockers(precheck(teacher, TODAY, agency=world.lixia)) == ["precheck_restricted_lost"]


def test_a_person_level_restriction_binds_every_certificate_of_that_person(world, teacher):
    _certificate(teacher)
    _certificate(teacher, qual="3")
    _restrict(teacher, None, "exam_cheating", add_years(TODAY, -1))

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _blockers(result) == ["precheck_restricted_cheating", "precheck_restricted_cheating"]
    assert result.blockers[0].action.startswith("2028年10月10日 起才能重新申请")


def test_another_persons_restriction_does_not_bind(world, teacher):
    _certificate(teacher)
    other = ApplicantFactory()
    _restrict(other, None, "lost", datetime.date(2010, 1, 1))

    assert precheck(teacher, TODAY, agency=world.lixia).blockers == []


# --- certificates -------------------------------------------------------------------------


def test_without_any_certificate_it_says_so_with_where_to_look(world, teacher):
    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _blockers(result) == ["precheck_no_certificate"]
    assert result.kind is None


def test_a_higher_education_certificate_alone_cannot_be_registered(world, teacher):
    _certificate(teacher, qual="7")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert _blockers(result) == ["precheck_higher_education"]


def test_one_usable_certificate_is_enough_and_the_others_are_not_reported(world, teacher):
    _certificate(teacher, qual="7")
    usable = _certificate(teacher, qual="2")

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert result.blockers == []
    assert result.usable_certificates == [usable]
    assert result.certificate == usable


def test_a_certificate_whose_verification_was_refused_cannot_be_used(world, teacher):
    certificate = _certificate(teacher, source="manual", verification_state=VerificationState.REJECTED)

    usable, reason = certificate_usability(certificate, TODAY)

    assert usable is False
    assert reason.code == "precheck_certificate_rejected"


def test_usability_names_each_reason_for_the_certificate_list(world, teacher):
    higher = _certificate(teacher, qual="7")
    recent = _certificate(teacher, qual="3")
    qualified(recent, datetime.date(2025, 1, 1))
    fine = _certificate(teacher, qual="2")

    assert certificate_usability(higher, TODAY).reason.code == "precheck_higher_education"
    assert certificate_usability(recent, TODAY).reason.code == "precheck_registered_recently"
    assert tuple(certificate_usability(fine, TODAY)) == (True, None)


def test_a_certificate_chosen_for_submission_must_be_the_applicants_own(world, teacher):
    someone_elses = CertificateFactory(qualification_type=qualification_types()["2"])

    result = precheck(teacher, TODAY, certificate=someone_elses, agency=world.lixia)

    assert _blockers(result) == ["precheck_certificate_not_yours"]


# --- P14: a live application ---------------------------------------------------------------


def test_a_live_application_this_year_blocks_with_its_number(world, teacher):
    certificate = _certificate(teacher)
    application = ApplicationFactory(
        applicant=teacher, certificate=certificate, arrangement=world.arrangement, number="202637010200001"
    )

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert "precheck_live_application" in _blockers(result)
    live = next(f for f in result.blockers if f.code == "precheck_live_application")
    assert live.message == (
        "您在 2026 年度已经提交过定期注册申请（注册报名号 202637010200001）。每人每年只能提交一份定期注册申请。"
    )
    # The certificate is in that application too.
    assert "precheck_certificate_in_application" in _blockers(result)
    assert application.registration_year == 2026


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.LAPSED])
def test_a_withdrawn_or_lapsed_application_does_not_block(world, teacher, status):
    certificate = _certificate(teacher)
    ApplicationFactory(applicant=teacher, certificate=certificate, arrangement=world.arrangement, status=status)

    assert precheck(teacher, TODAY, agency=world.lixia).blockers == []


def test_an_application_of_an_earlier_year_does_not_block(world, teacher):
    certificate = _certificate(teacher)
    ApplicationFactory(
        applicant=teacher, certificate=certificate, arrangement=world.arrangement, registration_year=2025
    )

    assert precheck(teacher, TODAY, agency=world.lixia).blockers == []


def test_the_same_person_under_another_account_is_still_one_person(world, teacher):
    _certificate(teacher)
    # P14's person key is the document: an application made under a legacy account counts.
    legacy = ApplicantFactory.build(document_number=teacher.document_number)
    application = ApplicationFactory(applicant=ApplicantFactory(), arrangement=world.arrangement)
    application.document_number = legacy.document_number
    application.save()

    assert "precheck_live_application" in _blockers(precheck(teacher, TODAY, agency=world.lixia))


# --- P17: the window --------------------------------------------------------------------


def test_outside_the_window_it_blocks_with_the_agencys_reason(world, teacher):
    _certificate(teacher)

    result = precheck(teacher, datetime.date(2026, 10, 24), agency=world.lixia)

    assert _blockers(result) == ["window_over"]
    assert "网报时间已经截止" in result.blockers[0].message


def test_a_chosen_point_that_was_withdrawn_blocks(world, teacher):
    _certificate(teacher)
    world.arrangement.is_published = False
    world.arrangement.save()

    result = precheck(teacher, TODAY, agency=world.lixia, draft={"arrangement": world.arrangement.pk})

    assert _blockers(result) == ["registration_choice_unavailable"]


# --- P8: identity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        (IdentityStatus.VERIFIED, []),
        (IdentityStatus.UNVERIFIED, ["precheck_identity_unverified"]),
        (IdentityStatus.FAILED, ["precheck_identity_unverified"]),
        (IdentityStatus.MANUAL_REVIEW, ["precheck_identity_in_review"]),
    ],
)
def test_an_unverified_identity_is_a_todo_not_a_blocker(world, teacher, status, codes):
    teacher.identity_status = status
    teacher.save()
    _certificate(teacher)

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert [f.code for f in result.todos] == codes
    assert all(f.severity == TODO for f in result.todos)
    assert result.blockers == []
    assert result.can_continue


def test_findings_are_ordered_blockers_first_and_serialise_for_the_application(world, teacher):
    teacher.identity_status = IdentityStatus.UNVERIFIED
    teacher.save()
    certificate = _certificate(teacher)
    qualified(certificate, datetime.date(2025, 1, 1))

    result = precheck(teacher, TODAY, agency=world.lixia)

    assert [f.severity for f in result.findings] == [BLOCKER, TODO]
    assert result.as_json()[0] == {
        "code": "precheck_registered_recently",
        "severity": "blocker",
        "params": {
            "certificate": result.findings[0].params["certificate"],
            "decided_on": "2025-01-01",
            "valid_until": "2029-12-31",
            "months": 6,
            "earliest": "2029-06-30",
        },
    }


def test_findings_come_back_from_json_with_their_dates(world, teacher):
    from teacherreg.registration.services.findings import Finding

    certificate = _certificate(teacher)
    qualified(certificate, datetime.date(2025, 1, 1))
    finding = precheck(teacher, TODAY, agency=world.lixia).blockers[0]

    again = Finding.from_json(finding.as_json())

    assert again == finding
    assert again.message == finding.message
