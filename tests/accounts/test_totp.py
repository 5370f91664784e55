"""The staff TOTP rules (P22): RFC 6238 codes, ±1 step, one use per code, 5 wrong → 15-minute
lock, enrolment only after a right code, reset by a security administrator. Expected codes
are the RFC's published test vectors, not computed by the code under test."""

from __future__ import annotations

import pytest

from teacherreg.accounts import totp
from teacherreg.audit.models import AuditEvent
from teacherreg.office.models import TotpState
from tests.factories import StaffFactory
from tests.office.helpers import CODE_AT_T, CODE_STEP_BEFORE_T, RFC_CODES, RFC_SECRET, T, at

pytestmark = pytest.mark.django_db

STEP_START = 1111111110  # first second of the time step holding T


@pytest.fixture
def staff():
    return StaffFactory(totp_secret=RFC_SECRET)


def actions(user):
    return list(
        AuditEvent.objects.filter(object_ref=str(user.pk), action__startswith="staff.second_factor")
        .order_by("pk")
        .values_list("action", "result", "data")
    )


@pytest.mark.parametrize(("timestamp", "code"), sorted(RFC_CODES.items()))
def test_it_accepts_the_rfc_6238_codes(timestamp, code):
    user = StaffFactory(totp_secret=RFC_SECRET)

    assert totp.verify(user, code, now=at(timestamp)) is True


@pytest.mark.parametrize(
    ("timestamp", "accepted"),
    [
        (STEP_START - 31, False),  # two steps before the code's step
        (STEP_START - 30, True),  # one step before: the phone runs fast
        (STEP_START, True),
        (STEP_START + 29, True),
        (STEP_START + 30, True),  # one step after: the phone runs slow, or the user was slow
        (STEP_START + 59, True),
        (STEP_START + 60, False),  # two steps after
        (STEP_START + 90, False),
    ],
)
def test_it_accepts_one_step_either_side_and_no_more(staff, timestamp, accepted):
    assert totp.verify(staff, CODE_AT_T, now=at(timestamp)) is accepted


def test_it_accepts_a_code_only_once(staff):
    assert totp.check(staff, CODE_AT_T, now=at(T)).outcome is totp.Outcome.OK

    again = totp.check(staff, CODE_AT_T, now=at(T + 5))

    assert again.outcome is totp.Outcome.REPLAYED
    assert again.attempts_left == 4


def test_it_refuses_an_older_code_after_a_newer_one(staff):
    assert totp.verify(staff, CODE_AT_T, now=at(T)) is True

    # Still inside the ±1 window, but its step is before the one just used.
    assert totp.check(staff, CODE_STEP_BEFORE_T, now=at(T)).outcome is totp.Outcome.REPLAYED


def test_it_accepts_the_next_steps_code_after_one_was_used(staff):
    assert totp.verify(staff, CODE_STEP_BEFORE_T, now=at(1111111109)) is True
    assert totp.verify(staff, CODE_AT_T, now=at(1111111111)) is True


def test_it_locks_after_five_wrong_codes_for_fifteen_minutes(staff):
    started = T - 15 * 60
    left = [totp.check(staff, "000000", now=at(started)).attempts_left for _ in range(4)]
    fifth = totp.check(staff, "000001", now=at(started))

    assert left == [4, 3, 2, 1]
    assert fifth.outcome is totp.Outcome.LOCKED_NOW
    assert fifth.locked_until == at(T)
    # While locked even the right code is refused, and the refusal does not extend the lock.
    assert totp.check(staff, CODE_AT_T, now=at(T - 1)).outcome is totp.Outcome.LOCKED
    assert TotpState.objects.get(user=staff).locked_until == at(T)
    # At the end of the 15 minutes the right code works and the count starts again.
    assert totp.verify(staff, CODE_AT_T, now=at(T)) is True
    state = TotpState.objects.get(user=staff)
    assert (state.failed_attempts, state.locked_until) == (0, None)


def test_it_counts_wrong_codes_in_a_row_only(staff):
    for _ in range(4):
        totp.verify(staff, "000000", now=at(T - 60))
    assert totp.verify(staff, CODE_STEP_BEFORE_T, now=at(1111111109)) is True

    results = [totp.check(staff, "000000", now=at(T)) for _ in range(4)]

    assert [r.outcome for r in results] == [totp.Outcome.WRONG] * 4
    assert results[-1].attempts_left == 1


def test_a_replayed_code_counts_towards_the_lock(staff):
    assert totp.verify(staff, CODE_AT_T, now=at(T)) is True
    for _ in range(4):
        totp.check(staff, CODE_AT_T, now=at(T))

    assert totp.check(staff, CODE_AT_T, now=at(T)).outcome is totp.Outcome.LOCKED_NOW


