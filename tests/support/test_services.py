"""The ticket's statuses as data (TRANSITIONS) and the services that move them."""

from __future__ import annotations

import pytest

from teacherreg.audit.models import AuditEvent
from teacherreg.support.messages import SupportError
from teacherreg.support.models import TicketStatus
from teacherreg.support.services import TRANSITIONS, close_ticket, follow_up, reopen_ticket, reply_as_staff
from tests.support.world import ticket as make_ticket

pytestmark = pytest.mark.django_db
S = TicketStatus

# Written out by hand: (action, from) → to, or None when refused.
EXPECTED = {
    ("staff_reply", S.OPEN): S.ANSWERED,
    ("staff_reply", S.ANSWERED): S.ANSWERED,
    ("staff_reply", S.CLOSED): None,
    ("follow_up", S.OPEN): S.OPEN,
    ("follow_up", S.ANSWERED): S.OPEN,
    ("follow_up", S.CLOSED): None,
    ("close", S.OPEN): S.CLOSED,
    ("close", S.ANSWERED): S.CLOSED,
    ("close", S.CLOSED): None,
    ("reopen", S.OPEN): None,
    ("reopen", S.ANSWERED): None,
    ("reopen", S.CLOSED): S.OPEN,
}


def test_the_table_is_the_expected_one():
    found = {
        (action, status): (target if status in allowed else None)
        for action, (allowed, target) in TRANSITIONS.items()
        for status in S.values
    }
    assert found == EXPECTED


@pytest.mark.parametrize(("action", "status"), sorted(EXPECTED))
def test_each_move(world, teacher, action, status):
    ticket = make_ticket("37", user=teacher, status=status)
    admin = world.ours.staff["province_admin"]
    moves = {
        "staff_reply": lambda: reply_as_staff(ticket, by=admin, organisation=world.ours.province, body="答复"),
        "follow_up": lambda: follow_up(ticket, by=teacher, body="补充"),
        "close": lambda: close_ticket(ticket, by=admin),
        "reopen": lambda: reopen_ticket(ticket, by=admin),
    }
    expected = EXPECTED[(action, status)]

    if expected is None:
        with pytest.raises(SupportError):
            moves[action]()
        ticket.refresh_from_db()
        assert ticket.status == status
    else:
        moves[action]()
        ticket.refresh_from_db()
        assert ticket.status == expected
        assert AuditEvent.objects.filter(object_type="support.ticket", object_ref=str(ticket.pk)).exists()


def test_a_follow_up_on_an_anonymous_ticket_makes_it_the_owners(world, teacher):
    ticket = make_ticket("37")
    ticket.document_number = teacher.document_number
    ticket.save()

    follow_up(ticket, by=teacher, body="是我发的")

    ticket.refresh_from_db()
    assert ticket.user == teacher


def test_an_empty_reply_is_refused(world):
    ticket = make_ticket("37")

    with pytest.raises(SupportError) as refusal:
        reply_as_staff(ticket, by=world.ours.staff["province_admin"], organisation=None, body="   ")

    assert refusal.value.message == "请填写回复内容。"
