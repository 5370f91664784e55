"""Fixtures of the review-queue tests (import the ones a module uses).

Personas from ``office_world``: our province's administrator and reviewer (山东), the other
province's administrator (湖南), the national viewer, and a province administrator held at
the national organisation (the national level, which covers every province).
"""

from __future__ import annotations

import pyotp
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teacherreg.accounts.models import StaffRole, User
from teacherreg.audit.models import AuditEvent
from tests.factories import MembershipFactory, StaffFactory
from tests.office.office_world import OfficeWorld, build_office_world, office_client

R = StaffRole


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db) -> OfficeWorld:
    return build_office_world()


@pytest.fixture
def admin(world) -> User:
    return world.ours.staff[R.PROVINCE_ADMIN]


@pytest.fixture
def as_admin(admin):
    return office_client(admin)


@pytest.fixture
def as_reviewer(world):
    return office_client(world.ours.staff[R.PROVINCE_REVIEWER])


@pytest.fixture
def as_their_admin(world):
    return office_client(world.theirs.staff[R.PROVINCE_ADMIN])


@pytest.fixture
def as_viewer(world):
    return office_client(world.ours.staff[R.NATIONAL_VIEWER])


@pytest.fixture
def national_admin(world) -> User:
    staff = StaffFactory(username="national-admin", totp_secret=pyotp.random_base32())
    MembershipFactory(user=staff, organisation=world.national, role=R.PROVINCE_ADMIN)
    return staff


@pytest.fixture
def as_national_admin(national_admin):
    return office_client(national_admin)


def views_of(obj, what: str) -> list[AuditEvent]:
    """The access events recorded on ``obj`` for ``what``."""
    return list(
        AuditEvent.objects.filter(
            action="personal_data.view",
            object_type=obj._meta.label_lower,
            object_ref=str(obj.pk),
            data={"what": what},
        )
    )


def queries_of(client, url: str, data: dict | None = None) -> tuple[int, object]:
    """How many queries one GET costs, and its response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    return len(captured.captured_queries), response
