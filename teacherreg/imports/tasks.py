"""Scheduled jobs of the imports app (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.imports.services import purge_expired_files


# Daily at 03:41: uploaded files live RETENTION_DAYS days (PIPL Art. 19); the batch records stay.
@db_periodic_task(crontab(minute="41", hour="3"))
def purge_expired_import_files() -> int:
    return purge_expired_files()
