"""The 查询报名信息 pages (manual §3.2): scoping, the list and history, 详情 with masking and the
timeline, 撤回 with its confirmation page, 修改's explanation and request, 留言, 通知方式."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.models import NoticeChannels
from teacherreg.registration.models import Message
from teacherreg.registration.services.messages import post_staff_message
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
LIST = "/me/registration/applications/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def app():
    teacher = ApplicantFactory(name="薛明", email="xue.ming@example.com")
    return ApplicationFactory(applicant=teacher, number="202611010100001")


@pytest.fixture
def signed_in(client, app):
    client.force_login(app.applicant, backend=BACKEND)
    return client


def _url(app, page: str = "") -> str:
    return f"{LIST}{app.number}/{page + '/' if page else ''}"


@pytest.mark.parametrize("page", ["", "notes", "edit", "withdraw", "messages"])
def test_another_applicants_number_is_not_found(client, app, page):
    client.force_login(ApplicantFactory(), backend=BACKEND)

    assert client.get(_url(app, page)).status_code == 404
    assert client.post(_url(app, page), {"body": "x", "reason": "x", "version": app.version}).status_code == 404
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    assert not Message.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, app):
    assert client.get(LIST).status_code == 302
    assert client.get(_url(app)).status_code == 302


def test_the_list_shows_this_year_with_masked_numbers_and_actions(signed_in, app):
    old = ApplicationFactory(applicant=app.applicant, registration_year=2021, status=Status.QUALIFIED)
    post_staff_message(app, author=None, organisation=app.confirmation_point, body="请带证书原件。")

    html = signed_in.get(LIST).content.decode()

    assert app.number in html and old.number not in html
    assert app.certificate_key not in html
    assert app.certificate_key[:4] + "*****" in html
    assert "网报待确认" in html
    for action in ("注意事项", "详情", "修改", "撤回"):
        assert action in html
    assert "有留言（1 条未读）" in html
    assert "历史报名（1）" in html
    history = signed_in.get(f"{LIST}history/").content.decode()
    assert old.number in history and app.number not in history


def test_detail_masks_personal_data_and_shows_the_timeline(signed_in, app):
    html = signed_in.get(_url(app)).content.decode()

    assert app.document_number not in html and app.phone not in html
    assert "薛*" in html
    assert app.phone[:3] + "****" + app.phone[-2:] in html
    assert "北京市海淀区实验小学" in html
    assert "办理进度" in html and "提交报名" in html
    assert "2026-10-30" in html  # the editing deadline


def test_notes_show_the_reminder_and_the_points_notes(signed_in, app):
    app.arrangement.notes = "请带上两张申请表，到二楼203室办理。"
    app.arrangement.save()

    html = signed_in.get(_url(app, "notes")).content.decode()

    assert "二楼203室" in html and "2026-10-30" in html and app.number in html


def test_withdrawal_asks_first_then_withdraws(signed_in, app):
    page = signed_in.get(_url(app, "withdraw")).content.decode()
    assert "确认撤回" in page
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED

    response = signed_in.post(_url(app, "withdraw"), {"version": app.version})

    assert response.status_code == 302 and response["Location"] == LIST
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN


def test_withdrawal_after_confirmation_is_explained_not_done(signed_in, app):
    app.status = Status.CONFIRMED
    app.save()

    response = signed_in.post(_url(app, "withdraw"), {"version": app.version})

    assert response.status_code == 200
    assert "只有注册结论为“网报待确认”的报名才能撤回" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.CONFIRMED


def test_a_confirmed_application_offers_the_request_to_send_back(signed_in, app):
    app.status = Status.COUNTY_REVIEW
    app.save()
    page = signed_in.get(_url(app, "edit")).content.decode()
    assert "申请退回修改" in page and "不能再修改" in page

    empty = signed_in.post(_url(app, "edit"), {"reason": ""})
    assert "请写明需要修改哪些信息以及原因" in empty.content.decode()

    sent = signed_in.post(_url(app, "edit"), {"reason": "照片不清晰，需要更换。"})
    assert sent.status_code == 302 and sent["Location"] == _url(app, "messages")
    assert Message.objects.get().body == "照片不清晰，需要更换。"
    again = signed_in.get(_url(app, "edit")).content.decode()
    assert "请等待注册机构处理" in again


def test_the_thread_marks_read_and_takes_a_reply(signed_in, app):
    post_staff_message(app, author=None, organisation=app.confirmation_point, body="请补交学历证书复印件。")

    html = signed_in.get(_url(app, "messages")).content.decode()

    assert "请补交学历证书复印件。" in html
    assert app.confirmation_point.name in html
    assert "2026-10-10 10:00:00" in html  # Asia/Shanghai
    assert Message.objects.get().read_at is not None

    too_long = signed_in.post(_url(app, "messages"), {"body": "字" * 2001})
    assert "不能超过 2000 个字" in too_long.content.decode()
    assert "字" * 2001 in too_long.content.decode()  # what was typed is kept

    response = signed_in.post(_url(app, "messages"), {"body": "好的，明天送到。"})
    assert response.status_code == 302
    assert Message.objects.filter(from_applicant=True, body="好的，明天送到。").exists()


def test_the_notice_preference_is_saved_and_email_needs_an_address(signed_in, app):
    response = signed_in.post(f"{LIST}notices/", {"notice_channels": NoticeChannels.SMS})
    assert response.status_code == 302
    app.applicant.refresh_from_db()
    assert app.applicant.notice_channels == NoticeChannels.SMS

    no_email = ApplicantFactory()
    signed_in.force_login(no_email, backend=BACKEND)
    refused = signed_in.post(f"{LIST}notices/", {"notice_channels": NoticeChannels.EMAIL})
    assert "还没有绑定电子邮箱" in refused.content.decode()
    no_email.refresh_from_db()
    assert no_email.notice_channels == NoticeChannels.BOTH


def test_the_applicant_reads_why_a_registration_was_deferred(signed_in, app):
    from django.utils import timezone

    from teacherreg.registration.models import Decision

    app.status = Status.DEFERRED
    app.save()
    now = timezone.now()
    undone = Decision.objects.create(
        application=app, level="province", outcome="deferred", reasons=["annual_assessment_failed"], decided_at=now
    )
    undo = Decision.objects.create(application=app, level="province", outcome="undone", decided_at=now)
    undone.undone_by = undo
    undone.save()
    Decision.objects.create(
        application=app,
        level="province",
        outcome="deferred",
        reasons=["training_hours_short"],
        note="请补足 2025 年度培训学时后再申请。",
        decided_at=now,
    )

    listed = signed_in.get(LIST).content.decode()
    detail = signed_in.get(_url(app)).content.decode()

    expected = "注册有效期内未完成规定的培训学时（学分）；请补足 2025 年度培训学时后再申请。"
    assert f"原因：{expected}" in listed
    assert expected in detail
    assert "年度考核不合格" not in listed + detail  # the undone decision's reason is not shown
