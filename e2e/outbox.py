"""Reading the SMS codes and e-mail links a browser test needs (testing.md: "codes and links
sent by SMS or e-mail are read from the outbox through a helper").

Design: the outbox table never keeps a live secret — a code or a link with a token is
replaced by ``******`` once the message is delivered — so these helpers read what was
*delivered*, in the test process itself:

- SMS: ``TEACHERREG_SMS_BACKEND`` must be ``teacherreg.notify.sms.backends.MemorySmsProvider``
  under the test settings. The live server runs in a thread of the test process and huey runs
  tasks inline there, so by the time the page says "sent", the message is in memory.
- E-mail: Django's locmem backend (``django.core.mail.outbox``), which pytest-django installs
  for every test and empties between tests.

No helper waits or polls: call them after Playwright's ``expect`` has seen the page's
confirmation.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage

from teacherreg.common.normalise import email as normalise_email
from teacherreg.notify.sms.backends import CapturedSms, MemorySmsProvider

MEMORY_BACKEND = "teacherreg.notify.sms.backends.MemorySmsProvider"
_LINK = re.compile(r"https?://[^\s<>\"']+")


def last_sms(phone: str, template: str | None = None) -> CapturedSms:
    """The newest SMS delivered to ``phone`` (any spelling: ``+86 136…`` works)."""
    backend = getattr(settings, "TEACHERREG_SMS_BACKEND", "")
    if backend != MEMORY_BACKEND:
        raise RuntimeError(
            f"e2e.outbox reads SMS from memory: set TEACHERREG_SMS_BACKEND = {MEMORY_BACKEND!r} "
            f"in the test settings (it is {backend!r})."
        )
    for message in reversed(MemorySmsProvider.for_phone(phone)):
        if template is None or message.template == template:
            return message
    raise LookupError(f"No {template or 'SMS'} message was delivered to that phone.")


def last_sms_code(phone: str) -> str:
    """The code in the newest ``sms_code`` message delivered to ``phone``."""
    return last_sms(phone, "sms_code").params["code"]


def last_email(to: str) -> EmailMessage:
    wanted = normalise_email(to)
    for message in reversed(getattr(mail, "outbox", [])):  # set up by Django's test environment
        if any(normalise_email(address) == wanted for address in message.to):
            return message
    raise LookupError("No e-mail was delivered to that address.")


def last_email_link(to: str) -> str:
    """The first http(s) link in the newest e-mail to ``to`` (the reset or confirmation link)."""
    match = _LINK.search(last_email(to).body)
    if match is None:
        raise LookupError("The newest e-mail to that address has no link.")
    return match.group(0)


def clear() -> None:
    """Forget every captured SMS and e-mail (each test starts empty anyway for e-mail)."""
    MemorySmsProvider.clear()
    mail.outbox = []
