"""The only functions that change a ticket (style.md item 2): guard, transaction, save, audit,
and the notice through the outbox in the same transaction.

Statuses (data, not code): a question waits (待处理) until staff answer (已回复); a follow-up
from the applicant makes it wait again; staff close it (已关闭) and may reopen it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from teacherreg.accounts.models import User
from teacherreg.audit import services as audit
from teacherreg.common import ratelimit
from teacherreg.common.fields import index_for
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.identity.services.review import review_province_code
from teacherreg.notify.services import notify_user, send_sms
from teacherreg.organisations.models import Organisation
from teacherreg.support import conf
from teacherreg.support.messages import SupportError
from teacherreg.support.models import MAX_SCREENSHOTS, Reply, Screenshot, Ticket, TicketStatus

S = TicketStatus
SCREENSHOT_FOLDER = "support"

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "staff_reply": (frozenset({S.OPEN, S.ANSWERED}), S.ANSWERED),
    "follow_up": (frozenset({S.OPEN, S.ANSWERED}), S.OPEN),
    "close": (frozenset({S.OPEN, S.ANSWERED}), S.CLOSED),
    "reopen": (frozenset({S.CLOSED}), S.OPEN),
}
# What each refused move says (the applicant's follow-up on a closed ticket says more).
_REFUSALS = {"staff_reply": "support_already_closed", "follow_up": "support_closed", "close": "support_already_closed"}


def _move(ticket: Ticket, action: str) -> str:
    allowed, target = TRANSITIONS[action]
    if ticket.status not in allowed:
        raise SupportError(_REFUSALS.get(action, "support_not_closed"))
    return target


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def tickets_of(user: Any) -> QuerySet[Ticket]:
    """The applicant's tickets: those sent signed in, and those sent without signing in about
    their document (the anonymous SMS tells them to sign in to read the reply)."""
    mine = Q(user=user)
    if user.document_number:
        mine |= Q(user__isnull=True, document_number_index=index_for("document_number", user.document_number))
    return Ticket.objects.filter(mine)


def open_ticket(
    *,
    subject: str,
    topic: str,
    description: str,
    document_type: str,
    document_number: str,
    phone: str,
    screenshots: Iterable[bytes] = (),
    user: User | None = None,
    ip: str | None = None,
    now: datetime.datetime | None = None,
) -> Ticket:
    """A new ticket. Guard: at most ``TICKETS_PER_ADDRESS`` an hour from one address and
    ``TICKETS_PER_ACCOUNT`` a day from one account; at most three screenshots, already checked
    by ``uploads.validate_screenshot``. A signed-in sender's ticket carries their account's
    document and is linked to it. Side effects: the files in private storage (removed again
    if the transaction fails), the ticket, its audit event."""
    images = list(screenshots)
    if len(images) > MAX_SCREENSHOTS:
        raise SupportError("support_too_many_screenshots", max=MAX_SCREENSHOTS)
    if ip:
        decision = ratelimit.hit(conf.TICKETS_PER_ADDRESS, ip, now=now)
        if not decision.allowed:
            raise SupportError("support_too_many_from_address", minutes=_minutes(decision.retry_after))
    if user is not None:
        decision = ratelimit.hit(conf.TICKETS_PER_ACCOUNT, str(user.pk), now=now)
        if not decision.allowed:
            raise SupportError("support_too_many_from_account", count=conf.TICKETS_PER_ACCOUNT.limit)
        document_type, document_number = user.document_type, user.document_number or ""

    stored = [private_storage.save(uuid_name(SCREENSHOT_FOLDER), ContentFile(data)) for data in images]
    try:
        with transaction.atomic():
            ticket = Ticket(
                user=user,
                subject=subject.strip(),
                topic=topic,
                description=description.strip(),
                document_type=document_type,
                document_number=document_number,
                phone=phone,
            )
            # The province whose staff answer: the one of the document's address code, as a
            # manual identity review is routed; other documents go to the national level.
            ticket.province_code = review_province_code(user if user is not None else ticket)  # type: ignore[arg-type]
            ticket.save()
            Screenshot.objects.bulk_create(
                Screenshot(ticket=ticket, position=position, file=name) for position, name in enumerate(stored, 1)
            )
            audit.record(
                "support.ticket_opened",
                ticket,
                actor=user,
                actor_role="applicant" if user is not None else "public",
                data={"province": ticket.province_code, "topic": topic, "screenshots": len(stored)},
                ip=ip,
            )
    except BaseException:
        for name in stored:
            private_storage.delete(name)
        raise
    return ticket


def reply_as_staff(ticket: Ticket, *, by: User, organisation: Organisation | None, body: str) -> Reply:
    """Staff answer. Guard: not closed. Side effects: the reply, 已回复, the audit event, and a
    notice: to the linked account by its own channels, or by SMS to the phone given."""
    text = (body or "").strip()
    if not text:
        raise SupportError("support_reply_empty")
    with transaction.atomic():
        ticket = _locked(ticket)
        old = ticket.status
        ticket.status = _move(ticket, "staff_reply")
        reply = Reply.objects.create(ticket=ticket, author=by, author_organisation=organisation, body=text)
        ticket.save(update_fields=["status", "updated_at"])
        audit.record(
            "support.staff_replied",
            ticket,
            actor=by,
            actor_organisation_id=organisation.pk if organisation else None,
            data={"reply": reply.pk, "status": [old, ticket.status]},
        )
        _tell_sender(ticket, reply)
    return reply


def _tell_sender(ticket: Ticket, reply: Reply) -> None:
    """The SMS says only that there is a reply and where to read it: a staff answer is too long
    for one SMS and may hold things that should not sit on a phone's lock screen."""
    params = {"number": ticket.number}
    key = f"support_reply:{reply.pk}"
    if ticket.user_id is not None:
        notify_user(ticket.user, "support_reply", params, dedupe_key=key)
    elif ticket.phone:
        send_sms(phone=ticket.phone, template="support_reply_anonymous", params=params, dedupe_key=key)


