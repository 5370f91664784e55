"""Fixtures for the support tests: the office world (山东 ours, 湖南 theirs, with the regions an
identity-card number of either needs), private files in a temporary folder, and visitors with
addresses of their own so the per-address counters of two tests never meet."""

from __future__ import annotations

import pytest
from django.test import Client

from teacherreg.accounts.models import User
from tests.captcha.helpers import a_new_address
from tests.factories import ApplicantFactory
from tests.idnumbers import make_id_number
from tests.office.office_world import OfficeWorld, build_office_world, office_client


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db) -> OfficeWorld:
    return build_office_world()


@pytest.fixture
def teacher(world) -> User:
    """An applicant of 山东 (济南市历下区 identity-card number)."""
    return ApplicantFactory(
        name="李明", document_number=make_id_number(7, region="370102"), phone="13612345678", email="li@example.cn"
    )


@pytest.fixture
def teacher_client(teacher) -> Client:
    return office_client(teacher)


@pytest.fixture
def visitor(db) -> Client:
    return Client(REMOTE_ADDR=a_new_address())


@pytest.fixture
def staff(world):
    """Clients of 山东's and 湖南's province administrators, second factor passed."""
    return {
        "ours": office_client(world.ours.staff["province_admin"]),
        "reviewer": office_client(world.ours.staff["province_reviewer"]),
        "theirs": office_client(world.theirs.staff["province_admin"]),
    }
