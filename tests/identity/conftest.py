"""Fixtures of the identity tests: a temporary private folder, the development registry,
a recording stand-in for ``notify_user``, reviews and photos."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import IdentityStatus
from teacherreg.identity.consent import CONSENT_VERSION
from teacherreg.identity.models import IdentityRecord
from tests.documents.images import jpeg


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Every test writes its private files (and media, if any) under its own folder."""
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "private"


@dataclass
class SentNotifications:
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def templates(self) -> list[str]:
        return [c["template"] for c in self.calls]


@pytest.fixture(autouse=True)
def notifications(monkeypatch) -> SentNotifications:
    """``teacherreg.notify.services.notify_user`` replaced by a recorder: these tests look at
    what identity asked to send; the notify tests cover delivery."""
    sent = SentNotifications()

    def notify_user(user, template, context, *, dedupe_key, channels=("sms", "email")):
        sent.calls.append(
            {"user": user.pk, "template": template, "context": context, "dedupe_key": dedupe_key, "channels": channels}
        )

    monkeypatch.setattr("teacherreg.notify.services.notify_user", notify_user)
    return sent


BACKEND = STAFF_BACKEND


def sign_in_staff(client, user) -> None:
    """A staff session that has passed the second factor (P22), through the office's own page:
    the admin lets no staff session in without it."""
    import pyotp

    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret"])
    client.force_login(user, backend=BACKEND)
    response = client.post("/office/verify/", {"code": pyotp.TOTP(user.totp_secret).now(), "next": "/admin/"})
    assert response.status_code == 302, "the staff second factor was not passed"


def register(user_or_number, name: str | None = None, *, valid: bool = True) -> IdentityRecord:
    """Put a person in the development registry (by default under the account's own name)."""
    number = getattr(user_or_number, "document_number", user_or_number)
    if name is None:
        name = user_or_number.name
    return IdentityRecord.objects.create(document_number=number, name=name, is_valid=valid)


def photos() -> dict[str, bytes]:
    return {"front": jpeg((856, 540)), "back": jpeg((856, 540))}


def submit_review(user, name: str | None = None, **overrides):
    from teacherreg.identity.services import request_manual_review

    if user.identity_status == IdentityStatus.UNVERIFIED and user.document_type == "id_card":
        user.identity_status = IdentityStatus.FAILED
        user.save(update_fields=["identity_status"])
    arguments = {"name": name or user.name, **photos(), "consent_version": CONSENT_VERSION, **overrides}
    return request_manual_review(user, **arguments)
