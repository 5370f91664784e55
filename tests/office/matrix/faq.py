"""常见问题 in the office (issue 8 item 2): only the system administrator (P21) writes the FAQ.
Entries are national, not regional, so no row is ``regional``. The entry the rows act on is made
once per world; publishing it is a real change (an answer below 400), as is unpublishing."""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from teacherreg.common.dates import today
from teacherreg.faq.models import Entry
from tests.office.matrix import Row

EDITORS = frozenset({StaffRole.SYSTEM_ADMIN})


def _entry(world: Any) -> dict[str, int]:
    if "faq" not in world.extra:
        world.extra["faq"] = Entry.objects.create(
            number=901, category="account", question="怎样注册账号？", answer="点“注册账号”。", updated_on=today()
        )
    return {"number": world.extra["faq"].number}


def _published(world: Any) -> dict[str, int]:
    kwargs = _entry(world)
    Entry.objects.filter(number=kwargs["number"]).update(is_published=True)
    return kwargs


def _form(world: Any) -> dict[str, str]:
    return {"category": "account", "question": "如何登录？", "answer": "用证件号码登录。", "sort_order": "100"}


ROWS = [
    Row("office:faq_list", EDITORS),
    Row("office:faq_create", EDITORS, methods=("GET", "POST")),
    Row("office:faq_edit", EDITORS, methods=("GET", "POST"), kwargs=_entry, data=_form),
    Row("office:faq_publish", EDITORS, methods=("POST",), kwargs=_entry),
    Row("office:faq_unpublish", EDITORS, methods=("POST",), kwargs=_published),
]
