"""huey tasks of the notify app. Arguments are primary keys only (ADR 0003): the queue is
not encrypted and must never hold a phone number, an address or a code."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from teacherreg.notify import codes, delivery

logger = logging.getLogger("teacherreg.notify")


# retries/retry_delay cover the unexpected (the database briefly gone): huey runs the task
# again with backoff. A gateway's retryable answer is handled by ``delivery``, which counts
# attempts in the row and asks huey for a retry at the row's own backoff via RetryTask.
@db_task(retries=3, retry_delay=30, retry_backoff=2)
def deliver_outbox_message(pk: int) -> None:
    outcome = delivery.deliver(pk)
    if outcome.retry_in is not None:
        raise RetryTask(delay=outcome.retry_in)


@db_periodic_task(crontab(minute="*"))
def requeue_stale_outbox() -> None:
    """Safety net for G6: queue messages whose task was lost (a crash between commit and
    queueing, a queue outage, a worker killed mid-send)."""
    ids = delivery.stale_message_ids()
    if ids:
        logger.warning("Re-queueing %s stale outbox message(s).", len(ids))
    for pk in ids:
        deliver_outbox_message(pk)


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_notify_data() -> None:
    messages = delivery.purge_old_messages()
    code_rows = codes.purge_old_codes()
    logger.info("Purged %s outbox rows and %s verification-code rows.", messages, code_rows)
