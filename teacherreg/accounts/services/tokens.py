"""E-mailed links: single use, time-limited, newest only (issue 3 item 5)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from teacherreg.accounts.models import AccountToken, User
from teacherreg.common.errors import DomainError


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii", "ignore")).hexdigest()


def issue_token(user: User, purpose: str, *, hours: int, new_email: str | None = None) -> str:
    """A fresh token; every earlier unused token of this purpose stops working."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        AccountToken.objects.filter(
            user=user, purpose=purpose, used_at__isnull=True, superseded_at__isnull=True
        ).update(superseded_at=now)
        AccountToken.objects.create(
            user=user,
            purpose=purpose,
            token_hash=_digest(raw),
            new_email=new_email,
            created_at=now,
            expires_at=now + datetime.timedelta(hours=hours),
        )
    return raw


def peek_token(raw: str, purpose: str) -> AccountToken:
    """The token if it would be accepted now; raises ``DomainError`` with the reason otherwise."""
    token = AccountToken.objects.select_related("user").filter(token_hash=_digest(raw), purpose=purpose).first()
    if token is None:
        raise DomainError("link_invalid")
    if token.used_at is not None:
        raise DomainError("link_used")
    if token.superseded_at is not None:
        raise DomainError("link_superseded")
    if timezone.now() >= token.expires_at:
        raise DomainError("link_expired")
    return token


def redeem_token(raw: str, purpose: str) -> AccountToken:
    """Marks the token used; call inside the transaction of the change it authorises."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("redeem_token must run inside the transaction of its change")
    token = peek_token(raw, purpose)
    locked = AccountToken.objects.select_for_update().get(pk=token.pk)
    if locked.used_at is not None or locked.superseded_at is not None:
        raise DomainError("link_used")
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return locked
