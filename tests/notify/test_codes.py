"""P12 SMS verification codes: every rule at its boundary (security.md §1.3)."""

from __future__ import annotations

import datetime
import logging
import random
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import translation

from teacherreg.audit.models import AuditEvent
from teacherreg.common.fields import index_for
from teacherreg.notify import codes
from teacherreg.notify.codes import CheckResult, IssueResult, check_code, issue_code
from teacherreg.notify.models import CodeIssueLock, MessageStatus, SmsDailyBudget, VerificationCode

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
T0 = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=SHANGHAI)
PHONE = "13600000001"
DAILY_LIMIT = "该手机号码今天获取验证码的次数已达上限，请明天再试。"


@pytest.fixture
def issue(memory_sms, django_capture_on_commit_callbacks):
    """issue_code as a view would call it, with the SMS delivered on commit."""

    def run(phone=PHONE, purpose="sign_up", **kwargs) -> IssueResult:
        with django_capture_on_commit_callbacks(execute=True):
            return issue_code(phone=phone, purpose=purpose, **kwargs)

    return run


def delivered_code(memory_sms, phone=PHONE) -> str:
    return memory_sms.for_phone(phone)[-1].params["code"]


def issue_spaced(issue, clock, n, *, every=60, purpose="sign_up", phone=PHONE):
    results = []
    for _ in range(n):
        results.append(issue(phone=phone, purpose=purpose))
        clock.shift(every)
    return results


# --- issuing --------------------------------------------------------------------------------


def test_it_sends_a_six_digit_code(issue, memory_sms):
    result = issue()
    assert result == IssueResult(True, None, 60, "验证码已发送至136****01，5分钟内有效。")
    [sms] = memory_sms.sent
    assert re.fullmatch(r"[0-9]{6}", sms.params["code"])
    assert sms.text == (
        f"【教师资格定期注册】验证码{sms.params['code']}，用于账号注册，5分钟内有效。请勿将验证码告诉任何人。"
    )


def test_it_sends_in_the_active_language(issue, memory_sms):
    with translation.override("en"):
        issue(purpose="reset")
    code = memory_sms.sent[0].params["code"]
    assert memory_sms.sent[0].text == (
        f"【教师资格定期注册】Your password reset code is {code}. It is valid for 5 minutes. "
        "Do not share it with anyone."
    )


def test_codes_come_from_secrets_not_random(monkeypatch):
    random.seed(1)
    monkeypatch.setattr(codes.secrets, "randbelow", lambda n: 42 if n == 1_000_000 else 0)
    assert codes.generate_code() == "000042"


def test_codes_are_six_digits_and_spread_over_all_digits():
    drawn = [codes.generate_code() for _ in range(2000)]
    assert all(re.fullmatch(r"[0-9]{6}", c) for c in drawn)
    assert {c[0] for c in drawn} == set("0123456789")
    assert len(set(drawn)) > 1990


def test_the_database_holds_only_a_keyed_hash_of_the_code(issue, memory_sms):
    issue()
    code = delivered_code(memory_sms)
    row = VerificationCode.objects.get()
    assert row.code_hash == codes._code_hash(index_for("phone", PHONE), "sign_up", code)
    assert len(row.code_hash) == 64
    with connection.cursor() as cursor:
        for table in ("notify_verificationcode", "notify_outboxmessage", "notify_deliveryattempt"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — fixed names
            assert code not in repr(cursor.fetchall())


def test_a_malformed_number_is_refused_without_sending(issue, memory_sms):
    assert issue(phone="1360000000") == IssueResult(False, "phone_invalid", 0, "请输入正确的11位手机号码。")
    assert memory_sms.sent == []
    assert VerificationCode.objects.count() == 0


def test_an_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError, match="purpose"):
        issue_code(phone=PHONE, purpose="anything")


