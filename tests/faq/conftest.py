"""Personas for the FAQ tests: the system administrator who keeps the FAQ (P21), a staff member
with another role, and the public. Entries come from ``make_entry``, never from the loader,
unless a test is about the loader."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from django.test import Client

from teacherreg.accounts.models import StaffRole
from teacherreg.faq.models import Entry
from teacherreg.organisations.models import OrgLevel
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.office_world import office_client

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def make_entry(db) -> Callable[..., Entry]:
    """An entry with a number given by the test (as the loader places seeds)."""

    def make(number: int, **fields: Any) -> Entry:
        values: dict[str, Any] = {
            "category": "account",
            "question": f"第 {number} 个问题？",
            "answer": "解答。",
            "is_published": True,
            "updated_on": DAY,
        }
        return Entry.objects.create(number=number, **(values | fields))

    return make


@pytest.fixture
def national(db):
    return OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)


@pytest.fixture
def admin(national):
    user = StaffFactory(username="sysadmin", name="系统管理员甲", totp_secret=pyotp.random_base32())
    MembershipFactory(user=user, organisation=national, role=StaffRole.SYSTEM_ADMIN)
    return user


@pytest.fixture
def admin_client(admin) -> Client:
    return office_client(admin)


@pytest.fixture
def viewer_client(national) -> Client:
    user = StaffFactory(username="viewer", totp_secret=pyotp.random_base32())
    MembershipFactory(user=user, organisation=national, role=StaffRole.NATIONAL_VIEWER)
    return office_client(user)
