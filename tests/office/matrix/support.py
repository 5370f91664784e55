"""咨询工单 (issue 8 item 2), written out by hand from P21: the province administrator and the
province reviewer answer the tickets of their province; nobody else opens the area (the
national viewer reads cases, not people's letters). Every ticket belongs to a province (山东
for ours), so another province's holder of an allowed role gets a 404.

POSTs: an empty reply is refused with the form's message (200); the first allowed persona
closes the ticket and the later ones are told it is closed already (200); reopening an open
ticket is refused the same way.
"""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row
from tests.support import world as support_world

R = StaffRole
ANSWER = frozenset({R.PROVINCE_ADMIN, R.PROVINCE_REVIEWER})


def _ticket(world: Any) -> dict[str, Any]:
    if "ticket" not in world.extra:
        world.extra["ticket"] = support_world.ticket("37", screenshots=1)
    return {"pk": world.extra["ticket"].pk}


def _screenshot(world: Any) -> dict[str, Any]:
    return {**_ticket(world), "position": 1}


ROWS = [
    Row("office:support_queue", ANSWER),
    Row("office:support_ticket", ANSWER, kwargs=_ticket, regional=True),
    Row("office:support_screenshot", ANSWER, kwargs=_screenshot, regional=True),
    Row("office:support_reply", ANSWER, methods=("POST",), kwargs=_ticket, regional=True),
    Row("office:support_close", ANSWER, methods=("POST",), kwargs=_ticket, regional=True),
    Row("office:support_reopen", ANSWER, methods=("POST",), kwargs=_ticket, regional=True),
]
