"""An announcement shows from 00:00 of its first day to 23:59:59 of its last, Asia/Shanghai.

The clock is moved with time-machine to either side of midnight in Shanghai, which is 16:00
UTC the day before: a server reading UTC dates would be a day out here.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.announcements.models import Announcement, AnnouncementState
from tests.announcements.world import announcement, shanghai

pytestmark = pytest.mark.django_db

OCT_31 = datetime.date(2026, 10, 31)


def _home_shows(client, title: str) -> bool:
    return title in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        pytest.param(shanghai(2026, 9, 30, 23, 59, 59), False, id="the-evening-before"),
        pytest.param(shanghai(2026, 10, 1, 0, 0, 0), True, id="first-day-at-midnight"),
        pytest.param(shanghai(2026, 10, 31, 23, 59, 59), True, id="last-day-23-59-59"),
        pytest.param(shanghai(2026, 11, 1, 0, 0, 0), False, id="the-day-after-at-midnight"),
    ],
)
def test_it_shows_on_its_first_and_last_day_in_shanghai_time(client, moment, shown):
    announcement(title="十月的公告", ends_on=OCT_31)

    with time_machine.travel(moment, tick=False):
        assert _home_shows(client, "十月的公告") is shown
        assert ("十月的公告" in client.get("/announcements/").content.decode()) is shown


def test_the_detail_page_follows_the_same_window(client):
    item = announcement(ends_on=OCT_31)

    with time_machine.travel(shanghai(2026, 9, 30, 23, 59, 59), tick=False):
        assert client.get(f"/announcements/{item.pk}/").status_code == 404
    with time_machine.travel(shanghai(2026, 10, 1, 0, 0, 0), tick=False):
        assert client.get(f"/announcements/{item.pk}/").status_code == 200
    with time_machine.travel(shanghai(2026, 11, 1, 0, 0, 0), tick=False):
        assert client.get(f"/announcements/{item.pk}/").status_code == 404


def test_one_ending_on_new_years_eve_shows_until_the_last_second_of_the_year(client):
    announcement(title="年末公告", starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 31))

    with time_machine.travel(shanghai(2026, 12, 31, 23, 59, 59), tick=False):
        assert _home_shows(client, "年末公告")
    with time_machine.travel(shanghai(2027, 1, 1, 0, 0, 0), tick=False):
        assert not _home_shows(client, "年末公告")


def test_one_without_an_end_shows_until_taken_down(client):
    item = announcement(title="长期公告")

    with time_machine.travel(shanghai(2030, 6, 1, 12, 0, 0), tick=False):
        assert _home_shows(client, "长期公告")
        Announcement.objects.filter(pk=item.pk).update(is_published=False)
        assert not _home_shows(client, "长期公告")


@pytest.mark.parametrize(
    ("published", "day", "state"),
    [
        (False, datetime.date(2026, 10, 15), AnnouncementState.DRAFT),
        (True, datetime.date(2026, 9, 30), AnnouncementState.SCHEDULED),
        (True, datetime.date(2026, 10, 1), AnnouncementState.SHOWING),
        (True, datetime.date(2026, 10, 31), AnnouncementState.SHOWING),
        (True, datetime.date(2026, 11, 1), AnnouncementState.ENDED),
    ],
)
def test_the_office_state_reads_the_flags_and_the_day(published, day, state):
    item = Announcement(starts_on=datetime.date(2026, 10, 1), ends_on=OCT_31, is_published=published)

    assert item.state_on(day) == state
