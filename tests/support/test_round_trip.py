"""A signed-in applicant asks, the province answers, the applicant reads the answer and is told."""

from __future__ import annotations

import pytest

from teacherreg.audit.models import AuditEvent
from teacherreg.notify.models import OutboxMessage
from teacherreg.support.models import Ticket, TicketStatus

pytestmark = pytest.mark.django_db

QUESTION = {
    "subject": "李明 手机号码更换",
    "topic": "contact_change",
    "description": "原来的手机号码已经停用，收不到验证码，想改成新的号码。",
    "phone": "13698765432",
}


def test_it_prefills_the_form_from_the_account(teacher_client):
    page = teacher_client.get("/help/contact/").content.decode()

    assert 'value="李明 "' in page
    assert 'value="13612345678"' in page
    assert "37*****" in page  # the document, masked, instead of the two document fields
    assert 'name="document_number"' not in page
    assert "captcha" not in page.lower()


def test_it_opens_a_ticket_linked_to_the_account_and_routed_to_its_province(teacher, teacher_client):
    answer = teacher_client.post("/help/contact/", QUESTION)

    ticket = Ticket.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/me/support/{ticket.pk}/"
    assert ticket.user == teacher
    assert ticket.province_code == "37"
    assert ticket.document_number == teacher.document_number
    assert ticket.phone == "13698765432"
    assert ticket.status == TicketStatus.OPEN
    assert AuditEvent.objects.filter(action="support.ticket_opened", object_ref=str(ticket.pk)).count() == 1


def test_the_round_trip(world, teacher, teacher_client, staff):
    teacher_client.post("/help/contact/", QUESTION)
    ticket = Ticket.objects.get()

    queue = staff["ours"].get("/office/support/").content.decode()
    assert ticket.number in queue
    assert "李明 手机号码更换" in queue

    page = staff["ours"].get(f"/office/support/{ticket.pk}/").content.decode()
    assert "原来的手机号码已经停用" in page
    # A contact change is done on the existing page, for this very account.
    assert f'href="/office/queues/contacts/{teacher.pk}/"' in page

    answer = staff["ours"].post(f"/office/support/{ticket.pk}/reply/", {"body": "已核实身份，手机号码已改为新号码。"})
    assert answer.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ANSWERED

    notices = OutboxMessage.objects.filter(template="support_reply", user=teacher)
    assert sorted(notices.values_list("channel", flat=True)) == ["email", "sms"]
    assert notices.first().params["number"] == ticket.number

    mine = teacher_client.get("/me/support/").content.decode()
    assert "已回复" in mine
    assert ticket.number in mine
    read = teacher_client.get(f"/me/support/{ticket.pk}/").content.decode()
    assert "已核实身份，手机号码已改为新号码。" in read
    assert "山东省教育厅" in read  # signed with the organisation, not the staff member

    teacher_client.post(f"/me/support/{ticket.pk}/reply/", {"body": "收到，谢谢。"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert [r.from_applicant for r in ticket.replies.all()] == [False, True]


def test_the_centre_links_to_my_questions(teacher_client):
    assert 'href="/me/support/"' in teacher_client.get("/me/").content.decode()


def test_an_applicant_never_sees_another_applicants_ticket(world, teacher_client):
    from tests.support.world import ticket as make_ticket

    other = make_ticket("37")

    assert teacher_client.get(f"/me/support/{other.pk}/").status_code == 404
    assert teacher_client.post(f"/me/support/{other.pk}/reply/", {"body": "x"}).status_code == 404
    assert other.number not in teacher_client.get("/me/support/").content.decode()


def test_a_closed_ticket_takes_no_follow_up(world, teacher, teacher_client, staff):
    from tests.support.world import ticket as make_ticket

    ticket = make_ticket("37", user=teacher)
    staff["ours"].post(f"/office/support/{ticket.pk}/close/")

    page = teacher_client.post(f"/me/support/{ticket.pk}/reply/", {"body": "还有一个问题"}).content.decode()

    assert "这条咨询已经关闭，不能再补充说明。如有新的问题，请重新提交咨询。" in page
    assert "还有一个问题" in page  # what was typed stays in the box
    assert ticket.replies.count() == 0
