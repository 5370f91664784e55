"""The save services of plans, batches, windows, arrangements and confirmation points
(``plan_saving``): facts read from the database, refusals, and one audit event per change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from teacherreg.audit.models import AuditEvent
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import (
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
)
from teacherreg.registration.services import plan_saving
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, ArrangementFactory, OrganisationFactory, WindowFactory
from tests.office.plan_world import admin_actor, ours, planned_world, refused_codes

D = datetime.date


@pytest.fixture
def world(db):
    return planned_world()


class TestSaveServices:
    def test_it_creates_a_plan_and_audits_its_values(self, world):
        new = ProvincialPlan(province=world.ours.province, year=2027, starts_on=D(2027, 9, 1), ends_on=D(2027, 12, 31))
        plan_saving.save_plan(new, by=admin_actor(world))

        event = AuditEvent.objects.get(action="plan.created")
        assert event.object_ref == str(new.pk)
        assert event.actor_id == world.ours.staff["province_admin"].pk
        assert event.actor_role == "province_admin"
        assert event.data["values"]["starts_on"] == "2027-09-01"

    def test_it_refuses_a_second_plan_for_the_same_year(self, world):
        _, _, existing = ours(world)
        twin = ProvincialPlan(
            province=world.ours.province, year=existing.year, starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31)
        )

        assert refused_codes(lambda: plan_saving.save_plan(twin, by=admin_actor(world))) == ["plan_year_taken"]
        # Another province may have its own plan for that year.
        assert ProvincialPlan.objects.filter(year=existing.year).count() == 2

    def test_it_cannot_shorten_a_plan_past_its_confirmation_dates(self, world):
        _, _, found = ours(world)  # the arrangement confirms until 30 October
        found.ends_on = D(2026, 10, 29)

        assert refused_codes(lambda: plan_saving.save_plan(found, by=admin_actor(world))) == ["plan_shrinks_end"]
        found.ends_on = D(2026, 10, 30)
        plan_saving.save_plan(found, by=admin_actor(world))
        event = AuditEvent.objects.get(action="plan.updated")
        assert event.data["changes"] == {"ends_on": ["2026-12-31", "2026-10-30"]}

    def test_it_adds_a_window_after_the_last_one_and_refuses_one_sharing_its_last_day(self, world):
        _, batch, _ = ours(world)

        late = plan_saving.save_window(
            ApplicationWindow(batch=batch, starts_on=D(2026, 10, 24), ends_on=D(2026, 11, 5)), by=admin_actor(world)
        )
        clash = ApplicationWindow(batch=batch, starts_on=D(2026, 11, 5), ends_on=D(2026, 11, 10))

        assert refused_codes(lambda: plan_saving.save_window(clash, by=admin_actor(world))) == ["window_overlap"]
        assert AuditEvent.objects.filter(action="window.created", object_ref=str(late.pk)).exists()

    def test_a_window_keeps_its_last_submission_day(self, world):
        found, _, _ = ours(world)
        application = world.ours.application
        application.submitted_at = timezone.make_aware(datetime.datetime(2026, 10, 20, 23, 30))
        application.save(update_fields=["submitted_at"])

        found.ends_on = D(2026, 10, 19)
        assert refused_codes(lambda: plan_saving.save_window(found, by=admin_actor(world))) == [
            "window_end_before_submissions"
        ]
        found.ends_on = D(2026, 10, 20)
        plan_saving.save_window(found, by=admin_actor(world))
        assert ApplicationWindow.objects.get(pk=found.pk).ends_on == D(2026, 10, 20)

    def test_a_window_cannot_outlast_its_confirmation_end(self, world):
        found, _, _ = ours(world)
        found.ends_on = D(2026, 10, 31)  # the point confirms until 30 October

        assert refused_codes(lambda: plan_saving.save_window(found, by=admin_actor(world))) == [
            "window_outlasts_confirmation"
        ]

    def test_it_deletes_an_unused_window_with_its_arrangements_and_keeps_a_used_one(self, world):
        found, batch, _ = ours(world)
        spare = WindowFactory(batch=batch, starts_on=D(2026, 11, 1), ends_on=D(2026, 11, 5))
        ArrangementFactory(
            window=spare, point=world.ours.point, confirm_from=D(2026, 11, 1), confirm_until=D(2026, 11, 9)
        )

        plan_saving.delete_window(spare, by=admin_actor(world))

        assert not ApplicationWindow.objects.filter(pk=spare.pk).exists()
        assert AuditEvent.objects.get(action="window.deleted").data["arrangements"] == 1
        assert refused_codes(lambda: plan_saving.delete_window(found, by=admin_actor(world))) == [
            "window_delete_has_applications"
        ]

    def test_an_arrangement_takes_only_the_agencys_own_points_once_per_window(self, world):
        found, _, _ = ours(world)
        other_agency_point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, parent=world.ours.city)
        foreign = ConfirmationArrangement(
            window=found, point=other_agency_point, confirm_from=D(2026, 10, 8), confirm_until=D(2026, 10, 30)
        )
        again = ConfirmationArrangement(
            window=found, point=world.ours.point, confirm_from=D(2026, 10, 8), confirm_until=D(2026, 10, 30)
        )

        assert refused_codes(lambda: plan_saving.save_arrangement(foreign, by=admin_actor(world))) == [
            "arrangement_point_not_own"
        ]
        assert refused_codes(lambda: plan_saving.save_arrangement(again, by=admin_actor(world))) == [
            "arrangement_point_taken"
        ]

    def test_an_arrangement_with_applications_only_grows_and_is_audited(self, world):
        existing = world.ours.application.arrangement
        existing.confirm_until = D(2026, 10, 29)
        assert refused_codes(lambda: plan_saving.save_arrangement(existing, by=admin_actor(world))) == [
            "arrangement_end_locked"
        ]

        existing.confirm_until = D(2026, 11, 15)
        existing.notes = "请携带证书原件。"
        plan_saving.save_arrangement(existing, by=admin_actor(world))

        changes = AuditEvent.objects.get(action="arrangement.updated").data["changes"]
        assert changes == {"confirm_until": ["2026-10-30", "2026-11-15"], "notes": ["", "请携带证书原件。"]}
        assert refused_codes(lambda: plan_saving.delete_arrangement(existing, by=admin_actor(world))) == [
            "arrangement_delete_has_applications"
        ]

    def test_a_batch_with_applications_keeps_taking_part(self, world):
        _, batch, _ = ours(world)
        batch.takes_part = False

        assert refused_codes(lambda: plan_saving.save_batch(batch, by=admin_actor(world))) == [
            "batch_takes_part_locked"
        ]
        batch.takes_part, batch.is_open = True, False
        plan_saving.save_batch(batch, by=admin_actor(world))
        assert AuditEvent.objects.get(action="batch.updated").data["changes"] == {"is_open": [True, False]}

    def test_nothing_under_a_finished_plan_changes(self, world):
        _, batch, the_plan = ours(world)
        ProvincialPlan.objects.filter(pk=the_plan.pk).update(status=PlanStatus.FINISHED)
        new_window = ApplicationWindow(batch=batch, starts_on=D(2026, 11, 1), ends_on=D(2026, 11, 2))

        assert refused_codes(lambda: plan_saving.save_window(new_window, by=admin_actor(world))) == [
            "plan_finished_locked"
        ]
        batch.is_open = False
        assert refused_codes(lambda: plan_saving.save_batch(batch, by=admin_actor(world))) == ["plan_finished_locked"]

    def test_a_plan_keeps_city_review_while_a_case_waits_there(self, world):
        world.ours.application.status = Status.CITY_REVIEW
        world.ours.application.save(update_fields=["status"])
        _, _, found = ours(world)
        found.review_levels = ["county", "province"]

        assert refused_codes(lambda: plan_saving.save_plan(found, by=admin_actor(world))) == ["plan_city_review_in_use"]

    def test_it_creates_a_confirmation_point_under_the_agency_and_refuses_a_twin_name(self, world):
        county = world.ours.county
        point = plan_saving.save_confirmation_point(
            Organisation(name=" 历下区第二确认点 ", confirmation_scope="历下区东部各校"),
            agency=county,
            by=admin_actor(world),
        )

        assert (point.name, point.level, point.parent_id, point.region_id) == (
            "历下区第二确认点",
            OrgLevel.CONFIRMATION_POINT,
            county.pk,
            county.region_id,
        )
        assert AuditEvent.objects.filter(action="point.created", object_ref=str(point.pk)).exists()
        twin = Organisation(name="历下区第二确认点")
        assert refused_codes(
            lambda: plan_saving.save_confirmation_point(twin, agency=county, by=admin_actor(world))
        ) == ["point_name_taken"]


def test_applications_factory_still_counts_on_the_window(world):
    # The window-with-applications rules read these links; a second application on the same
    # arrangement keeps the count honest.
    ApplicationFactory(arrangement=world.ours.application.arrangement, number="202637010200002")
    found, _, _ = ours(world)
    assert plan_saving.window_use(found).applications == 2
