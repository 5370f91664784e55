"""Fixtures of the export tests: private files in a temporary folder and the two-region office
world (``tests.office.office_world``): every P21 role in 山东 (ours) and 湖南 (theirs)."""

from __future__ import annotations

import pytest

from tests.office.office_world import build_office_world


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def world(db):
    return build_office_world()
