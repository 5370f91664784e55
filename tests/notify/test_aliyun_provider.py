"""The Alibaba Cloud adapter against a local stub (ok / error / hang / slow / malformed / 5xx).
The stub verifies every signature it receives."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from teacherreg.notify.models import MessageStatus, OutboxMessage
from teacherreg.notify.services import send_sms
from teacherreg.notify.sms.aliyun import AliyunSmsProvider
from teacherreg.notify.sms.base import SendResult
from tests.notify.aliyun_stub import BIZ_ID, KEY_ID

PHONE = "13800138000"
PARAMS = {"code": "123456", "minutes": "5", "purpose_label": "账号注册"}


def send(phone=PHONE, template="sms_code", params=None):
    return AliyunSmsProvider().send(phone, template, params or PARAMS)


def test_it_sends_and_returns_the_biz_id(aliyun):
    assert send() == SendResult(ok=True, message_id=BIZ_ID)
    [received] = aliyun.state.requests
    assert aliyun.state.methods == ["POST"]
    assert received["AccessKeyId"] == KEY_ID
    assert received["Action"] == "SendSms"
    assert received["Format"] == "JSON"
    assert received["Version"] == "2017-05-25"
    assert received["RegionId"] == "cn-hangzhou"
    assert received["PhoneNumbers"] == PHONE
    assert received["SignName"] == "教师资格定期注册"
    assert received["TemplateCode"] == "SMS_000001"
    assert json.loads(received["TemplateParam"]) == PARAMS


def test_it_can_use_get(aliyun, settings):
    settings.TEACHERREG_SMS_ALIYUN_HTTP_METHOD = "GET"
    assert send().ok
    assert aliyun.state.methods == ["GET"]


def test_it_sends_the_number_without_the_country_code(aliyun):
    assert send(phone="+86 138-0013-8000").ok
    assert aliyun.state.requests[0]["PhoneNumbers"] == PHONE


def test_it_survives_a_slow_answer_within_the_timeout(aliyun):
    aliyun.state.mode = "slow"
    aliyun.state.slow_seconds = 0.1  # the read timeout is 0.3 s
    assert send() == SendResult(ok=True, message_id=BIZ_ID)


def test_a_hanging_gateway_is_a_retryable_timeout(aliyun):
    aliyun.state.mode = "hang"
    assert send() == SendResult(ok=False, error_code="timeout", retryable=True)


def test_a_malformed_answer_is_retryable(aliyun):
    aliyun.state.mode = "malformed"
    assert send() == SendResult(ok=False, error_code="malformed_response", retryable=True)


def test_a_server_error_is_retryable(aliyun):
    aliyun.state.mode = "http500"
    assert send() == SendResult(ok=False, error_code="http_500", retryable=True)


@pytest.mark.parametrize(
    ("code", "status", "retryable"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", 200, True),
        ("Throttling.User", 400, True),
        ("isv.MOBILE_NUMBER_ILLEGAL", 200, False),
        ("isv.TEMPLATE_MISSING_PARAMETERS", 200, False),
        ("SignatureDoesNotMatch", 400, False),
        ("InvalidAccessKeyId", 404, False),
        ("isv.SOMETHING_NEW", 200, False),
    ],
)
def test_it_maps_gateway_error_codes(aliyun, code, status, retryable):
    aliyun.state.mode = "error"
    aliyun.state.error_code = code
    aliyun.state.error_status = status
    assert send() == SendResult(ok=False, error_code=code, retryable=retryable)


def test_a_wrong_secret_is_refused_by_the_stubs_signature_check(aliyun, settings):
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    assert send() == SendResult(ok=False, error_code="SignatureDoesNotMatch", retryable=False)


def test_a_template_without_a_provider_code_is_not_sent(aliyun):
    result = send(template="identity_review_approved", params={})
    assert result == SendResult(ok=False, error_code="template_not_configured", retryable=False)
    assert aliyun.state.requests == []


def test_it_refuses_to_start_without_keys(settings):
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID = ""
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET = ""
    with pytest.raises(ImproperlyConfigured):
        AliyunSmsProvider()


def test_it_refuses_an_endpoint_that_is_not_http(aliyun, settings):
    settings.TEACHERREG_SMS_ALIYUN_ENDPOINT = "ftp://127.0.0.1/"
    with pytest.raises(ImproperlyConfigured):
        AliyunSmsProvider()


# --- through the outbox --------------------------------------------------------------------


def _queue(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(phone=PHONE, template="sms_code", params=PARAMS, dedupe_key="aliyun-outbox")
    message.refresh_from_db()
    return message


@pytest.mark.django_db
def test_the_outbox_records_the_gateways_message_id(aliyun, django_capture_on_commit_callbacks):
    message = _queue(django_capture_on_commit_callbacks)
    assert (message.status, message.attempts, message.provider_message_id) == (MessageStatus.SENT, 1, BIZ_ID)


@pytest.mark.django_db
def test_a_hanging_gateway_leaves_the_message_pending_for_a_retry(aliyun, django_capture_on_commit_callbacks):
    aliyun.state.mode = "hang"
    message = _queue(django_capture_on_commit_callbacks)
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.PENDING, 1, "timeout")
    assert message.params["code"] == "123456"  # still needed for the retry
    [attempt] = message.delivery_attempts.all()
    assert (attempt.ok, attempt.retryable, attempt.error_code) == (False, True, "timeout")


@pytest.mark.django_db
def test_a_malformed_answer_leaves_the_message_pending(aliyun, django_capture_on_commit_callbacks):
    aliyun.state.mode = "malformed"
    message = _queue(django_capture_on_commit_callbacks)
    assert (message.status, message.last_error) == (MessageStatus.PENDING, "malformed_response")


@pytest.mark.django_db
def test_an_illegal_number_fails_the_message_at_once(aliyun, django_capture_on_commit_callbacks):
    aliyun.state.mode = "error"
    message = _queue(django_capture_on_commit_callbacks)
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.FAILED,
        1,
        "isv.MOBILE_NUMBER_ILLEGAL",
    )
    assert message.params["code"] == "******"


@pytest.mark.django_db
def test_missing_keys_keep_the_message_pending_not_lost(settings, django_capture_on_commit_callbacks):
    settings.TEACHERREG_SMS_BACKEND = "teacherreg.notify.sms.aliyun.AliyunSmsProvider"
    settings.TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID = ""
    message = _queue(django_capture_on_commit_callbacks)
    assert (message.status, message.last_error) == (MessageStatus.PENDING, "not_configured")
    assert OutboxMessage.objects.count() == 1
