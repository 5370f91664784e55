"""Scheduled jobs of the documents app (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.documents.photos import purge_expired


# Every hour at :17: a "fix it for me" original or an unaccepted photo lives at most a day
# (P13 design; PIPL minimisation). The photo page also purges its own applicant's on each visit.
@db_periodic_task(crontab(minute="17"))
def purge_unaccepted_photos() -> int:
    return purge_expired()
