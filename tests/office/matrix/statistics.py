"""Statistics (issue 6 item 8): every role that reads cases may see the counts of its own
scope; the three administrator roles (separation of duties) and applicants get a 404. The pages
name no object, so there is no other-region row: that another region's cases stay out of the
numbers is tested in ``tests/office/test_statistics.py``."""

from __future__ import annotations

from teacherreg.office.scope import CASE_ROLES
from tests.office.matrix import Row

READERS = frozenset(CASE_ROLES)

ROWS = [
    Row("office:statistics", READERS),
    Row("office:statistics_csv", READERS, kwargs=lambda world: {"table": "status"}),
]
