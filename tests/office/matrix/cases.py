"""The 申请表's QR code URL: it sends the member to where they act on the case (the desk for the
point's operators, the review case page for the agency's, city's and province's reviewers)."""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row


def _case(world: Any) -> dict[str, str]:
    return {"number": world.ours.application.number}


R = StaffRole
ACTING = frozenset({R.CONFIRMATION_OPERATOR, R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER})
ROWS = [Row("office:case_open", ACTING, kwargs=_case, regional=True)]
