"""Local SMS backends: the console, a file for development, and memory for tests.

None of them talks to a network. The file and memory backends keep the verification code
readable (a developer or a browser test has to type it), so they refuse to start unless
``DEBUG`` or ``TEACHERREG_DEMO_ALLOWED`` is on, which production settings forbid (P24).
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from teacherreg.common.masking import mask
from teacherreg.common.normalise import phone as normalise_phone
from teacherreg.notify import conf
from teacherreg.notify.models import SCRUBBED
from teacherreg.notify.sms.base import SendResult, SmsProvider
from teacherreg.notify.templates import TEMPLATES

logger = logging.getLogger("teacherreg.notify.sms")


def _without_secrets(template_code: str, params: dict[str, str]) -> dict[str, str]:
    template = TEMPLATES.get(template_code)
    secret = template.secret if template else ()
    return {k: (SCRUBBED if k in secret else v) for k, v in params.items()}


def _refuse_outside_development(name: str) -> None:
    if not (settings.DEBUG or getattr(settings, "TEACHERREG_DEMO_ALLOWED", False)):
        raise ImproperlyConfigured(
            f"{name} keeps verification codes readable and is for development and tests only "
            "(DEBUG or TEACHERREG_DEMO_ALLOWED must be on)."
        )


class ConsoleSmsProvider(SmsProvider):
    """Logs one line per SMS: the phone masked, secret parameters (the code) starred.

    Safe anywhere, and useless for signing in: use ``FileSmsProvider`` on a developer's
    machine to read the codes.
    """

    name = "console"

    def send(self, phone: str, template_code: str, params: dict[str, str], *, text: str = "") -> SendResult:
        message_id = f"console-{uuid.uuid4().hex[:16]}"
        logger.info(
            "SMS (console) to %s, template %s, params %s, id %s",
            mask("phone", phone),
            template_code,
            json.dumps(_without_secrets(template_code, params), ensure_ascii=False, sort_keys=True),
            message_id,
        )
        return SendResult(ok=True, message_id=message_id)


class FileSmsProvider(SmsProvider):
    """Appends one JSON line per SMS to ``TEACHERREG_SMS_FILE_PATH`` (``var/sms-outbox.jsonl``).

    DEVELOPMENT ONLY. The line keeps the code in clear, because a developer has to type it to
    sign up or sign in on ``make run``; the phone number is written masked (``136****00``), so
    the file never pairs a full number with anything. ``var/`` is git-ignored.
    """

    name = "file"
    _lock = threading.Lock()

    def __init__(self) -> None:
        _refuse_outside_development("FileSmsProvider")
        self.path = conf.sms_file_path()

    def send(self, phone: str, template_code: str, params: dict[str, str], *, text: str = "") -> SendResult:
        message_id = f"file-{uuid.uuid4().hex[:16]}"
        line = {
            "at": timezone.localtime().isoformat(timespec="seconds"),
            "id": message_id,
            "phone": mask("phone", phone),
            "template": template_code,
            "params": params,
            "text": text,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as exc:
            logger.error("SMS (file) could not write %s: %s", self.path, type(exc).__name__)
            return SendResult(ok=False, error_code="file_error", retryable=True)
        return SendResult(ok=True, message_id=message_id)


@dataclass(frozen=True)
class CapturedSms:
    phone: str  # normalised, in clear: this lives in a test process's memory only
    template: str
    params: dict[str, str]
    text: str
    message_id: str


class MemorySmsProvider(SmsProvider):
    """Keeps every SMS in a process-wide list, for tests and ``e2e/outbox.py``.

    A browser test's live server runs in a thread of the test process, so the test reads the
    code here right after the page says it was sent (huey runs tasks inline in tests).
    """

    name = "memory"
    sent: ClassVar[list[CapturedSms]] = []
    _lock = threading.Lock()
    # Tests may set this to a SendResult to simulate a gateway answer.
    next_result: ClassVar[SendResult | None] = None

    def __init__(self) -> None:
        _refuse_outside_development("MemorySmsProvider")

    def send(self, phone: str, template_code: str, params: dict[str, str], *, text: str = "") -> SendResult:
        forced = type(self).next_result
        if forced is not None:
            return forced
        message_id = f"memory-{uuid.uuid4().hex[:16]}"
        with self._lock:
            self.sent.append(CapturedSms(normalise_phone(phone), template_code, dict(params), text, message_id))
        return SendResult(ok=True, message_id=message_id)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls.sent.clear()
        cls.next_result = None

    @classmethod
    def for_phone(cls, phone: str) -> list[CapturedSms]:
        wanted = normalise_phone(phone)
        with cls._lock:
            return [m for m in cls.sent if m.phone == wanted]
