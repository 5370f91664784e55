"""Scheduled jobs of the registration app (huey; docs/adr/0003-task-queue.md)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from teacherreg.registration.services.confirmation import lapse_unconfirmed
from teacherreg.registration.services.review_notice import end_due_notices


# Daily at 00:10 Asia/Shanghai (16:10 UTC; huey's crontab runs in UTC): P17, what nobody
# confirmed by the end of its point's confirmation dates lapses once that last day is over.
# The service finds the due cases afresh each time, so a missed or repeated run does no harm.
@db_periodic_task(crontab(hour="16", minute="10"))
def lapse_unconfirmed_applications() -> int:
    return lapse_unconfirmed()


# Daily at 00:20 Asia/Shanghai (16:20 UTC): a 公示 whose last day is over sends its case up to
# 复核 (or 终审). The county may do it by hand earlier in the day; a repeated run does nothing.
@db_periodic_task(crontab(hour="16", minute="20"))
def end_public_notices() -> int:
    return end_due_notices()
