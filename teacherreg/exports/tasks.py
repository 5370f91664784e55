"""huey tasks of the exports app (docs/adr/0003-task-queue.md). Arguments are primary keys only:
the queue is not encrypted, and the job row holds everything the build needs."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from teacherreg.exports import services

logger = logging.getLogger("teacherreg.exports")


# No retries: a failed build marks its job failed and the owner starts a new one; running the
# same job twice is refused by the service anyway (it only builds a queued job).
@db_task()
def build_export_job(pk: int) -> None:
    services.build_export(pk)


# Every hour at :41: exports live a week (models.KEEP_FOR), and a job whose worker died is
# marked failed so its page stops showing progress.
@db_periodic_task(crontab(minute="41"))
def purge_exports() -> int:
    stale = services.fail_stale()
    gone = services.purge_expired()
    if stale or gone:
        logger.info("Exports: %s stale job(s) marked failed, %s expired job(s) purged.", stale, gone)
    return gone
