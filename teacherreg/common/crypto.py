"""Field encryption and blind indexes (docs/adr/0002-encryption-and-keys.md).

A stored value looks like ``t2:<base64(nonce ‖ ciphertext ‖ tag)>``: the key id first, so
old values stay readable after the current key changes. The associated data names the
column, so a ciphertext copied into another column (or table) fails to decrypt instead of
being shown as someone's phone number.

A blind index is HMAC-SHA256 of the normalised value under a key derived per purpose; the
same document number gives the same index in every table that stores it, which is what
lets the unique constraints and lookups work without plaintext.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


class DecryptionError(ValueError):
    """A stored value could not be decrypted: unknown key id, tampering or wrong column."""


def _keys() -> dict[str, bytes]:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise DecryptionError("No field-encryption key is configured.")
    return keys


def encrypt(plaintext: str, associated_data: str) -> str:
    key_id = settings.FIELD_ENCRYPTION_CURRENT_KEY_ID
    key = settings.FIELD_ENCRYPTION_KEYS.get(key_id)
    if key is None:
        # A configuration fault, not bad data: say so instead of a bare KeyError.
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_CURRENT_KEY_ID {key_id!r} is not in FIELD_ENCRYPTION_KEYS.")
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), associated_data.encode("utf-8"))
    return f"{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str:
    return token.partition(":")[0]


def decrypt(token: str, associated_data: str) -> str:
    key_id, sep, body = token.partition(":")
    key = _keys().get(key_id)
    if not sep or key is None:
        raise DecryptionError(f"Unknown key id {key_id!r}.")
    try:
        raw = base64.b64decode(body, validate=True)
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data.encode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("Stored value failed authentication.") from exc
    return plain.decode("utf-8")


@lru_cache(maxsize=32)
def _purpose_key(master: bytes, purpose: str) -> bytes:
    return hmac.new(master, b"blind-index:" + purpose.encode("utf-8"), hashlib.sha256).digest()


def blind_index(normalised_value: str, purpose: str) -> str:
    """Hex HMAC of an already normalised value; equal inputs give equal outputs."""
    key = _purpose_key(settings.BLIND_INDEX_KEY, purpose)
    return hmac.new(key, normalised_value.encode("utf-8"), hashlib.sha256).hexdigest()
