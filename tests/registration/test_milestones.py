"""The two moments 统计 measures, kept on the application (registration.services.milestones):
set by the services that record decisions, recomputed when one is undone (P15), and the same
whether kept one case at a time, filled in bulk or filled by the migration."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.services import milestones, review
from teacherreg.registration.services.confirmation import confirm_at_point
from teacherreg.registration.services.materials import materials_for
from tests.factories import ApplicationFactory, ArrangementFactory, StaffFactory
from tests.registration.review_world import NOW, ReviewWorld, build_review_world

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
IN_DATES = datetime.datetime(2026, 10, 15, 2, 0, tzinfo=UTC)  # within the factory point's dates


def stored(app: Application) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    row = Application.objects.values_list("first_confirmed_at", "concluded_at").get(pk=app.pk)
    return row[0], row[1]


def confirm(app: Application, now: datetime.datetime = IN_DATES) -> Application:
    checked = [item.code for item in materials_for(app)]
    return confirm_at_point(app, by=StaffFactory(), organisation=app.confirmation_point, checked=checked, now=now)


def written(app: Application, level: str, outcome: str, when: datetime.datetime) -> Decision:
    """A decision written directly, as the bulk loaders and older data have them."""
    return Decision.objects.create(application=app, level=level, outcome=outcome, decided_at=when)


def undone(decision: Decision, when: datetime.datetime) -> None:
    undoing = written(decision.application, decision.level, DecisionOutcome.UNDONE, when)
    Decision.objects.filter(pk=decision.pk).update(undone_by=undoing)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock) -> ReviewWorld:
    """A case at 终审: no 复核 and no 公示, so the county's proposal goes straight up."""
    world = build_review_world(city_review=False, notice_days=0)
    world.app = review.propose(world.app, outcome="qualified", **world.by("county"))
    return world


# --- kept by the services ------------------------------------------------------------------------


def test_confirming_at_the_point_sets_the_first_confirmation():
    app = ApplicationFactory()
    moved = confirm(app)
    assert (moved.first_confirmed_at, moved.concluded_at) == (IN_DATES, None)
    assert stored(app) == (IN_DATES, None)


def test_a_case_confirmed_again_keeps_its_first_confirmation():
    app = ApplicationFactory()
    earlier = IN_DATES - datetime.timedelta(days=3)
    # Confirmed once before, then sent back and put right by the applicant.
    written(app, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, earlier)
    confirm(app)
    assert stored(app) == (earlier, None)


def test_the_provinces_conclusion_sets_the_moment_and_its_undo_clears_it(world, clock):
    decided = review.decide(world.app, outcome="qualified", **world.by("province"))
    assert decided.concluded_at == NOW
    assert stored(decided) == (None, NOW)

    clock.shift(datetime.timedelta(hours=1))
    back = review.undo_conclusion(decided, note="结论录入错误", **world.by("province"))
    assert back.concluded_at is None and stored(back) == (None, None)  # P15: an undone conclusion never counts

    clock.shift(datetime.timedelta(days=2))
    again = review.decide(back, outcome="deferred", reasons=["training_hours_short"], **world.by("province"))
    assert stored(again) == (None, timezone.now())


def test_revoking_and_undoing_a_revocation_leave_the_conclusion_as_it_was(world, clock):
    decided = review.decide(world.app, outcome="qualified", **world.by("province"))
    clock.shift(datetime.timedelta(days=30))
    revoked = review.revoke_registration(decided, reasons=["fraudulent_materials"], **world.by("province"))
    assert stored(revoked) == (None, NOW)  # 撤销注册 is not the conclusion
    restored = review.undo_revocation(revoked, note="核实后撤销注册有误", **world.by("province"))
    assert stored(restored) == (None, NOW)


def test_a_county_proposal_leaves_both_moments_alone(world):
    proposal = world.app.decisions.get(level=DecisionLevel.COUNTY)
    assert not milestones.counts_for_milestones(proposal)
    assert stored(world.app) == (None, None)


# --- in bulk and by the migration ----------------------------------------------------------------


def october(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 10, day, 2, 0, tzinfo=UTC)


def histories() -> list[Application]:
    """Cases with every kind of history: none, confirmed twice, an undone confirmation, a
    conclusion undone and replaced, a proposal only, and a revoked registration."""
    arrangement = ArrangementFactory()
    nothing, twice, unconfirmed, redecided, proposed, revoked = (
        ApplicationFactory(arrangement=arrangement) for _ in range(6)
    )
    written(twice, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, october(12))
    written(twice, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, october(20))
    undone(written(unconfirmed, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, october(11)), october(11))
    written(redecided, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, october(11))
    undone(written(redecided, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, october(15)), october(16))
    written(redecided, DecisionLevel.PROVINCE, DecisionOutcome.DEFERRED, october(30))
    written(proposed, DecisionLevel.COUNTY, DecisionOutcome.QUALIFIED, october(12))
    written(revoked, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, october(14))
    written(revoked, DecisionLevel.PROVINCE, DecisionOutcome.REVOKED, october(28))
    return [nothing, twice, unconfirmed, redecided, proposed, revoked]


EXPECTED = [
    (None, None),
    (october(12), None),
    (None, None),
    (october(11), october(30)),
    (None, None),
    (None, october(14)),
]


def test_refreshing_one_case_reads_only_the_decisions_in_force():
    cases = histories()
    for app in cases:
        milestones.refresh(app)
    assert [stored(app) for app in cases] == EXPECTED


def test_filling_from_decisions_in_memory_gives_the_same_and_saves_nothing():
    cases = histories()
    for app in cases:
        milestones.fill(app, list(Decision.objects.filter(application=app)))
    assert [(app.first_confirmed_at, app.concluded_at) for app in cases] == EXPECTED
    assert all(stored(app) == (None, None) for app in cases)


def test_refreshing_in_bulk_gives_what_refreshing_each_case_gives():
    cases = histories()
    Application.objects.filter(pk=cases[2].pk).update(first_confirmed_at=IN_DATES)  # stale: undone since
    written_rows = milestones.refresh_all(Application.objects.all())
    assert written_rows == 5  # the case without any decision is left alone
    assert [stored(app) for app in cases] == EXPECTED


def test_the_migration_fills_existing_cases_by_the_same_rule():
    cases = histories()
    migration = importlib.import_module("teacherreg.registration.migrations.0009_statistics_milestones")
    executed: list[str] = []
    editor = SimpleNamespace(connection=connection, execute=executed.append)
    migration.fill_milestones(django_apps, editor)
    assert [stored(app) for app in cases] == EXPECTED
    assert executed == (["SET LOCAL statement_timeout = 0"] if connection.vendor == "postgresql" else [])