def test_issuing_is_audited_with_the_phone_masked(issue):
    issue()
    issue()  # within the cooldown
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "result", "data"))
    assert events == [
        ("notify.sms_code.issued", "ok", {"purpose": "sign_up", "phone": "136****01"}),
        ("notify.sms_code.refused", "denied", {"purpose": "sign_up", "reason": "cooldown", "phone": "136****01"}),
    ]


def test_a_rolled_back_request_sends_nothing_and_uses_no_quota(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        issue_code(phone=PHONE, purpose="sign_up")
        raise RuntimeError
    assert memory_sms.sent == []
    assert VerificationCode.objects.count() == 0
    assert SmsDailyBudget.objects.count() == 0


# --- cooldown and limits --------------------------------------------------------------------


def test_the_cooldown_is_60_seconds_per_phone_and_purpose(issue):
    with time_machine.travel(T0, tick=False) as clock:
        assert issue().ok
        clock.shift(59)
        assert issue() == IssueResult(False, "cooldown", 1, "获取验证码过于频繁，请1秒后再试。")
        assert issue(purpose="login").ok  # another purpose has its own cooldown
        clock.shift(1)
        assert issue().ok


def test_the_cooldown_reports_the_seconds_left(issue):
    with time_machine.travel(T0, tick=False) as clock:
        issue()
        clock.shift(15)
        assert issue().retry_after == 45


def test_the_phone_is_matched_by_its_blind_index_in_any_spelling(issue):
    with time_machine.travel(T0, tick=False):
        assert issue(phone="13600000001").ok
        assert issue(phone="+86 136-0000-0001").error_code == "cooldown"
        assert issue(phone="１３６００００００01").error_code == "cooldown"


def test_five_codes_an_hour_the_sixth_is_refused(issue):
    with time_machine.travel(T0, tick=False) as clock:
        assert all(r.ok for r in issue_spaced(issue, clock, 5))  # 08:00 … 08:04
        assert issue() == IssueResult(
            False, "phone_hourly_limit", 3300, "该手机号码获取验证码的次数已达每小时上限，请55分钟后再试。"
        )
        clock.move_to(T0 + datetime.timedelta(seconds=3599))
        assert issue().error_code == "phone_hourly_limit"
        clock.move_to(T0 + datetime.timedelta(seconds=3600))  # the 08:00 code is an hour old
        assert issue().ok
        assert issue(purpose="login").error_code == "phone_hourly_limit"  # 08:01 … 08:04 + 09:00


def test_the_hourly_limit_counts_every_purpose(issue):
    purposes = ["sign_up", "reset", "phone_change", "certificate_query", "login"]
    with time_machine.travel(T0, tick=False):
        assert [issue(purpose=p).ok for p in purposes] == [True] * 5
        with time_machine.travel(T0 + datetime.timedelta(minutes=2), tick=False):
            assert issue(purpose="sign_up").error_code == "phone_hourly_limit"


def test_ten_codes_a_day_the_eleventh_is_refused_until_midnight(issue):
    with time_machine.travel(T0, tick=False) as clock:
        assert all(r.ok for r in issue_spaced(issue, clock, 5))  # 08:00 … 08:04
        clock.move_to(T0 + datetime.timedelta(hours=1, minutes=10))
        assert all(r.ok for r in issue_spaced(issue, clock, 5))  # 09:10 … 09:14, the 10th code
        clock.move_to(T0 + datetime.timedelta(hours=2, minutes=20))  # 10:20, 13 h 40 min to midnight
        assert issue() == IssueResult(False, "phone_daily_limit", 49200, DAILY_LIMIT)
        clock.move_to(datetime.datetime(2026, 11, 28, 23, 59, 59, tzinfo=SHANGHAI))
        assert issue() == IssueResult(False, "phone_daily_limit", 1, DAILY_LIMIT)
        clock.move_to(datetime.datetime(2026, 11, 29, 0, 0, 0, tzinfo=SHANGHAI))
        assert issue().ok


def test_the_day_is_the_shanghai_day_even_at_new_year(issue):
    with time_machine.travel(datetime.datetime(2026, 12, 31, 21, 0, tzinfo=SHANGHAI), tick=False) as clock:
        assert all(r.ok for r in issue_spaced(issue, clock, 5))
        clock.move_to(datetime.datetime(2026, 12, 31, 22, 10, tzinfo=SHANGHAI))
        assert all(r.ok for r in issue_spaced(issue, clock, 5))
        # 23:59:59 +08:00 is 15:59:59 UTC: still 31 December in Shanghai.
        clock.move_to(datetime.datetime(2026, 12, 31, 23, 59, 59, tzinfo=SHANGHAI))
        assert issue().error_code == "phone_daily_limit"
        clock.move_to(datetime.datetime(2027, 1, 1, 0, 0, 0, tzinfo=SHANGHAI))
        assert issue().ok


def test_six_codes_per_session_a_day(issue):
    with time_machine.travel(T0, tick=False):
        phones = [f"1360000010{i}" for i in range(7)]
        results = [issue(phone=p, session_key="session-a") for p in phones]
        assert [r.ok for r in results] == [True] * 6 + [False]
        assert results[-1].error_code == "session_limit"
        assert issue(phone=phones[-1], session_key="session-b").ok


def test_the_daily_budget_stops_sending_and_raises_an_alarm(issue, settings, caplog):
    settings.TEACHERREG_SMS_DAILY_BUDGET = 3
    caplog.set_level(logging.WARNING, logger="teacherreg.notify.codes")
    with time_machine.travel(T0, tick=False) as clock:
        assert [issue(phone=f"1360000020{i}").ok for i in range(3)] == [True] * 3
        assert issue(phone="13600000299") == IssueResult(False, "daily_budget", 57600, "短信服务暂时繁忙，请稍后再试。")
        budget = SmsDailyBudget.objects.get()
        assert (budget.day, budget.sent, budget.refused) == (datetime.date(2026, 11, 28), 3, 1)
        alarms = [r.getMessage() for r in caplog.records if "ALARM" in r.getMessage()]
        assert alarms == [
            "ALARM: 80% of the SMS code budget for 2026-11-28 is used (2 codes).",
            "ALARM: the SMS code budget for 2026-11-28 is used up (3 codes).",
            "ALARM: SMS code budget for 2026-11-28 exhausted; 1 request(s) refused so far.",
        ]
        clock.move_to(datetime.datetime(2026, 11, 29, 0, 0, tzinfo=SHANGHAI))
        assert issue(phone="13600000299").ok


def test_a_refusal_by_a_phone_limit_does_not_spend_the_budget(issue):
    with time_machine.travel(T0, tick=False):
        issue()
        issue()  # cooldown
    assert SmsDailyBudget.objects.get().sent == 1


# --- checking -------------------------------------------------------------------------------


def check(code, phone=PHONE, purpose="sign_up", **kwargs) -> CheckResult:
    return check_code(phone=phone, purpose=purpose, code=code, **kwargs)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_right_code_passes_once(issue, memory_sms):
    issue()
    code = delivered_code(memory_sms)
    assert check(code) == CheckResult(True, None, 4, "验证码正确。")
    assert check(code) == CheckResult(False, "code_missing", 0, "验证码无效，请重新获取。")


def test_four_wrong_entries_then_the_right_one_passes(issue, memory_sms):
    issue()
    code = delivered_code(memory_sms)
    assert [check(wrong(code)).attempts_left for _ in range(4)] == [4, 3, 2, 1]
    assert check(code).ok


def test_five_wrong_entries_void_the_code_even_for_the_right_one(issue, memory_sms):
    issue()
    code = delivered_code(memory_sms)
    results = [check(wrong(code)) for _ in range(5)]
    assert [(r.error_code, r.attempts_left) for r in results] == [
        ("code_wrong", 4),
        ("code_wrong", 3),
        ("code_wrong", 2),
        ("code_wrong", 1),
        ("too_many_attempts", 0),
    ]
    assert results[0].message == "验证码不正确，还可以再输入4次。"
    assert check(code) == CheckResult(False, "too_many_attempts", 0, "验证码输错次数过多，已经失效，请重新获取。")
    row = VerificationCode.objects.get()
    assert (row.attempts, row.void_reason) == (5, "attempts")


def test_valid_at_five_minutes_expired_one_second_later(issue, memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        issue()
        clock.shift(300)
        assert check(delivered_code(memory_sms)).ok
    with time_machine.travel(T0 + datetime.timedelta(minutes=10), tick=False) as clock:
        issue()
        clock.shift(301)
        assert check(delivered_code(memory_sms)) == CheckResult(False, "code_expired", 0, "验证码已过期，请重新获取。")


def test_a_new_code_voids_the_previous_one(issue, memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        issue()
        old = delivered_code(memory_sms)
        clock.shift(60)
        issue()
        new = delivered_code(memory_sms)
        if new == old:  # one chance in a million; the rule is about the row, not the digits
            pytest.skip("the two random codes happened to be equal")
        assert check(old).error_code == "code_wrong"
        assert check(new).ok
    assert list(VerificationCode.objects.order_by("pk").values_list("void_reason", flat=True)) == ["replaced", ""]


def test_a_code_is_bound_to_its_purpose(issue, memory_sms):
    issue(purpose="sign_up")
    code = delivered_code(memory_sms)
    assert check(code, purpose="reset").error_code == "code_missing"
    assert check(code, purpose="sign_up").ok


def test_a_code_is_bound_to_its_phone(issue, memory_sms):
    issue()
    assert check(delivered_code(memory_sms), phone="13600000002").error_code == "code_missing"


def test_a_code_is_bound_to_its_session_when_the_caller_says_which(issue, memory_sms):
    issue(session_key="session-a")
    code = delivered_code(memory_sms)
    assert check(code, session_key="session-b").error_code == "code_missing"
    assert VerificationCode.objects.get().attempts == 0
    assert check(code, session_key="session-a").ok


@pytest.mark.parametrize("spelling", ["{c}", " {c} ", "{c0}{c1}{c2} {c3}{c4}{c5}", "#{c}", "{fw}"])
def test_typed_codes_are_normalised(issue, memory_sms, spelling):
    issue()
    code = delivered_code(memory_sms)
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in code)
    typed = spelling.format(c=code, fw=full_width, **{f"c{i}": d for i, d in enumerate(code)})
    assert check(typed).ok


@pytest.mark.parametrize("typed", ["12345", "1234567", "12345a", ""])
def test_a_malformed_entry_is_refused_without_counting(issue, typed):
    issue()
    assert check(typed) == CheckResult(False, "code_format", 5, "请输入短信中的6位数字验证码。")
    assert VerificationCode.objects.get().attempts == 0


def test_checking_without_any_code_is_refused(memory_sms):
    assert check("123456").error_code == "code_missing"


def test_wrong_entries_are_audited(issue, memory_sms):
    issue()
    code = delivered_code(memory_sms)
    check(wrong(code))
    check(code)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "result")) == [
        ("notify.sms_code.issued", "ok"),
        ("notify.sms_code.wrong", "denied"),
        ("notify.sms_code.verified", "ok"),
    ]


def test_the_sms_message_expires_with_its_code(issue):
    with time_machine.travel(T0, tick=False):
        issue()
    row = VerificationCode.objects.select_related("message").get()
    assert row.message.expires_at == row.expires_at == T0 + datetime.timedelta(minutes=5)
    assert row.message.status == MessageStatus.SENT


def test_old_codes_and_locks_are_purged_after_two_days(issue):
    with time_machine.travel(T0, tick=False) as clock:
        issue()
        clock.shift(datetime.timedelta(days=2, seconds=1))
        issue(phone="13600000002")
        assert codes.purge_old_codes() == 1
    assert VerificationCode.objects.count() == 1
    assert CodeIssueLock.objects.count() == 1
