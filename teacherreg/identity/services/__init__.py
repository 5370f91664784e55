"""The identity services: the only writers of ``User.identity_status`` and, through P9, of
``User.name`` after sign-up."""

from teacherreg.identity.services.review import (
    approve_review,
    check_can_request_review,
    latest_review,
    purge_decided_review_photos,
    reject_review,
    request_manual_review,
    review_due_date,
)
from teacherreg.identity.services.verification import (
    Outcome,
    VerificationResult,
    has_pending_review,
    on_verified_name_change,
    purge_old_verification_days,
    tries_left_today,
    verify_identity,
)

__all__ = [
    "Outcome",
    "VerificationResult",
    "approve_review",
    "check_can_request_review",
    "has_pending_review",
    "latest_review",
    "on_verified_name_change",
    "purge_decided_review_photos",
    "purge_old_verification_days",
    "reject_review",
    "request_manual_review",
    "review_due_date",
    "tries_left_today",
    "verify_identity",
]
