"""后台采集 (issue 6 item 4): only an agency's county reviewers (初审) enter applications for
teachers. The pages hold no regional object in their URL: the teacher travels in the member's
session, so there is nothing another region could open. Without a teacher chosen, page 2 sends
the member back to page 1 and the school picker answers with nothing."""

from __future__ import annotations

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row

COUNTY = frozenset({StaffRole.COUNTY_REVIEWER})

ROWS = [
    Row("office:entry_start", COUNTY, methods=("GET", "POST")),
    Row("office:entry_application", COUNTY, methods=("GET", "POST")),
    Row("office:entry_school_search", COUNTY),
    Row("office:entry_school_propose", COUNTY, methods=("POST",)),
]
