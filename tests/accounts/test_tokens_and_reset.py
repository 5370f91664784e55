"""E-mailed links (single use, 24 h, newest only) and the reset lookup (manual §1.2.2, P7)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from teacherreg.accounts.models import TokenPurpose
from teacherreg.accounts.services import passwords, tokens
from teacherreg.common.errors import DomainError
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def _redeem(raw: str) -> None:
    with transaction.atomic():
        tokens.redeem_token(raw, TokenPurpose.PASSWORD_RESET)


def test_a_link_works_once():
    user = ApplicantFactory()
    raw = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=24)
    _redeem(raw)
    with pytest.raises(DomainError) as again:
        _redeem(raw)
    assert again.value.code == "link_used"


def test_only_the_newest_link_works():
    user = ApplicantFactory()
    first = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=24)
    second = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=24)
    with pytest.raises(DomainError) as old:
        _redeem(first)
    assert old.value.code == "link_superseded"
    _redeem(second)


def test_a_link_expires_after_24_hours():
    user = ApplicantFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        raw = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=24)
    with time_machine.travel(start + datetime.timedelta(hours=23, minutes=59), tick=False):
        assert tokens.peek_token(raw, TokenPurpose.PASSWORD_RESET).user == user
    with time_machine.travel(start + datetime.timedelta(hours=24), tick=False), pytest.raises(DomainError) as late:
        _redeem(raw)
    assert late.value.code == "link_expired"


def test_a_token_of_one_purpose_does_not_serve_another_and_nonsense_is_invalid():
    user = ApplicantFactory()
    raw = tokens.issue_token(user, TokenPurpose.EMAIL_CHANGE, hours=24, new_email="new@example.cn")
    for candidate in (raw, "not-a-token", ""):
        with pytest.raises(DomainError) as wrong:
            _redeem(candidate)
        assert wrong.value.code == "link_invalid"


def test_only_a_hash_of_the_token_is_stored():
    from teacherreg.accounts.models import AccountToken

    user = ApplicantFactory()
    raw = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=24)
    stored = AccountToken.objects.get(user=user)
    assert raw not in stored.token_hash and len(stored.token_hash) == 64


def test_the_reset_lookup_needs_type_number_and_name():
    user = ApplicantFactory(name="张三")
    assert passwords.find_reset_account("id_card", user.document_number, "张三") == user
    assert passwords.find_reset_account("id_card", user.document_number, "张四") is None
    assert passwords.find_reset_account("passport", user.document_number, "张三") is None
    assert passwords.find_reset_account("id_card", "11010519491231002X", "张三") is None


def test_legacy_accounts_cannot_reset():
    legacy = ApplicantFactory(name="李四", is_legacy=True)
    assert passwords.find_reset_account("id_card", legacy.document_number, "李四") is None
    old = ApplicantFactory(name="王五", date_joined=timezone.make_aware(datetime.datetime(2019, 2, 28, 23, 0)))
    assert passwords.find_reset_account("id_card", old.document_number, "王五") is None


def test_step_two_shows_real_masks_for_a_match_and_stable_stand_ins_otherwise():
    user = ApplicantFactory(name="张三", phone="13612345690", email="2853@qq.com")
    real = passwords.reset_methods(user, document_number=user.document_number, name="张三")
    assert (real.email_masked, real.phone_masked) == ("2*****@qq.com", "136****90")
    fake1 = passwords.reset_methods(None, document_number="11010519491231002X", name="无名")
    fake2 = passwords.reset_methods(None, document_number="11010519491231002X", name="无名")
    assert fake1 == fake2
    assert fake1.email_masked.count("*") == 5 and fake1.phone_masked.count("*") == 4
    assert len(fake1.phone_masked) == len(real.phone_masked)
