"""The 申请表's QR code URL: it sends the member to where they act on the case (the desk today)."""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row


def _case(world: Any) -> dict[str, str]:
    return {"number": world.ours.application.number}


ROWS = [Row("office:case_open", frozenset({StaffRole.CONFIRMATION_OPERATOR}), kwargs=_case, regional=True)]
