"""``apply_transition``: the one writer of an application's status."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, StaffFactory

pytestmark = pytest.mark.django_db

# The factory arrangement confirms from 2026-10-08 to 2026-10-30 (Asia/Shanghai).
IN_CONFIRMATION = datetime.datetime(2026, 10, 15, 10, 0, tzinfo=datetime.UTC)
LAST_SECOND = datetime.datetime(2026, 10, 30, 15, 59, 59, tzinfo=datetime.UTC)  # 23:59:59 in Shanghai
FIRST_SECOND_AFTER = datetime.datetime(2026, 10, 30, 16, 0, 0, tzinfo=datetime.UTC)  # 00:00:00 next day


def test_it_confirms_within_the_points_dates_and_records_the_event():
    app = ApplicationFactory()
    operator = StaffFactory()
    moved = apply_transition(app, "confirm", actor_role="confirmation_operator", by=operator, now=IN_CONFIRMATION)
    assert moved.status == Status.CONFIRMED
    assert moved.version == 2
    app.refresh_from_db()
    assert app.status == Status.CONFIRMED
    event = AuditEvent.objects.for_object("registration.application", app.pk).get()
    assert event.action == "application.transition"
    assert event.actor == operator
    assert event.data == {"transition": "confirm", "from": "submitted", "to": "confirmed", "note": ""}


def test_it_accepts_the_last_second_of_the_confirmation_dates_and_refuses_the_next():
    app = ApplicationFactory()
    apply_transition(app, "confirm", actor_role="confirmation_operator", now=LAST_SECOND)
    late = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        apply_transition(late, "confirm", actor_role="confirmation_operator", now=FIRST_SECOND_AFTER)
    assert refused.value.code == "outside_confirmation_dates"
    assert "2026-10-08" in refused.value.message
    late.refresh_from_db()
    assert late.status == Status.SUBMITTED


def test_it_refuses_a_role_the_table_does_not_name():
    app = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        apply_transition(app, "confirm", actor_role="county_reviewer", now=IN_CONFIRMATION)
    assert refused.value.code == "transition_role_not_allowed"
    assert AuditEvent.objects.count() == 0


def test_it_refuses_a_move_from_the_wrong_status():
    app = ApplicationFactory(status=Status.QUALIFIED)
    with pytest.raises(DomainError) as refused:
        apply_transition(app, "confirm", actor_role="confirmation_operator", now=IN_CONFIRMATION)
    assert refused.value.code == "transition_not_from_status"
    assert "注册合格" in refused.value.message


def test_it_requires_a_message_to_return_an_application():
    app = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        apply_transition(app, "return_for_changes", actor_role="confirmation_operator", note="  ", now=IN_CONFIRMATION)
    assert refused.value.code == "transition_note_required"
    moved = apply_transition(
        app,
        "return_for_changes",
        actor_role="confirmation_operator",
        note="照片不清晰，请重新上传",
        now=IN_CONFIRMATION,
    )
    assert moved.status == Status.RETURNED


def test_it_refuses_a_stale_version_so_nothing_is_overwritten_silently():
    app = ApplicationFactory()
    apply_transition(app, "confirm", actor_role="confirmation_operator", now=IN_CONFIRMATION)
    with pytest.raises(DomainError) as refused:
        apply_transition(app, "start_county_review", actor_role="county_reviewer", expected_version=1)
    assert refused.value.code == "stale_version"


def _proposed(app):
    Decision.objects.create(
        application=app,
        level=DecisionLevel.COUNTY,
        outcome=DecisionOutcome.QUALIFIED,
        decided_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )
    return app


def test_it_sends_a_county_pass_to_the_city_or_straight_to_the_province_by_plan():
    with_city = _proposed(ApplicationFactory(status=Status.COUNTY_REVIEW))
    plan = with_city.window.batch.plan
    plan.notice_days = 0
    plan.save()
    with pytest.raises(DomainError) as refused:
        apply_transition(with_city, "pass_county_review_to_province", actor_role="county_reviewer")
    assert refused.value.code == "province_has_city_review"
    assert apply_transition(with_city, "pass_county_review", actor_role="county_reviewer").status == "city_review"

    skipping = _proposed(ApplicationFactory(status=Status.COUNTY_REVIEW))
    plan = skipping.window.batch.plan
    plan.review_levels = ["county", "province"]
    plan.notice_days = 0
    plan.save()
    with pytest.raises(DomainError):
        apply_transition(skipping, "pass_county_review", actor_role="county_reviewer")
    moved = apply_transition(skipping, "pass_county_review_to_province", actor_role="county_reviewer")
    assert moved.status == Status.PROVINCE_REVIEW


def test_a_county_pass_needs_a_proposal_and_no_notice_period():
    app = ApplicationFactory(status=Status.COUNTY_REVIEW)
    with pytest.raises(DomainError) as unpublished:
        apply_transition(app, "pass_county_review", actor_role="county_reviewer")
    assert unpublished.value.code == "review_notice_required"  # the plan's default is 7 days
    plan = app.window.batch.plan
    plan.notice_days = 0
    plan.save()
    with pytest.raises(DomainError) as unproposed:
        apply_transition(app, "pass_county_review", actor_role="county_reviewer")
    assert unproposed.value.code == "review_proposal_missing"


def test_it_lapses_only_after_the_confirmation_dates():
    app = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        apply_transition(app, "lapse", actor_role="system", now=LAST_SECOND)
    assert refused.value.code == "confirmation_dates_not_over"
    assert apply_transition(app, "lapse", actor_role="system", now=FIRST_SECOND_AFTER).status == Status.LAPSED


def test_a_notice_moves_the_case_up_only_after_its_last_day():
    app = ApplicationFactory(status=Status.PUBLIC_NOTICE, notice_ends_on=datetime.date(2026, 11, 20))
    with pytest.raises(DomainError) as early:
        apply_transition(
            app,
            "end_notice",
            actor_role="system",
            now=datetime.datetime(2026, 11, 20, 15, 59, 59, tzinfo=datetime.UTC),  # 20 Nov 23:59:59 Shanghai
        )
    assert early.value.code == "notice_not_over"
    after = datetime.datetime(2026, 11, 20, 16, 0, tzinfo=datetime.UTC)  # 21 Nov 00:00 in Shanghai
    assert apply_transition(app, "end_notice", actor_role="system", now=after).status == Status.CITY_REVIEW


def test_undone_decisions_are_kept_but_not_in_force():
    app = ApplicationFactory(status=Status.QUALIFIED)
    first = Decision.objects.create(
        application=app,
        level=DecisionLevel.PROVINCE,
        outcome=DecisionOutcome.QUALIFIED,
        decided_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    undo = Decision.objects.create(
        application=app,
        level=DecisionLevel.PROVINCE,
        outcome=DecisionOutcome.UNDONE,
        note="材料有误",
        decided_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )
    first.undone_by = undo
    first.save(update_fields=["undone_by"])
    assert list(app.decisions.in_force()) == []
    assert list(app.decisions.all()) == [first, undo]


@time_machine.travel(datetime.datetime(2026, 12, 31, 15, 59, 59, tzinfo=datetime.UTC), tick=False)
def test_it_uses_the_shanghai_date_at_new_years_eve_2359():
    # 23:59:59 on 31 December in Shanghai is still 2026 there; the guard reads that date.
    app = ApplicationFactory(
        arrangement__confirm_from=datetime.date(2026, 10, 8), arrangement__confirm_until=datetime.date(2026, 12, 31)
    )
    assert apply_transition(app, "confirm", actor_role="confirmation_operator").status == Status.CONFIRMED
