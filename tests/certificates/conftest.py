"""Fixtures of the certificate tests: private files in a temporary folder, and the reference
world of the hand-added certificate tests."""

from __future__ import annotations

import pytest

from tests.certificates.manual_world import World, build_world


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Every test writes its private files (and media, if any) under its own folder."""
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "private"


@pytest.fixture
def world(db) -> World:
    return build_world()
