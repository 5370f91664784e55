from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from teacherreg.demo.world import load_demo
from teacherreg.reference.loader import load_reference

DEMO_DAY = datetime.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Reference data and the demo world, loaded once per module and rolled back after it."""
    from django.test import override_settings

    private = override_settings(TEACHERREG_PRIVATE_ROOT=tmp_path_factory.mktemp("private"))
    private.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_reference(verbosity=0)
            yield load_demo(today=DEMO_DAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            private.disable()
