"""Reading the field-encryption and blind-index keys (docs/adr/0002-encryption-and-keys.md).

``TEACHERREG_FIELD_KEYS`` holds ``id:base64key`` pairs separated by commas; the first pair
encrypts new values and every pair decrypts, which is how a key is rotated.
``TEACHERREG_BLIND_INDEX_KEY`` is one base64 key for the HMAC lookup indexes; it cannot
be rotated without recomputing every index (``manage.py reindex_blind_indexes``).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_KEY_ID = re.compile(r"[a-z0-9]{1,8}")


@dataclass(frozen=True)
class KeySet:
    field_keys: dict[str, bytes]
    current_key_id: str
    blind_index_key: bytes


def _decode(name: str, value: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} is not valid base64.") from exc
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must decode to {KEY_BYTES} bytes, got {len(raw)}.")
    return raw


def parse_keys(field_keys: str, blind_index_key: str) -> KeySet:
    keys: dict[str, bytes] = {}
    for pair in (item.strip() for item in field_keys.split(",")):
        if not pair:
            continue
        key_id, sep, value = pair.partition(":")
        # fullmatch: ``$`` would also accept an id with a trailing newline.
        if not sep or not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                "TEACHERREG_FIELD_KEYS must be 'id:base64' pairs; ids are 1-8 lowercase letters or digits."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"TEACHERREG_FIELD_KEYS names key id {key_id!r} twice.")
        keys[key_id] = _decode(f"TEACHERREG_FIELD_KEYS[{key_id}]", value)
    if not keys:
        raise ImproperlyConfigured("TEACHERREG_FIELD_KEYS names no key.")
    return KeySet(
        field_keys=keys,
        current_key_id=next(iter(keys)),
        blind_index_key=_decode("TEACHERREG_BLIND_INDEX_KEY", blind_index_key),
    )


def keys_from_environment() -> KeySet:
    try:
        return parse_keys(os.environ["TEACHERREG_FIELD_KEYS"], os.environ["TEACHERREG_BLIND_INDEX_KEY"])
    except KeyError as exc:
        raise ImproperlyConfigured(f"Environment variable {exc.args[0]} is required.") from exc


def development_keys(path: Path) -> KeySet:
    """Keys for the embedded default: read from a git-ignored file, made on first use."""
    if "TEACHERREG_FIELD_KEYS" in os.environ:
        return keys_from_environment()
    if not path.exists():
        _create_key_file(path)
    values = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    try:
        return parse_keys(values["TEACHERREG_FIELD_KEYS"], values["TEACHERREG_BLIND_INDEX_KEY"])
    except KeyError as exc:
        raise ImproperlyConfigured(f"{path} does not set {exc.args[0]}; delete it to make new keys.") from exc


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    field = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()
    index = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()
    # The keys are written to a private temporary file (mode 0600 from the start, never
    # readable by others) and then linked into place. os.link fails if the file exists, so
    # when two processes start at once one wins and the other reads the winner's complete
    # file; neither can read a half-written one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)  # exactly 0600, whatever the umask
            handle.write(f"TEACHERREG_FIELD_KEYS=dev1:{field}\nTEACHERREG_BLIND_INDEX_KEY={index}\n")
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
