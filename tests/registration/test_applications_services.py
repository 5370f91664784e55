"""查询报名信息's rules (manual §3.2; P15, P17): which applications the list shows, what each
status offers, withdrawal through the state machine, the edit deadline and the request to
send a confirmed case back."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Message
from teacherreg.registration.models.decisions import MessageKind
from teacherreg.registration.services.applications import (
    actions_for,
    edit_permission,
    own_applications,
    split_current,
    timeline,
    withdraw_application,
)
from teacherreg.registration.services.edit_requests import request_send_back
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 10, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


# --- the list -------------------------------------------------------------------------------


def test_it_lists_only_the_applicants_own_applications():
    mine = ApplicationFactory()
    ApplicationFactory()  # somebody else's

    assert list(own_applications(mine.applicant)) == [mine]


def test_it_keeps_this_year_and_unfinished_cases_current_and_the_rest_in_history():
    teacher = ApplicantFactory()
    this_year = ApplicationFactory(applicant=teacher)
    old_done = ApplicationFactory(applicant=teacher, registration_year=2021, status=Status.QUALIFIED)
    old_withdrawn = ApplicationFactory(applicant=teacher, registration_year=2025, status=Status.WITHDRAWN)
    old_moving = ApplicationFactory(applicant=teacher, registration_year=2025, status=Status.PROVINCE_REVIEW)

    current, history = split_current(own_applications(teacher), TODAY)

    assert {a.pk for a in current} == {this_year.pk, old_moving.pk}
    assert {a.pk for a in history} == {old_done.pk, old_withdrawn.pk}


# status: (注意事项, 撤回, 修改 allowed, 申请退回修改, 申请表) — written out by hand from P15/P17.
ACTIONS = {
    Status.SUBMITTED: (True, True, True, False, True),
    Status.RETURNED: (True, True, True, False, True),
    Status.CONFIRMED: (True, False, False, True, True),
    Status.COUNTY_REVIEW: (True, False, False, True, True),
    Status.CITY_REVIEW: (True, False, False, True, True),
    Status.PROVINCE_REVIEW: (True, False, False, True, True),
    Status.PUBLIC_NOTICE: (True, False, False, False, True),
    Status.QUALIFIED: (False, False, False, False, True),
    Status.DEFERRED: (False, False, False, False, True),
    Status.UNQUALIFIED: (False, False, False, False, True),
    Status.REVOKED: (False, False, False, False, True),
    Status.WITHDRAWN: (False, False, False, False, False),
    Status.LAPSED: (False, False, False, False, False),
}


def test_the_action_table_covers_every_status():
    assert set(ACTIONS) == set(Status)


@pytest.mark.parametrize(("status", "expected"), ACTIONS.items(), ids=[s.value for s in ACTIONS])
def test_it_offers_the_actions_of_each_status(status, expected):
    app = ApplicationFactory(status=status)

    actions = actions_for(app, TODAY)

    got = (actions.notes, actions.withdraw, actions.edit.allowed, actions.edit.can_request_send_back, actions.form)
    assert got == expected
    assert actions.detail and actions.messages


# --- 修改 at the confirmation end date (P17) ----------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (datetime.datetime(2026, 10, 30, 15, 59, 59, tzinfo=datetime.UTC), True),  # 23:59:59 in Shanghai
        (datetime.datetime(2026, 10, 30, 16, 0, 0, tzinfo=datetime.UTC), False),  # 00:00:00 the next day
    ],
    ids=["last-second", "next-day"],
)
def test_edits_end_with_the_confirmation_end_date(moment, allowed):
    app = ApplicationFactory()
    assert app.arrangement.confirm_until == datetime.date(2026, 10, 30)

    with time_machine.travel(moment, tick=False):
        from teacherreg.common.dates import today

        permission = edit_permission(app, today())

    assert permission.allowed is allowed
    assert permission.reason_code == ("app_edit_open" if allowed else "app_edit_confirmation_over")
    assert "2026-10-30" in permission.reason


def test_after_confirmation_it_explains_and_offers_the_request():
    permission = edit_permission(ApplicationFactory(status=Status.CONFIRMED), TODAY)

    assert not permission.allowed
    assert permission.can_request_send_back
    assert "网报待确认" in permission.reason


# --- 撤回 ---------------------------------------------------------------------------------------


def test_withdrawal_goes_through_the_withdraw_transition():
    app = ApplicationFactory()

    withdrawn = withdraw_application(app, app.applicant, expected_version=app.version)

    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.version == app.version + 1
    event = AuditEvent.objects.get(action="application.transition", object_ref=str(app.pk))
    assert event.data["transition"] == "withdraw"
    assert event.actor_id == app.applicant.pk
    assert event.actor_role == "applicant"
    assert [e.label for e in timeline(withdrawn)] == ["提交报名", "已撤回"]


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.COUNTY_REVIEW, Status.QUALIFIED, Status.WITHDRAWN])
def test_withdrawal_is_refused_after_confirmation(status):
    app = ApplicationFactory(status=status)

    with pytest.raises(DomainError) as exc:
        withdraw_application(app, app.applicant)

    assert exc.value.code == "app_withdraw_not_allowed"
    app.refresh_from_db()
    assert app.status == status


def test_nobody_withdraws_another_applicants_application():
    app = ApplicationFactory()

    with pytest.raises(DomainError) as exc:
        withdraw_application(app, ApplicantFactory())

    assert exc.value.code == "app_not_yours"


def test_a_stale_page_cannot_withdraw():
    app = ApplicationFactory()

    with pytest.raises(DomainError) as exc:
        withdraw_application(app, app.applicant, expected_version=app.version - 1)

    assert exc.value.code == "stale_version"


# --- 申请退回修改 ---------------------------------------------------------------------------------


def test_the_request_to_send_back_is_a_message_to_the_agency_and_an_audit_event():
    app = ApplicationFactory(status=Status.COUNTY_REVIEW)

    message = request_send_back(app, app.applicant, "  现任教学校名称少写了“第二”两个字  ", day=TODAY)

    assert message.kind == MessageKind.EDIT_REQUEST
    assert message.from_applicant
    assert message.body == "现任教学校名称少写了“第二”两个字"
    assert message.to_organisation == app.agency
    assert message.application_version == app.version
    event = AuditEvent.objects.get(action="application.send_back_requested")
    assert event.object_ref == str(app.pk)
    assert event.data["message"] == message.pk


def test_a_second_request_for_the_same_version_is_refused():
    app = ApplicationFactory(status=Status.CONFIRMED)
    request_send_back(app, app.applicant, "照片需要更换", day=TODAY)

    with pytest.raises(DomainError) as exc:
        request_send_back(app, app.applicant, "照片需要更换", day=TODAY)

    assert exc.value.code == "app_send_back_already"
    assert Message.objects.filter(kind=MessageKind.EDIT_REQUEST).count() == 1


@pytest.mark.parametrize(
    ("status", "reason", "code"),
    [
        (Status.SUBMITTED, "照片需要更换", "app_send_back_not_allowed"),  # edit it yourself
        (Status.QUALIFIED, "照片需要更换", "app_send_back_not_allowed"),
        (Status.CONFIRMED, "   ", "app_send_back_reason_required"),
        (Status.CONFIRMED, "字" * 2001, "app_message_too_long"),
    ],
)
def test_the_request_is_refused_with_the_reason(status, reason, code):
    app = ApplicationFactory(status=status)

    with pytest.raises(DomainError) as exc:
        request_send_back(app, app.applicant, reason, day=TODAY)

    assert exc.value.code == code
    assert not Message.objects.exists()
