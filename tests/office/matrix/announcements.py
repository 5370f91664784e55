"""公告 (issue 8 item 3), written out by hand.

The province administrator writes their province's announcements, the system administrator
national ones and any province's; nobody else gets in. The rows that name an announcement
use one of our province's, but are not marked ``regional``: the other region's system
administrator sits at the same national centre as ours and may rightly open it, and the
matrix exempts only the national viewer from that check. That another province's
administrator gets a 404 is tested in tests/announcements/test_office.py.
"""

from __future__ import annotations

from typing import Any

from teacherreg.announcements.models import Announcement
from tests.office.matrix import Row

WRITERS = frozenset({"province_admin", "system_admin"})
BOTH = ("GET", "POST")


def _ours(world: Any) -> dict[str, Any]:
    if "announcement" not in world.extra:
        world.extra["announcement"] = Announcement.objects.create(
            province=world.ours.province,
            title="济南市现场确认安排",
            body="请按所选确认点的安排前往。",
            starts_on=world.ours.application.window.starts_on,
        )
    return {"announcement": world.extra["announcement"].pk}


ROWS = [
    Row("office:announcements", WRITERS),
    # An empty POST is refused with the form's messages (200), not saved.
    Row("office:announcement_create", WRITERS, BOTH),
    Row("office:announcement_edit", WRITERS, BOTH, kwargs=_ours),
    Row("office:announcement_publish", WRITERS, ("POST",), kwargs=_ours),
    Row("office:announcement_unpublish", WRITERS, ("POST",), kwargs=_ours),
]
