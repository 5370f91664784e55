"""SMS gateways behind one interface (``SmsProvider``); ``TEACHERREG_SMS_BACKEND`` picks one."""

from __future__ import annotations

from django.utils.module_loading import import_string

from teacherreg.notify import conf
from teacherreg.notify.sms.base import SendResult, SmsProvider

__all__ = ["SendResult", "SmsProvider", "get_provider"]


def get_provider() -> SmsProvider:
    """A provider built from the current settings (cheap: no connection is opened here)."""
    return import_string(conf.sms_backend())()
