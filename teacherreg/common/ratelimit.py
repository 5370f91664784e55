"""Database-backed rate limits: ``hit`` counts one event and says whether it is allowed.

The counter row is locked while it is read and incremented, so twenty parallel requests
cannot all see "under the limit". Keys are hashed with the blind-index key, so the table
holds no IP address or document number in clear.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from teacherreg.common.crypto import blind_index
from teacherreg.common.models import RateCounter


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window_seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def _window_start(now: datetime.datetime, seconds: int) -> datetime.datetime:
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def hit(limit: Limit, subject: str, *, now: datetime.datetime | None = None) -> Decision:
    """Count one event for ``subject`` under ``limit``; allowed while the count stays within it."""
    now = now or timezone.now()
    start = _window_start(now, limit.window_seconds)
    key = blind_index(f"{limit.name}:{subject}", "rate-limit")
    with transaction.atomic():
        try:
            with transaction.atomic():
                RateCounter.objects.get_or_create(key=key, window_start=start)
        except IntegrityError:
            pass  # a parallel request created it first
        RateCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
        count = RateCounter.objects.select_for_update().get(key=key, window_start=start).count
    retry_after = int((start + datetime.timedelta(seconds=limit.window_seconds) - now).total_seconds())
    return Decision(allowed=count <= limit.limit, count=count, retry_after=max(retry_after, 0))


def peek(limit: Limit, subject: str, *, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    key = blind_index(f"{limit.name}:{subject}", "rate-limit")
    row = RateCounter.objects.filter(key=key, window_start=_window_start(now, limit.window_seconds)).first()
    return row.count if row else 0


def purge_before(moment: datetime.datetime) -> int:
    """Old windows are useless; a periodic job removes them."""
    deleted, _ = RateCounter.objects.filter(window_start__lt=moment).delete()
    return deleted
