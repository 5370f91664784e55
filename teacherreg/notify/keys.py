"""Keys derived for the notify app's own hashes (never the blind-index purposes' keys).

``BLIND_INDEX_KEY`` is the master (ADR 0002); a configuration without one (a bare
``manage.py`` run) falls back to ``SECRET_KEY``. Each use gets its own label, so a code hash
can never be compared with a lookup index or a dedupe key.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def derived_key(label: str) -> bytes:
    master = settings.BLIND_INDEX_KEY or settings.SECRET_KEY.encode("utf-8")
    return hmac.new(master, b"teacherreg.notify:" + label.encode("ascii"), hashlib.sha256).digest()


def keyed_hash(label: str, value: str) -> str:
    return hmac.new(derived_key(label), value.encode("utf-8"), hashlib.sha256).hexdigest()


def dedupe_hash(dedupe_key: str) -> str:
    """What the outbox stores for a caller's dedupe key. Callers build keys from events, and
    some from a hash of a phone number or an address; a 6-to-11-digit space is no secret
    against an unkeyed hash, so the table only ever sees this keyed one."""
    return keyed_hash("outbox-dedupe:v1", dedupe_key)
