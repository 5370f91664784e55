from __future__ import annotations

import pytest

from teacherreg.notify.sms.backends import MemorySmsProvider
from tests.notify.aliyun_stub import KEY_ID, SECRET, AliyunStub

MEMORY = "teacherreg.notify.sms.backends.MemorySmsProvider"
ALIYUN = "teacherreg.notify.sms.aliyun.AliyunSmsProvider"


@pytest.fixture
def memory_sms(settings):
    """SMS go to memory; ``MemorySmsProvider.sent`` lists what was delivered."""
    settings.TEACHERREG_SMS_BACKEND = MEMORY
    MemorySmsProvider.clear()
    yield MemorySmsProvider
    MemorySmsProvider.clear()


@pytest.fixture
def aliyun_stub():
    with AliyunStub() as stub:
        yield stub


@pytest.fixture
def aliyun(settings, aliyun_stub):
    """The real Alibaba Cloud adapter pointed at the local stub, with tiny timeouts."""
    settings.TEACHERREG_SMS_BACKEND = ALIYUN
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID = KEY_ID
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.TEACHERREG_SMS_ALIYUN_ENDPOINT = aliyun_stub.url
    settings.TEACHERREG_SMS_ALIYUN_TEMPLATES = {"sms_code": "SMS_000001", "password_changed": "SMS_000002"}
    settings.TEACHERREG_SMS_ALIYUN_CONNECT_TIMEOUT = 0.5
    settings.TEACHERREG_SMS_ALIYUN_READ_TIMEOUT = 0.3
    return aliyun_stub
