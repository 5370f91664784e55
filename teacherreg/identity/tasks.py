"""Scheduled jobs of the identity app (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.identity.services.review import purge_decided_review_photos as purge
from teacherreg.identity.services.verification import purge_old_verification_days as purge_counters


# Daily at 03:20 Asia/Shanghai: ID-card photos are kept only as long as the consent says.
# huey runs its crontab in UTC (the default ``utc=True``): 19:20 UTC is 03:20 in Shanghai.
@db_periodic_task(crontab(hour="19", minute="20"))
def purge_decided_review_photos() -> int:
    return purge()


# Daily at 03:40 Asia/Shanghai (19:40 UTC): yesterday's try counters are no longer needed.
@db_periodic_task(crontab(hour="19", minute="40"))
def purge_old_verification_counters() -> int:
    return purge_counters()
