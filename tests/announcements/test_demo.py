"""The demo loader's announcements: one national (pinned), one for 山东, showing on load day."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.announcements.demo import build_demo_announcements
from teacherreg.announcements.models import Announcement
from tests.announcements.world import province

pytestmark = pytest.mark.django_db


def test_it_makes_two_showing_announcements_and_a_second_load_moves_them():
    shandong = province()

    build_demo_announcements(shandong, datetime.date(2026, 10, 20))
    build_demo_announcements(shandong, datetime.date(2026, 12, 1))

    rows = list(Announcement.objects.order_by("pk").values_list("province", "is_pinned", "starts_on", "ends_on"))
    assert rows == [
        (None, True, datetime.date(2026, 11, 24), datetime.date(2027, 1, 30)),
        (shandong.pk, False, datetime.date(2026, 11, 24), datetime.date(2027, 1, 30)),
    ]
    assert Announcement.objects.current(datetime.date(2026, 12, 1)).count() == 2
