"""Scheduled jobs of the identity app (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.identity.services.review import purge_decided_review_photos as purge


# Daily at 03:20 Asia/Shanghai: ID-card photos are kept only as long as the consent says.
# huey runs its crontab in UTC (the default ``utc=True``): 19:20 UTC is 03:20 in Shanghai.
@db_periodic_task(crontab(hour="19", minute="20"))
def purge_decided_review_photos() -> int:
    return purge()
