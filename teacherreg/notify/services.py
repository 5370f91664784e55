"""Sending SMS and e-mail through the outbox (docs/adr/0003-task-queue.md, security.md G6).

Each function writes one ``OutboxMessage`` in the caller's transaction and, once that
transaction commits, queues the huey task ``deliver_outbox_message(pk)``. If the caller
rolls back, nothing is sent. If the process dies between the commit and the queueing, the
periodic sweep finds the pending row and queues it (``delivery.stale_message_ids``).

The same ``dedupe_key`` twice returns the first row and sends nothing more: callers derive
the key from the event (``f"password_changed:{user.pk}:{event.pk}"``), so a retried request
or a double click does not send twice. The table stores a keyed hash of the key
(``keys.dedupe_hash``), never the key itself.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from teacherreg.common.normalise import email as normalise_email
from teacherreg.common.normalise import phone as normalise_phone
from teacherreg.notify.keys import dedupe_hash
from teacherreg.notify.models import Channel, OutboxMessage
from teacherreg.notify.templates import OPTIONAL_PARAMS, get_template, normalise_language

logger = logging.getLogger("teacherreg.notify")

MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")
# What a phone or an ID number looks like inside a parameter: the outbox must not hold one
# in clear, so a caller that passes one gets an error in its own tests, not a leak.
_LOOKS_LIKE_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LOOKS_LIKE_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def send_sms(
    *,
    phone: str,
    template: str,
    params: dict[str, str],
    dedupe_key: str,
    user: Any = None,
    language: str | None = None,
    expires_at: datetime.datetime | None = None,
) -> OutboxMessage:
    """Queue an SMS from the catalogue (``templates.py``) to a mainland mobile number.

    ``params`` must hold exactly the template's parameters (plus the optional
    ``name_masked``): never a phone or ID number, pass masked values. ``language`` defaults
    to ``settings.LANGUAGE_CODE``. ``expires_at``: not worth sending after this time.
    Raises ``ValueError`` for an unknown template, wrong parameters or a malformed number.
    """
    number = normalise_phone(phone or "")
    if not MAINLAND_MOBILE.fullmatch(number):
        raise ValueError("send_sms needs an 11-digit mainland mobile number.")
    return _queue(
        Channel.SMS,
        {"phone": number},
        template,
        params,
        dedupe_key=dedupe_key,
        user=user,
        language=language,
        expires_at=expires_at,
    )


def send_email(
    *,
    to: str,
    template: str,
    context: dict,
    dedupe_key: str,
    user: Any = None,
    language: str | None = None,
) -> OutboxMessage:
    """Queue an e-mail (text and HTML) from the catalogue, sent from ``DEFAULT_FROM_EMAIL``.

    Same rules for ``context`` as ``send_sms``'s ``params``; a ``link`` must be http(s).
    """
    address = normalise_email(to or "")
    try:
        validate_email(address)
    except ValidationError:
        raise ValueError("send_email needs a valid e-mail address.") from None
    return _queue(
        Channel.EMAIL, {"email": address}, template, context, dedupe_key=dedupe_key, user=user, language=language
    )


def notify_user(
    user: Any,
    template: str,
    context: dict,
    *,
    dedupe_key: str,
    channels: tuple[str, ...] = ("sms", "email"),
) -> list[OutboxMessage]:
    """Queue ``template`` to the user's own phone and/or e-mail.

    A channel is skipped when the template has no text for it (``password_reset_link`` is
    e-mail only) or the user has no such contact. The dedupe key gets ``:sms`` / ``:email``
    appended. The language is the user's own (``User.language``: the one they last used the
    site in, accounts.language), otherwise ``settings.LANGUAGE_CODE`` — never the language of
    whoever acts.
    """
    tpl = get_template(template)
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValueError(f"Unknown channel(s) {sorted(unknown)}.")
    if not set(channels) & set(tpl.channels):
        raise ValueError(f"Template {template!r} has no text for {channels}.")
    language = getattr(user, "language", None) or None
    messages = []
    for channel in channels:
        if channel not in tpl.channels:
            continue
        if channel == Channel.SMS and user.phone:
            messages.append(
                send_sms(
                    phone=user.phone,
                    template=template,
                    params=context,
                    dedupe_key=f"{dedupe_key}:sms",
                    user=user,
                    language=language,
                )
            )
        elif channel == Channel.EMAIL and user.email:
            messages.append(
                send_email(
                    to=user.email,
                    template=template,
                    context=context,
                    dedupe_key=f"{dedupe_key}:email",
                    user=user,
                    language=language,
                )
            )
    return messages


def _queue(
    channel: str,
    recipient: dict[str, str],
    template: str,
    params: Mapping[str, Any],
    *,
    dedupe_key: str,
    user: Any,
    language: str | None,
    expires_at: datetime.datetime | None = None,
) -> OutboxMessage:
    tpl = get_template(template)
    if channel not in tpl.channels:
        raise ValueError(f"Template {template!r} has no {channel} text.")
    clean = _checked_params(tpl, params)
    if not dedupe_key:
        raise ValueError("dedupe_key is required.")
    key = dedupe_hash(dedupe_key)
    language = normalise_language(language or settings.LANGUAGE_CODE)

    existing = OutboxMessage.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return _same_message(existing, channel, template)
    try:
        # A savepoint: a concurrent insert of the same key must not spoil the caller's
        # transaction. The loser waits for the winner's commit, then reads its row.
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel,
                template=template,
                language=language,
                params=clean,
                dedupe_key=key,
                user=user if getattr(user, "pk", None) else None,
                expires_at=expires_at,
                **recipient,
            )
    except IntegrityError:
        existing = OutboxMessage.objects.filter(dedupe_key=key).first()
        if existing is None:
            raise
        return _same_message(existing, channel, template)
    transaction.on_commit(partial(schedule_delivery, message.pk))
    return message


def schedule_delivery(pk: int) -> None:
    """Queue the delivery task. A queue outage is logged, not raised: the caller's change has
    committed already, and the sweep will pick the row up."""
    from teacherreg.notify.tasks import deliver_outbox_message

    try:
        deliver_outbox_message(pk)
    except Exception:
        logger.exception("Could not queue outbox message %s; the periodic sweep will retry it.", pk)


def _same_message(existing: OutboxMessage, channel: str, template: str) -> OutboxMessage:
    if existing.channel != channel or existing.template != template:
        raise ValueError(
            f"This dedupe_key already names a {existing.channel} {existing.template!r} message (#{existing.pk})."
        )
    return existing


def _checked_params(tpl: Any, params: Mapping[str, Any]) -> dict[str, str]:
    allowed = set(tpl.params) | set(OPTIONAL_PARAMS)
    missing = [p for p in tpl.params if params.get(p) is None]
    extra = sorted(set(params) - allowed)
    if missing or extra:
        raise ValueError(
            f"Template {tpl.code!r} takes {sorted(tpl.params)} (and optionally {list(OPTIONAL_PARAMS)}); "
            f"missing {missing}, unexpected {extra}."
        )
    clean = {key: str(value) for key, value in params.items() if value is not None}
    for key, value in clean.items():
        if key == "link" and not re.match(r"https?://", value):
            raise ValueError("A link parameter must be an http(s) URL.")
        if key in tpl.secret:
            continue  # codes and tokens are random: they may look like anything
        if _LOOKS_LIKE_PHONE.search(value) or _LOOKS_LIKE_ID_NUMBER.search(value):
            raise ValueError(f"Parameter {key!r} looks like a phone or ID number; pass a masked value.")
    return clean
