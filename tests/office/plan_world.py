"""The office world with its application submitted inside the window, and helpers shared by
the plan tests (``tests/registration/test_plan_saving.py``, ``tests/office/test_plans.py``).

In each region: a plan for 2026 (1 Sep – 31 Dec), the county's batch with one window
(8–23 Oct), the point's arrangement (confirmation 8–30 Oct) and one submitted application.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from teacherreg.registration.services import plan_saving
from teacherreg.registration.services.plan_rules import RulesBroken
from tests.office.office_world import OfficeWorld, build_office_world


def planned_world() -> OfficeWorld:
    built = build_office_world()
    # Submitted inside the window (the factory stamps the real clock).
    for region in (built.ours, built.theirs):
        region.application.submitted_at = timezone.make_aware(datetime.datetime(2026, 10, 10, 9, 0))
        region.application.save(update_fields=["submitted_at"])
    return built


def admin_actor(world: OfficeWorld) -> plan_saving.StaffActor:
    staff = world.ours.staff["province_admin"]
    return plan_saving.StaffActor(staff, "province_admin", world.ours.province.pk)


def ours(world: OfficeWorld):
    """The world's window, its batch and plan in our region."""
    found = world.ours.application.window
    return found, found.batch, found.batch.plan


def refused_codes(call) -> list[str]:
    with pytest.raises(RulesBroken) as refused:
        call()
    return [p.code for p in refused.value.problems]
