"""Announcements for tests: a national one by default, shown from 1 October 2026, published."""

from __future__ import annotations

import datetime
from typing import Any

from teacherreg.announcements.models import Announcement
from teacherreg.organisations.models import Organisation, OrgLevel
from tests.factories import OrganisationFactory, RegionFactory

OCT_1 = datetime.date(2026, 10, 1)


def shanghai(*args: int) -> datetime.datetime:
    """A wall-clock time in Asia/Shanghai (UTC+8, no daylight saving), as an aware datetime."""
    return datetime.datetime(*args, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def province(code: str = "370000", name: str = "山东省") -> Organisation:
    region = RegionFactory(code=code, name=name, is_municipality=False)
    return OrganisationFactory(level=OrgLevel.PROVINCE, name=f"{name}教育厅", region=region)


def announcement(**fields: Any) -> Announcement:
    values: dict[str, Any] = {
        "title": "网上报名提示",
        "body": "第一段。",
        "starts_on": OCT_1,
        "ends_on": None,
        "is_published": True,
    }
    values.update(fields)
    return Announcement.objects.create(**values)
