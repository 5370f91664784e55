"""留言 and notices (manual §3.2.5, domain.md §3.4, issue 5 item 8): staff post, the applicant
replies, opening the thread marks staff messages read, and SMS / e-mail go out as the
applicant chose, with nothing personal in the SMS."""

from __future__ import annotations

import datetime

import pyotp
import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import NoticeChannels
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.notify.sms.backends import MemorySmsProvider
from teacherreg.registration.models import Message
from teacherreg.registration.services.applications import unread_counts, withdraw_application
from teacherreg.registration.services.messages import (
    acting_organisations,
    handling_organisation,
    mark_read,
    notify_status_change,
    post_staff_message,
    reply,
    unread_count,
)
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import Status
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _sms():
    MemorySmsProvider.clear()
    yield
    MemorySmsProvider.clear()


def _application(channels: str = NoticeChannels.BOTH, **kwargs):
    teacher = ApplicantFactory(email="xue.ming@example.com", notice_channels=channels)
    return ApplicationFactory(applicant=teacher, **kwargs)


def test_a_staff_message_is_signed_by_the_organisation_and_audited(django_capture_on_commit_callbacks):
    app = _application()
    staff = StaffFactory(name="王老师")

    with django_capture_on_commit_callbacks(execute=True):
        message = post_staff_message(
            app, author=staff, organisation=app.confirmation_point, body="请补交学历证书复印件。"
        )

    assert message.author_organisation == app.confirmation_point
    assert not message.from_applicant
    event = AuditEvent.objects.get(action="application.message_posted")
    assert event.actor_organisation_id == app.confirmation_point.pk
    assert event.data == {"message": message.pk}


def test_unread_counts_go_down_when_the_applicant_opens_the_thread():
    app = _application()
    other = ApplicationFactory()
    post_staff_message(app, author=None, organisation=app.confirmation_point, body="第一条")
    post_staff_message(app, author=None, organisation=app.agency, body="第二条")
    reply(app, app.applicant, "收到")

    assert unread_count(app) == 2
    assert unread_counts([app, other]) == {app.pk: 2}  # the list's one grouped query

    assert mark_read(app, other.applicant) == 0  # someone else's opening changes nothing
    assert mark_read(app, app.applicant) == 2
    assert unread_count(app) == 0
    assert unread_counts([app]) == {}


def test_a_reply_goes_to_whoever_wrote_last_or_handles_the_case():
    app = _application()
    assert handling_organisation(app) == app.confirmation_point
    confirmed = ApplicationFactory(status=Status.CONFIRMED)
    assert handling_organisation(confirmed) == confirmed.agency

    post_staff_message(app, author=None, organisation=app.agency, body="请核对任教学科。")
    answer = reply(app, app.applicant, "  已核对，无误。 ")

    assert answer.from_applicant and answer.author == app.applicant
    assert answer.to_organisation == app.agency
    assert answer.body == "已核对，无误。"
    assert AuditEvent.objects.filter(action="application.message_replied", object_ref=str(app.pk)).exists()


@pytest.mark.parametrize(
    ("body", "code"), [("", "app_message_empty"), ("   ", "app_message_empty"), ("字" * 2001, "app_message_too_long")]
)
def test_bad_replies_are_refused(body, code):
    app = _application()

    with pytest.raises(DomainError) as exc:
        reply(app, app.applicant, body)

    assert exc.value.code == code
    assert not Message.objects.exists()


def test_no_reply_on_someone_elses_or_a_withdrawn_application():
    app = _application()
    with pytest.raises(DomainError) as exc:
        reply(app, ApplicantFactory(), "你好")
    assert exc.value.code == "app_not_yours"

    withdrawn = _application(status=Status.WITHDRAWN)
    with pytest.raises(DomainError) as exc:
        reply(withdrawn, withdrawn.applicant, "你好")
    assert exc.value.code == "app_message_closed"


# --- notices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channels", "sms", "emails"),
    [(NoticeChannels.BOTH, 1, 1), (NoticeChannels.SMS, 1, 0), (NoticeChannels.EMAIL, 0, 1)],
)
def test_a_staff_message_is_announced_as_the_applicant_chose(django_capture_on_commit_callbacks, channels, sms, emails):
    app = _application(channels)

    with django_capture_on_commit_callbacks(execute=True):
        post_staff_message(app, author=None, organisation=app.confirmation_point, body="请于10月20日前到确认点。")

    assert len(MemorySmsProvider.sent) == sms
    assert len(mail.outbox) == emails
    for captured in MemorySmsProvider.sent:
        # The SMS says only that there is news: no number, no name, no message body.
        assert "新留言" in captured.text and "登录" in captured.text
        assert app.number not in captured.text
        assert app.applicant.name not in captured.text
        assert "确认点" not in captured.text
    for email in mail.outbox:
        assert app.number in email.body
        assert email.to == ["xue.ming@example.com"]


