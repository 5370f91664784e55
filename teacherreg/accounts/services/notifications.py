"""The accounts' messages, sent through the notify outbox in the caller's transaction."""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import User


def notify(
    user: User, template: str, context: dict[str, Any], *, dedupe_key: str, channels: tuple[str, ...] = ("sms", "email")
) -> None:
    from teacherreg.notify.services import notify_user

    notify_user(user, template, context, dedupe_key=dedupe_key, channels=channels)


def sms(phone: str, template: str, params: dict[str, str], *, dedupe_key: str, user: User | None = None) -> None:
    from teacherreg.notify.services import send_sms

    send_sms(phone=phone, template=template, params=params, dedupe_key=dedupe_key, user=user)


def email(to: str, template: str, context: dict[str, Any], *, dedupe_key: str, user: User | None = None) -> None:
    from teacherreg.notify.services import send_email

    send_email(to=to, template=template, context=context, dedupe_key=dedupe_key, user=user)
