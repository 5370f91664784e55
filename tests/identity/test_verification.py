"""verify_identity: the daily limit, the provider's answers, P6 and P9 (manual §2.1,
security.md §4.5)."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError

from teacherreg.accounts.models import DocumentType, IdentityStatus
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.identity.models import VerificationDay
from teacherreg.identity.providers import CheckOutcome
from teacherreg.identity.services import Outcome, purge_old_verification_days, tries_left_today, verify_identity
from teacherreg.identity.tasks import purge_old_verification_counters
from tests.factories import ApplicantFactory, StaffFactory
from tests.identity.conftest import register, submit_review
from tests.identity.providers import BrokenProvider, CountingProvider

pytestmark = pytest.mark.django_db

COUNTING = "tests.identity.providers.CountingProvider"
TIMEOUT = "teacherreg.identity.providers.testing.TimeoutProvider"


@pytest.fixture
def counting(settings):
    settings.TEACHERREG_IDENTITY_PROVIDER = COUNTING
    CountingProvider.reset()
    return CountingProvider


@pytest.fixture
def applicant():
    return ApplicantFactory(name="张三")


def test_it_verifies_a_matching_name_and_number(applicant):
    register(applicant)

    result = verify_identity(applicant, name="张三")

    assert result.outcome == Outcome.VERIFIED
    assert result.message == "实名核验通过。"
    assert result.tries_left == 2
    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.VERIFIED


def test_it_allows_three_tries_a_day_and_refuses_the_fourth(applicant, counting):
    register(applicant, "张叁")

    results = [verify_identity(applicant, name="张三") for _ in range(3)]
    with pytest.raises(DomainError) as fourth:
        verify_identity(applicant, name="张三")

    assert [r.outcome for r in results] == [Outcome.MISMATCH] * 3
    assert [r.tries_left for r in results] == [2, 1, 0]
    assert results[0].message == (
        "姓名与证件号码不一致，实名核验未通过。请逐字核对姓名（包括生僻字和间隔号“·”）后再试。今天还可以核验 2 次。"
    )
    assert fourth.value.code == "identity_no_tries_left"
    assert fourth.value.message.startswith("今天的 3 次实名核验机会已经用完")
    assert counting.calls == 3
    assert tries_left_today(applicant) == 0


def test_the_count_starts_again_at_midnight_in_shanghai_not_utc(applicant, counting):
    register(applicant, "张叁")
    # 09:00 on 31 December in Shanghai.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 1, 0, tzinfo=datetime.UTC), tick=False):
        for _ in range(3):
            verify_identity(applicant, name="张三")

    # 23:59:59 on 31 December in Shanghai: still the same day.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 15, 59, 59, tzinfo=datetime.UTC), tick=False):
        assert tries_left_today(applicant) == 0
        with pytest.raises(DomainError, match="identity_no_tries_left"):
            verify_identity(applicant, name="张三")

    # 00:00:00 on 1 January in Shanghai (16:00 UTC, still 31 December in UTC): a new day.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 16, 0, 0, tzinfo=datetime.UTC), tick=False):
        assert tries_left_today(applicant) == 3
        assert verify_identity(applicant, name="张三").tries_left == 2

    assert sorted(VerificationDay.objects.filter(user=applicant).values_list("day", "tries")) == [
        (datetime.date(2026, 12, 31), 3),
        (datetime.date(2027, 1, 1), 1),
    ]
    assert counting.calls == 4


def test_a_provider_timeout_does_not_use_a_try(applicant, settings):
    register(applicant)
    settings.TEACHERREG_IDENTITY_PROVIDER = TIMEOUT

    result = verify_identity(applicant, name="张三")

    assert result.outcome == Outcome.UNAVAILABLE
    assert result.tries_left == 3
    assert result.message == "公安身份核验服务暂时无法连接，本次不计入核验次数，请稍后再试。今天还可以核验 3 次。"
    assert result.offer_manual_review
    assert VerificationDay.objects.get(user=applicant).tries == 0
    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.UNVERIFIED
    event = AuditEvent.objects.get(action="identity.verify")
    assert (event.result, event.data["outcome"]) == ("failed", "unavailable")


def test_timeouts_never_exhaust_the_tries(applicant, settings):
    settings.TEACHERREG_IDENTITY_PROVIDER = TIMEOUT
    for _ in range(5):
        verify_identity(applicant, name="张三")

    assert tries_left_today(applicant) == 3


def test_a_broken_adapter_gives_the_try_back_and_raises(applicant, settings):
    settings.TEACHERREG_IDENTITY_PROVIDER = "tests.identity.providers.BrokenProvider"
    assert BrokenProvider

    with pytest.raises(ZeroDivisionError):
        verify_identity(applicant, name="张三")

    assert tries_left_today(applicant) == 3


def test_the_try_is_taken_before_the_provider_is_asked(applicant, settings, monkeypatch):
    seen = []

    def check(self, *, name, document_number):
        seen.append(VerificationDay.objects.get(user=applicant).tries)
        return CheckOutcome.MATCH

    monkeypatch.setattr(CountingProvider, "check", check)
    settings.TEACHERREG_IDENTITY_PROVIDER = COUNTING

    verify_identity(applicant, name="张三")

    assert seen == [1]


def test_a_pending_manual_review_blocks_checks(applicant, counting):
    register(applicant)
    submit_review(applicant)

    with pytest.raises(DomainError) as refused:
        verify_identity(applicant, name="张三")

    assert refused.value.message == "您的人工审核申请正在审核中，审核期间不能进行实名核验。"
    assert counting.calls == 0
    assert tries_left_today(applicant) == 3


@pytest.mark.parametrize(
    ("document_type", "label"),
    [(DocumentType.PASSPORT, "护照"), (DocumentType.HK_MACAO_PERMIT, "港澳居民来往内地通行证")],
)
def test_other_documents_go_to_manual_review_without_a_try(counting, document_type, label):
    person = ApplicantFactory(document_type=document_type, document_number="E12345678", name="李四")

    result = verify_identity(person, name="李四")

    assert result.outcome == Outcome.MANUAL_REVIEW_REQUIRED
    assert result.offer_manual_review
    assert result.message == f"您的证件类型是{label}，不能通过公安系统在线核验，请申请人工审核。"
    assert counting.calls == 0
    assert not VerificationDay.objects.exists()


def test_p9_a_match_with_another_name_renames_the_account(applicant):
    register(applicant, "张叁")

    result = verify_identity(applicant, name="张叁")

    assert result.verified and result.name_changed
    assert result.message.startswith("实名核验通过，账号姓名已更新为“张叁”。")
    applicant.refresh_from_db()
    assert (applicant.name, applicant.identity_status) == ("张叁", IdentityStatus.VERIFIED)
    change = AuditEvent.objects.get(action="identity.name_changed")
    assert change.data == {"old": "张*", "new": "张*"}


def test_p9_a_failed_recheck_keeps_the_verified_name_and_status(applicant):
    register(applicant)
    applicant.identity_status = IdentityStatus.VERIFIED
    applicant.save(update_fields=["identity_status"])

    result = verify_identity(applicant, name="张叁")

    assert result.outcome == Outcome.MISMATCH
    assert result.kept_verified
    assert not result.offer_manual_review
    assert "账号的姓名没有更改，实名状态仍为核验通过" in result.message
    applicant.refresh_from_db()
    assert (applicant.name, applicant.identity_status) == ("张三", IdentityStatus.VERIFIED)


def test_a_failed_first_check_marks_the_account_failed(applicant):
    register(applicant, "张叁")

    verify_identity(applicant, name="张三")

    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.FAILED


@pytest.mark.parametrize("valid", [False, None], ids=["invalid-record", "no-record"])
def test_a_number_without_a_valid_record_is_not_found(applicant, valid):
    if valid is not None:
        register(applicant, valid=valid)

    result = verify_identity(applicant, name="张三")

    assert result.outcome == Outcome.NOT_FOUND
    assert result.message.startswith("公安身份信息中没有查到该证件号码的有效记录，实名核验未通过。")


def test_checking_again_with_the_verified_name_is_refused_without_a_try(applicant, counting):
    register(applicant)
    verify_identity(applicant, name="张三")

    with pytest.raises(DomainError, match="identity_already_verified"):
        verify_identity(applicant, name="张三")

    assert counting.calls == 1
    assert tries_left_today(applicant) == 2


def test_staff_accounts_are_not_checked():
    with pytest.raises(DomainError, match="identity_not_applicant"):
        verify_identity(StaffFactory(), name="张三")


@pytest.mark.parametrize("name", ["", "张\u200b三", "⿰木木", "Zhang San"])
def test_a_name_p5_refuses_uses_no_try(applicant, counting, name):
    with pytest.raises(ValidationError):
        verify_identity(applicant, name=name)

    assert counting.calls == 0
    assert tries_left_today(applicant) == 3


def test_the_name_is_normalised_before_the_check(applicant):
    register(applicant, "买买提·艾力")

    assert verify_identity(applicant, name=" 买买提•艾力 ").verified


def test_every_attempt_is_audited_without_the_document_number(applicant, settings):
    register(applicant, "张叁")
    verify_identity(applicant, name="张三")
    verify_identity(applicant, name="张叁")
    settings.TEACHERREG_IDENTITY_PROVIDER = TIMEOUT
    with pytest.raises(DomainError):
        verify_identity(applicant, name="张叁")

    events = list(AuditEvent.objects.filter(action="identity.verify").order_by("pk"))
    assert [(e.result, e.data.get("outcome") or e.data.get("refused")) for e in events] == [
        ("failed", "mismatch"),
        ("ok", "verified"),
        ("denied", "identity_already_verified"),
    ]
    dump = json.dumps([e.data for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert applicant.document_number not in dump
    assert applicant.document_number[6:] not in dump
    assert "张三" not in dump and "张叁" not in dump


def test_old_counters_are_dropped_after_a_week(applicant):
    for day in (datetime.date(2026, 6, 1), datetime.date(2026, 6, 2), datetime.date(2026, 6, 9)):
        VerificationDay.objects.create(user=applicant, day=day, tries=3)

    assert purge_old_verification_days(today=datetime.date(2026, 6, 9)) == 1

    assert sorted(VerificationDay.objects.values_list("day", flat=True)) == [
        datetime.date(2026, 6, 2),
        datetime.date(2026, 6, 9),
    ]


def test_the_counter_task_runs_the_purge(applicant):
    VerificationDay.objects.create(user=applicant, day=datetime.date(2020, 1, 1), tries=1)

    assert purge_old_verification_counters.call_local() == 1