def test_a_visible_status_change_is_announced_once(django_capture_on_commit_callbacks):
    app = _application()

    with django_capture_on_commit_callbacks(execute=True):
        moved = apply_transition(app, "confirm", actor_role="confirmation_operator")
        notify_status_change(moved, previous=Status.SUBMITTED)
        notify_status_change(moved, previous=Status.SUBMITTED)  # the same change again: deduplicated

    assert len(MemorySmsProvider.sent) == 1
    assert "新进展" in MemorySmsProvider.sent[0].text
    assert app.number not in MemorySmsProvider.sent[0].text
    assert len(mail.outbox) == 1
    assert "待注册审批" in mail.outbox[0].body and app.number in mail.outbox[0].body


def test_a_change_the_applicant_cannot_see_sends_nothing(django_capture_on_commit_callbacks):
    app = _application(status=Status.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        moved = apply_transition(app, "start_county_review", actor_role="county_reviewer")
        notify_status_change(moved, previous=Status.CONFIRMED)  # 待注册审批（初审中） both times

    assert not OutboxMessage.objects.exists()


def test_withdrawing_sends_the_status_notice(django_capture_on_commit_callbacks):
    app = _application(NoticeChannels.EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_application(app, app.applicant)

    assert len(mail.outbox) == 1
    assert "已撤回" in mail.outbox[0].body


# --- the Django admin, until the office issue ---------------------------------------------------


def test_staff_post_from_the_admin_through_the_service(client, django_capture_on_commit_callbacks):
    app = _application(NoticeChannels.SMS)
    staff = StaffFactory(totp_secret=pyotp.random_base32(), is_superuser=True)
    MembershipFactory(user=staff, organisation=app.confirmation_point, role="confirmation_operator")
    client.force_login(staff, backend=STAFF_BACKEND)
    passed = client.post("/office/verify/", {"code": pyotp.TOTP(staff.totp_secret).now(), "next": "/admin/"})
    assert passed.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/registration/message/add/",
            {"application": app.pk, "author_organisation": app.confirmation_point.pk, "body": "请补交照片。"},
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    message = Message.objects.get()
    assert message.author == staff and message.author_organisation == app.confirmation_point
    assert AuditEvent.objects.filter(action="application.message_posted").count() == 1
    assert len(MemorySmsProvider.sent) == 1


def _verified_staff(client, *, superuser: bool = False):
    staff = StaffFactory(totp_secret=pyotp.random_base32(), is_superuser=superuser)
    client.force_login(staff, backend=STAFF_BACKEND)
    passed = client.post("/office/verify/", {"code": pyotp.TOTP(staff.totp_secret).now(), "next": "/admin/"})
    assert passed.status_code == 302
    return staff


def test_only_the_organisations_acting_on_a_case_may_sign_a_message_on_it():
    app = _application()
    city = OrganisationFactory(name="济南市教育局", level="city")
    app.agency.parent = city
    app.agency.save()
    stranger = OrganisationFactory(name="别处的注册机构")

    assert acting_organisations(app) == {app.confirmation_point.pk, app.agency.pk, city.pk}
    with pytest.raises(DomainError) as refused:
        post_staff_message(app, author=None, organisation=stranger, body="请补交照片。")
    assert refused.value.code == "app_message_staff_org_not_acting"
    assert not Message.objects.exists()
    # The city (复核) above the agency acts on the case too.
    assert post_staff_message(app, author=None, organisation=city, body="请补交照片。").author_organisation == city


def test_the_admin_refuses_an_organisation_not_acting_on_the_case_and_keeps_the_text(client):
    app = _application()
    staff = _verified_staff(client, superuser=True)
    stranger = OrganisationFactory(name="别处的注册机构")
    MembershipFactory(user=staff, organisation=stranger, role="county_reviewer")

    response = client.post(
        "/admin/registration/message/add/",
        {"application": app.pk, "author_organisation": stranger.pk, "body": "请补交照片。"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "这个机构不经办这份申请" in page and "请补交照片。" in page
    assert not Message.objects.exists()


def test_staff_see_only_the_messages_of_cases_their_organisations_act_on(client):
    mine, theirs = _application(), _application()
    post_staff_message(mine, author=None, organisation=mine.confirmation_point, body="给我的申请人")
    post_staff_message(theirs, author=None, organisation=theirs.confirmation_point, body="给别人的申请人")
    staff = _verified_staff(client)
    MembershipFactory(user=staff, organisation=mine.agency, role="county_reviewer")
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_message", "add_message"]))
    staff.is_staff = True
    staff.save()

    page = client.get("/admin/registration/message/").content.decode()

    assert mine.number in page
    assert theirs.number not in page
