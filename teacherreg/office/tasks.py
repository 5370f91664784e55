"""Scheduled jobs of the back office (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.office.staff_services import disable_idle_accounts


# Daily at 02:30 Asia/Shanghai (18:30 UTC; huey's crontab runs in UTC): P22, staff accounts
# without a login for 90 days are disabled. The service finds them afresh each run, so a
# missed or repeated run does no harm.
@db_periodic_task(crontab(hour="18", minute="30"))
def disable_idle_staff_accounts() -> int:
    return disable_idle_accounts()
