"""``{% announcement_board %}``: the announcements showing today, for the home page and the
business platform page. The portal's templates need only this tag; the query lives here."""

from __future__ import annotations

from typing import Any

from django import template

from teacherreg.announcements.models import Announcement
from teacherreg.common.dates import today

register = template.Library()

BOARD_SIZE = 5


@register.inclusion_tag("announcements/_board.html")
def announcement_board(limit: int = BOARD_SIZE) -> dict[str, Any]:
    """At most ``limit`` announcements, pinned first, newest first; nothing when none show."""
    return {"announcements": list(Announcement.objects.current(today()).in_public_order()[:limit])}
