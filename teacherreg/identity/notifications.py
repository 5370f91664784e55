"""Telling the applicant about their manual review.

``teacherreg.notify`` is being built alongside this app. Until it lands, a missing
``notify.services.notify_user`` is logged and skipped so that identity works on its own.
TODO(lead): remove the fallback once notify is merged.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

# Templates the notify app provides for us, with the context each receives.
REVIEW_RECEIVED = "identity_review_received"  # {"due_by": "YYYY-MM-DD"}
REVIEW_APPROVED = "identity_review_approved"  # {}
REVIEW_REJECTED = "identity_review_rejected"  # {"reason": "…"}


def notify_applicant(user: Any, template: str, context: dict[str, Any], *, dedupe_key: str) -> bool:
    """Send ``template`` to ``user`` by SMS and e-mail; False when notify is not there yet.

    Called inside the caller's transaction, so the message is queued if and only if the
    change it reports commits (notify writes to its outbox).
    """
    try:
        from teacherreg.notify.services import notify_user
    except ImportError:
        logger.warning("notify.services.notify_user is not available yet: %s for user %s skipped", template, user.pk)
        return False
    notify_user(user, template, context, dedupe_key=dedupe_key, channels=("sms", "email"))
    return True
