"""现场确认 services (registration.services.confirmation) and the P17 lapse job."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome, Message
from teacherreg.registration.services import confirmation, materials
from teacherreg.registration.services.confirmation import (
    bulk_confirm,
    confirm_at_point,
    lapse_unconfirmed,
    return_for_changes,
)
from teacherreg.registration.tasks import lapse_unconfirmed_applications
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db

# The factory arrangement confirms from 2026-10-08 to 2026-10-30 (Asia/Shanghai, UTC+8).
IN_DATES = datetime.datetime(2026, 10, 15, 2, 0, tzinfo=datetime.UTC)
FIRST_SECOND = datetime.datetime(2026, 10, 7, 16, 0, 0, tzinfo=datetime.UTC)  # 08 Oct 00:00:00
SECOND_BEFORE = datetime.datetime(2026, 10, 7, 15, 59, 59, tzinfo=datetime.UTC)  # 07 Oct 23:59:59
LAST_SECOND = datetime.datetime(2026, 10, 30, 15, 59, 59, tzinfo=datetime.UTC)  # 30 Oct 23:59:59
SECOND_AFTER = datetime.datetime(2026, 10, 30, 16, 0, 0, tzinfo=datetime.UTC)  # 31 Oct 00:00:00

PERIODIC_CHECKLIST = [
    "application_form",
    "certificate_original",
    "employment_contract",
    "ethics_proof",
    "assessment_proof",
    "training_proof",
]


@pytest.fixture
def operator():
    return StaffFactory()


def _all(app: Application) -> list[str]:
    return [item.code for item in materials.materials_for(app)]


def _confirm(app, operator, *, now=IN_DATES, checked=None, **kwargs):
    return confirm_at_point(
        app,
        by=operator,
        organisation=kwargs.pop("organisation", app.confirmation_point),
        checked=_all(app) if checked is None else checked,
        now=now,
        **kwargs,
    )


# --- the materials checklist --------------------------------------------------------------------


def test_a_periodic_registration_brings_assessments_and_training_proofs():
    app = ApplicationFactory(registration_kind="periodic")
    assert _all(app) == PERIODIC_CHECKLIST


def test_a_first_registration_brings_the_probation_proof_instead():
    app = ApplicationFactory(registration_kind="first")
    assert _all(app) == [
        "application_form",
        "certificate_original",
        "employment_contract",
        "ethics_proof",
        "probation_proof",
    ]


def test_the_provinces_extras_join_the_list_when_the_plan_has_them():
    plan = SimpleNamespace(extra_materials=["身心健康证明", "  ", "病休证明"])
    assert [(m.code, m.label) for m in materials.province_extras(plan)] == [
        ("province_1", "身心健康证明"),
        ("province_3", "病休证明"),
    ]
    assert materials.province_extras(SimpleNamespace()) == []


# --- confirm ---------------------------------------------------------------------------------


def test_it_confirms_records_the_decision_and_tells_the_applicant(operator):
    app = ApplicationFactory()

    moved = _confirm(app, operator)

    assert moved.status == Status.CONFIRMED and moved.version == 2
    decision = Decision.objects.get(application=app)
    assert (decision.level, decision.outcome) == (DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED)
    assert decision.reasons == sorted(PERIODIC_CHECKLIST)
    assert decision.decided_by == operator and decision.decided_by_organisation == app.confirmation_point
    event = AuditEvent.objects.get(action="application.transition")
    assert event.actor == operator and event.actor_organisation_id == app.confirmation_point_id
    assert event.data["transition"] == "confirm"
    notice = OutboxMessage.objects.get(template="application_status_changed")
    assert notice.params["status_label"] == "待注册审批（初审中）"


@pytest.mark.parametrize(
    ("now", "allowed"),
    [(SECOND_BEFORE, False), (FIRST_SECOND, True), (LAST_SECOND, True), (SECOND_AFTER, False)],
    ids=["day-before-23:59:59", "first-day-00:00:00", "last-day-23:59:59", "day-after-00:00:00"],
)
def test_it_confirms_only_within_the_points_dates_in_shanghai(operator, now, allowed):
    app = ApplicationFactory()
    if allowed:
        assert _confirm(app, operator, now=now).status == Status.CONFIRMED
        return
    with pytest.raises(DomainError) as refused:
        _confirm(app, operator, now=now)
    assert refused.value.code == "outside_confirmation_dates"
    assert "2026-10-08" in refused.value.message and "2026-10-30" in refused.value.message
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    assert not Decision.objects.exists()


def test_it_names_the_materials_not_yet_checked(operator):
    app = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        _confirm(app, operator, checked=["application_form", "certificate_original", "ethics_proof"])
    assert refused.value.code == "desk_materials_missing"
    assert "聘用合同" in refused.value.message and "培训证明" in refused.value.message
    assert "原件" not in refused.value.message.split("还缺：")[1]
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_only_the_cases_own_point_confirms_it(operator):
    app = ApplicationFactory()
    with pytest.raises(DomainError) as refused:
        _confirm(app, operator, organisation=OrganisationFactory(level="point"))
    assert refused.value.code == "desk_not_this_point"
    with pytest.raises(DomainError):
        _confirm(app, operator, organisation=None)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.CONFIRMED, "已确认"),
        (Status.WITHDRAWN, "已撤回"),
        (Status.LAPSED, "逾期未确认"),
        (Status.COUNTY_REVIEW, "初审中"),
    ],
)
def test_it_refuses_what_is_not_awaiting_confirmation_in_words(operator, status, label):
    app = ApplicationFactory(status=status)
    with pytest.raises(DomainError) as refused:
        _confirm(app, operator)
    assert refused.value.code == "desk_not_awaiting"
    assert f"当前为“{label}”" in refused.value.message


def test_it_refuses_a_case_changed_since_the_operator_read_it(operator):
    app = ApplicationFactory()
    Application.objects.filter(pk=app.pk).update(version=2)  # the applicant amended meanwhile
    with pytest.raises(DomainError) as refused:
        _confirm(app, operator, expected_version=1)
    assert refused.value.code == "stale_version"


# --- return for changes ------------------------------------------------------------------------


def test_returning_needs_a_message(operator):
    app = ApplicationFactory()
    for empty in ("", "   \n "):
        with pytest.raises(DomainError) as refused:
            return_for_changes(app, by=operator, organisation=app.confirmation_point, message=empty, now=IN_DATES)
        assert refused.value.code == "desk_return_message_required"
    with pytest.raises(DomainError) as long:
        return_for_changes(app, by=operator, organisation=app.confirmation_point, message="字" * 2001, now=IN_DATES)
    assert long.value.code == "app_message_too_long"
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and not Message.objects.exists()


def test_returning_puts_the_message_in_the_thread_and_sends_one_notice(operator):
    app = ApplicationFactory()

    moved = return_for_changes(
        app,
        by=operator,
        organisation=app.confirmation_point,
        message=" 聘用合同缺页，请补齐后再来确认。 ",
        now=IN_DATES,
    )

    assert moved.status == Status.RETURNED
    message = Message.objects.get(application=app)
    assert message.body == "聘用合同缺页，请补齐后再来确认。"
    assert message.author_organisation == app.confirmation_point and not message.from_applicant
    decision = Decision.objects.get(application=app)
    assert decision.outcome == DecisionOutcome.RETURNED and decision.note == message.body
    assert AuditEvent.objects.get(action="application.transition").data["note"] == message.body
    # The status notice carries the news; no second notice for the message itself.
    assert list(OutboxMessage.objects.values_list("template", flat=True).distinct()) == ["application_status_changed"]


def test_a_returned_case_is_not_returned_twice_but_can_be_confirmed_once_put_right(operator):
    app = ApplicationFactory()
    return_for_changes(app, by=operator, organisation=app.confirmation_point, message="请更换照片", now=IN_DATES)
    app.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        return_for_changes(app, by=operator, organisation=app.confirmation_point, message="再次退回", now=IN_DATES)
    assert refused.value.code == "desk_already_returned"

    assert _confirm(app, operator).status == Status.CONFIRMED


@pytest.mark.parametrize(("now", "allowed"), [(SECOND_BEFORE, False), (LAST_SECOND, True), (SECOND_AFTER, False)])
def test_returning_is_within_the_dates_too(operator, now, allowed):
    app = ApplicationFactory()
    if allowed:
        return_for_changes(app, by=operator, organisation=app.confirmation_point, message="请补材料", now=now)
        app.refresh_from_db()
        assert app.status == Status.RETURNED
        return
    with pytest.raises(DomainError) as refused:
        return_for_changes(app, by=operator, organisation=app.confirmation_point, message="请补材料", now=now)
    assert refused.value.code == "outside_confirmation_dates"


# --- bulk confirm ------------------------------------------------------------------------------


def test_bulk_confirm_gives_each_case_its_own_result(operator):
    first = ApplicationFactory()
    point = first.confirmation_point
    ok = ApplicationFactory(arrangement=first.arrangement)
    already = ApplicationFactory(arrangement=first.arrangement, status=Status.CONFIRMED)
    changed = ApplicationFactory(arrangement=first.arrangement)
    Application.objects.filter(pk=changed.pk).update(version=3)
    elsewhere = ApplicationFactory()  # another point's case, outside the candidates

    outcomes = bulk_confirm(
        [(ok.number, 1), (already.number, 1), (changed.number, 1), (elsewhere.number, 1), (ok.number, 1)],
        candidates=Application.objects.filter(confirmation_point=point),
        by=operator,
        points=[point],
        materials_checked=True,
        now=IN_DATES,
    )

    assert [(o.number, o.confirmed) for o in outcomes] == [
        (ok.number, True),
        (already.number, False),
        (changed.number, False),
        (elsewhere.number, False),
    ]
    assert "已确认" in outcomes[1].reason
    assert "在您勾选之后又有变动" in outcomes[2].reason
    assert elsewhere.number in outcomes[3].reason
    statuses = dict(Application.objects.values_list("number", "status"))
    assert statuses[ok.number] == Status.CONFIRMED
    assert statuses[changed.number] == Status.SUBMITTED and statuses[elsewhere.number] == Status.SUBMITTED
    # Nothing half-done: only the confirmed case has a decision.
    assert list(Decision.objects.values_list("application__number", flat=True)) == [ok.number]


def test_bulk_confirm_needs_the_declaration_a_selection_and_a_sane_size(operator):
    app = ApplicationFactory()
    common = {"candidates": Application.objects.all(), "by": operator, "points": [app.confirmation_point]}
    with pytest.raises(DomainError) as undeclared:
        bulk_confirm([(app.number, 1)], materials_checked=False, now=IN_DATES, **common)
    assert undeclared.value.code == "desk_bulk_declaration_required"
    with pytest.raises(DomainError) as empty:
        bulk_confirm([], materials_checked=True, now=IN_DATES, **common)
    assert empty.value.code == "desk_bulk_nothing_selected"
    too_many = [(f"{n:015d}", 1) for n in range(confirmation.BULK_LIMIT + 1)]
    with pytest.raises(DomainError) as big:
        bulk_confirm(too_many, materials_checked=True, now=IN_DATES, **common)
    assert big.value.code == "desk_bulk_too_many"
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


# --- the P17 lapse job -------------------------------------------------------------------------


def test_the_lapse_job_lapses_only_what_is_unconfirmed_after_the_last_day_and_only_once():
    submitted = ApplicationFactory()
    returned = ApplicationFactory(arrangement=submitted.arrangement, status=Status.RETURNED)
    confirmed = ApplicationFactory(arrangement=submitted.arrangement, status=Status.CONFIRMED)
    withdrawn = ApplicationFactory(arrangement=submitted.arrangement, status=Status.WITHDRAWN)
    later = ApplicationFactory(arrangement__confirm_until=datetime.date(2026, 11, 15))

    assert lapse_unconfirmed(now=LAST_SECOND) == 0
    assert lapse_unconfirmed(now=SECOND_AFTER) == 2
    assert lapse_unconfirmed(now=SECOND_AFTER) == 0

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[submitted.pk] == statuses[returned.pk] == Status.LAPSED
    assert statuses[confirmed.pk] == Status.CONFIRMED
    assert statuses[withdrawn.pk] == Status.WITHDRAWN
    assert statuses[later.pk] == Status.SUBMITTED
    events = AuditEvent.objects.filter(action="application.transition")
    assert events.count() == 2 and {e.actor_role for e in events} == {"system"}
    assert OutboxMessage.objects.filter(template="application_status_changed").count() >= 2


def test_the_periodic_task_runs_the_lapse_service():
    app = ApplicationFactory()
    with time_machine.travel(SECOND_AFTER, tick=False):
        assert lapse_unconfirmed_applications.call_local() == 1
    app.refresh_from_db()
    assert app.status == Status.LAPSED