@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", "", "05047l", "050471\x00"])
def test_it_ignores_entries_that_are_not_six_digits(staff, typed):
    result = totp.check(staff, typed, now=at(T))

    assert result.outcome is totp.Outcome.MALFORMED
    assert not TotpState.objects.filter(user=staff).exists()
    assert actions(staff) == []


@pytest.mark.parametrize("typed", ["050 471", " 050471 ", "０５０４７１", "050-471"])
def test_it_forgives_spaces_dashes_and_full_width_digits(staff, typed):
    assert totp.verify(staff, typed, now=at(T)) is True


def test_an_account_without_a_seed_never_verifies():
    user = StaffFactory(totp_secret=None)

    assert totp.verify(user, CODE_AT_T, now=at(T)) is False


def test_it_audits_success_failure_and_lockout(staff):
    totp.check(staff, CODE_AT_T, now=at(T), ip="10.1.2.3")
    for _ in range(5):
        totp.check(staff, "999999", now=at(T))

    assert actions(staff) == [
        ("staff.second_factor.verify", "ok", {"outcome": "ok"}),
        ("staff.second_factor.verify", "failed", {"outcome": "wrong"}),
        ("staff.second_factor.verify", "failed", {"outcome": "wrong"}),
        ("staff.second_factor.verify", "failed", {"outcome": "wrong"}),
        ("staff.second_factor.verify", "failed", {"outcome": "wrong"}),
        ("staff.second_factor.verify", "failed", {"outcome": "locked_now"}),
        # T is 2005-03-18 01:58:31 UTC; the lock runs 15 minutes from the fifth wrong code.
        ("staff.second_factor.lockout", "denied", {"until": "2005-03-18T02:13:31+00:00", "failures": 5}),
    ]
    assert AuditEvent.objects.filter(action="staff.second_factor.verify", ip="10.1.2.3").count() == 1


def test_new_secrets_are_160_bit_base32_and_differ():
    first, second = totp.new_secret(), totp.new_secret()

    assert len(first) == 32
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert first != second


def test_the_provisioning_uri_names_the_issuer_and_the_login_name():
    user = StaffFactory(username="staff-x", totp_secret=RFC_SECRET)
    issuer = "%E6%95%99%E5%B8%88%E8%B5%84%E6%A0%BC%E5%AE%9A%E6%9C%9F%E6%B3%A8%E5%86%8C"  # 教师资格定期注册

    assert totp.provisioning_uri(user) == (
        f"otpauth://totp/{issuer}:staff-x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer={issuer}"
    )


class TestEnrol:
    def test_it_stores_the_seed_only_after_a_right_code(self):
        user = StaffFactory(totp_secret=None)

        wrong = totp.enrol(user, RFC_SECRET, "000000", now=at(T))
        user.refresh_from_db()
        assert wrong.outcome is totp.Outcome.WRONG
        assert user.totp_secret is None

        right = totp.enrol(user, RFC_SECRET, CODE_AT_T, now=at(T), ip="10.0.0.9")
        user.refresh_from_db()
        assert right.ok
        assert user.totp_secret == RFC_SECRET
        assert actions(user)[-1] == ("staff.second_factor.enrol", "ok", {})

    def test_the_enrolment_code_cannot_be_used_again_to_verify(self):
        user = StaffFactory(totp_secret=None)
        totp.enrol(user, RFC_SECRET, CODE_AT_T, now=at(T))

        assert totp.check(user, CODE_AT_T, now=at(T + 1)).outcome is totp.Outcome.REPLAYED

    def test_it_does_not_replace_a_seed_already_bound(self):
        user = StaffFactory(totp_secret=None)
        other = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        StaffFactory._meta.model.objects.filter(pk=user.pk).update(totp_secret=other)

        result = totp.enrol(user, RFC_SECRET, CODE_AT_T, now=at(T))

        user.refresh_from_db()
        assert result.outcome is totp.Outcome.ALREADY_ENROLLED
        assert user.totp_secret == other


def test_reset_clears_the_seed_and_the_lock_and_is_audited(staff):
    admin = StaffFactory()
    for _ in range(5):
        totp.verify(staff, "000000", now=at(T))

    totp.reset(staff, by=admin, role="security_admin", ip="10.0.0.1")

    staff.refresh_from_db()
    state = TotpState.objects.get(user=staff)
    assert staff.totp_secret is None
    assert (state.failed_attempts, state.locked_until) == (0, None)
    event = AuditEvent.objects.get(action="staff.second_factor.reset")
    assert (event.actor_id, event.actor_role, event.object_ref, event.data) == (
        admin.pk,
        "security_admin",
        str(staff.pk),
        {"had_seed": True},
    )
