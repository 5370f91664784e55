"""Tickets for the support tests, written as ``open_ticket`` would leave them, in a province
given by its two digits (山东 37 is ``office_world``'s region, 湖南 43 the other one)."""

from __future__ import annotations

import itertools

from django.core.files.base import ContentFile

from teacherreg.accounts.models import DocumentType, User
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.support.models import Screenshot, Ticket, TicketStatus, TicketTopic
from tests.documents.images import jpeg
from tests.idnumbers import make_id_number

_numbers = itertools.count(500)


def ticket(
    code: str = "37",
    *,
    user: User | None = None,
    topic: str = TicketTopic.ACCOUNT,
    status: str = TicketStatus.OPEN,
    screenshots: int = 0,
    phone: str = "13712345678",
) -> Ticket:
    if user is not None:
        document_type, number = user.document_type, user.document_number
    elif not code:  # a passport: no province in the number
        document_type, number = DocumentType.PASSPORT, f"E{next(_numbers):08d}"
    else:
        document_type, number = DocumentType.ID_CARD, make_id_number(next(_numbers), region=f"{code}0102")
    made = Ticket.objects.create(
        user=user,
        subject="李明 忘记密码",
        topic=topic,
        description="手机号码换了，收不到验证码。",
        document_type=document_type,
        document_number=number,
        phone=phone,
        province_code=code,
        status=status,
    )
    for position in range(1, screenshots + 1):
        name = private_storage.save(uuid_name("support-tests"), ContentFile(jpeg((640, 400))))
        Screenshot.objects.create(ticket=made, position=position, file=name)
    return made
