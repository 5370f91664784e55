"""The interface every SMS gateway adapter implements."""

from __future__ import annotations

import abc
from dataclasses import dataclass


@dataclass(frozen=True)
class SendResult:
    """What a gateway said. ``error_code`` is a short code (ours or the provider's), never the
    provider's message text; ``retryable`` says whether trying again later may succeed."""

    ok: bool
    message_id: str | None = None
    error_code: str | None = None
    retryable: bool = False


class SmsProvider(abc.ABC):
    """Sends one SMS. Implementations never raise for a delivery problem: they return a
    ``SendResult``; the outbox decides about retries.

    ``template_code`` is our template code (``sms_code``); ``params`` are its parameters.
    ``text`` is the message rendered from our catalogue, for providers that send free text
    (the console, the file); template-based gateways (Alibaba Cloud) ignore it.
    """

    name = "sms"

    @abc.abstractmethod
    def send(self, phone: str, template_code: str, params: dict[str, str], *, text: str = "") -> SendResult:
        raise NotImplementedError
