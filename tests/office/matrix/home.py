"""The office landing page: every staff role may open it (it lists the person's own roles)."""

from __future__ import annotations

from tests.office.matrix import Row
from tests.office.office_world import ALL_ROLES

ROWS = [Row("office:home", ALL_ROLES)]
