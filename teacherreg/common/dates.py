"""Calendar helpers. All dates are Asia/Shanghai dates (settings.TIME_ZONE)."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone


def today() -> datetime.date:
    """Today in Asia/Shanghai, whatever the server clock's zone."""
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of month ``months`` later, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, years * 12)


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59.999999 local time: P17 windows include their whole last day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
