"""Telling the applicant about their manual review, through the notify outbox."""

from __future__ import annotations

from typing import Any

# Templates the notify app provides for us, with the context each receives.
REVIEW_RECEIVED = "identity_review_received"  # {"due_by": "YYYY-MM-DD"}
REVIEW_APPROVED = "identity_review_approved"  # {}
REVIEW_REJECTED = "identity_review_rejected"  # {"reason": "…"}


def notify_applicant(user: Any, template: str, context: dict[str, Any], *, dedupe_key: str) -> bool:
    """Send ``template`` to ``user`` by SMS and e-mail.

    Called inside the caller's transaction, so the message is queued if and only if the
    change it reports commits (notify writes to its outbox).
    """
    from teacherreg.notify.services import notify_user

    notify_user(user, template, context, dedupe_key=dedupe_key, channels=("sms", "email"))
    return True