def follow_up(ticket: Ticket, *, by: User, body: str, now: datetime.datetime | None = None) -> Reply:
    """The applicant adds to their question. Guard: not closed; ``REPLIES_PER_ACCOUNT`` an hour.
    An anonymous ticket about the applicant's document becomes theirs (linked to the account),
    so later notices go to the account's own contacts."""
    text = (body or "").strip()
    if not text:
        raise SupportError("support_reply_empty")
    decision = ratelimit.hit(conf.REPLIES_PER_ACCOUNT, str(by.pk), now=now)
    if not decision.allowed:
        raise SupportError("support_too_many_replies", minutes=_minutes(decision.retry_after))
    with transaction.atomic():
        ticket = _locked(ticket)
        old = ticket.status
        ticket.status = _move(ticket, "follow_up")
        fields = ["status", "updated_at"]
        if ticket.user_id is None:
            ticket.user = by
            fields.append("user")
        reply = Reply.objects.create(ticket=ticket, author=by, from_applicant=True, body=text)
        ticket.save(update_fields=fields)
        audit.record(
            "support.applicant_followed_up",
            ticket,
            actor=by,
            actor_role="applicant",
            data={"reply": reply.pk, "status": [old, ticket.status]},
        )
    return reply


def close_ticket(ticket: Ticket, *, by: User, organisation: Organisation | None = None) -> Ticket:
    return _set(ticket, "close", by=by, organisation=organisation)


def reopen_ticket(ticket: Ticket, *, by: User, organisation: Organisation | None = None) -> Ticket:
    return _set(ticket, "reopen", by=by, organisation=organisation)


_EVENTS = {"close": "support.ticket_closed", "reopen": "support.ticket_reopened"}


def _set(ticket: Ticket, action: str, *, by: User, organisation: Organisation | None) -> Ticket:
    with transaction.atomic():
        ticket = _locked(ticket)
        old = ticket.status
        ticket.status = _move(ticket, action)
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["status", "updated_at"])
        audit.record(
            _EVENTS[action],
            ticket,
            actor=by,
            actor_organisation_id=organisation.pk if organisation else None,
            data={"status": [old, ticket.status]},
        )
    return ticket
