"""Alibaba Cloud SMS (Dysmsapi ``SendSms``, API version 2017-05-25) over plain HTTP(S).

The RPC-style "POP" signature, version 1.0, as Alibaba Cloud documents it:

1. Take every request parameter except ``Signature``, sort by name (byte order), and
   percent-encode each name and value in UTF-8 per RFC 3986: ``A–Z a–z 0–9 - _ . ~`` stay,
   everything else becomes ``%XY`` (a space is ``%20``, never ``+``). Join ``name=value`` with
   ``&``: the canonicalised query string.
2. ``StringToSign = METHOD + "&" + percentEncode("/") + "&" + percentEncode(canonicalised)``.
3. ``Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))``, sent as one more
   parameter.

No SDK: the standard library's ``http.client`` with a connect timeout, a read timeout and
an overall deadline (security.md G7), and a cap on the response size.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import http.client
import json
import logging
import re
import ssl
import time
import uuid
from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from teacherreg.common.normalise import phone as normalise_phone
from teacherreg.notify import conf
from teacherreg.notify.sms.base import SendResult, SmsProvider

logger = logging.getLogger("teacherreg.notify.sms")

API_VERSION = "2017-05-25"
MAX_RESPONSE_BYTES = 64 * 1024

# Codes worth trying again later: flow control and Alibaba Cloud's own faults.
RETRYABLE_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "Throttling.User",
        "Throttling",
        "isp.SYSTEM_ERROR",
        "ServiceUnavailable",
        "InternalError",
    }
)
# Codes that mean our configuration is wrong: log them loudly, an operator must act.
CONFIGURATION_CODES = frozenset(
    {
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId",
        "InvalidAccessKeyId.NotFound",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.AMOUNT_NOT_ENOUGH",
        "isv.ACCOUNT_ABNORMAL",
        "isp.RAM_PERMISSION_DENY",
    }
)
_SAFE_CODE = re.compile(r"[^A-Za-z0-9._-]")


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the POP signature wants it (``~`` kept, space as ``%20``)."""
    return quote(value, safe="-_.~", encoding="utf-8")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def string_to_sign(params: dict[str, str], method: str = "GET") -> str:
    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(unsigned))}"


def sign(params: dict[str, str], secret: str, method: str = "GET") -> str:
    digest = hmac.new(
        (secret + "&").encode("utf-8"), string_to_sign(params, method).encode("utf-8"), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def utc_timestamp(now: datetime.datetime | None = None) -> str:
    now = now or datetime.datetime.now(datetime.UTC)
    return now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AliyunSmsProvider(SmsProvider):
    """``SendSms`` with our template codes mapped to Alibaba Cloud's through
    ``TEACHERREG_SMS_ALIYUN_TEMPLATES`` (e.g. ``{"sms_code": "SMS_123456789"}``)."""

    name = "aliyun"

    def __init__(self) -> None:
        self.settings = conf.aliyun()
        if not (self.settings.access_key_id and self.settings.access_key_secret):
            raise ImproperlyConfigured(
                "AliyunSmsProvider needs TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID and "
                "TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET."
            )
        if self.settings.http_method not in {"GET", "POST"}:
            raise ImproperlyConfigured("TEACHERREG_SMS_ALIYUN_HTTP_METHOD must be GET or POST.")
        parts = urlsplit(self.settings.endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"TEACHERREG_SMS_ALIYUN_ENDPOINT is not an http(s) URL: {self.settings.endpoint!r}"
            )
        self._endpoint = parts

    def request_params(
        self, phone: str, provider_template: str, params: dict[str, str], *, nonce: str, timestamp: str
    ) -> dict[str, str]:
        return {
            "AccessKeyId": self.settings.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": normalise_phone(phone),
            "RegionId": self.settings.region_id,
            "SignName": conf.sms_sign_name(),
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": provider_template,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            "Timestamp": timestamp,
            "Version": API_VERSION,
        }

    def send(self, phone: str, template_code: str, params: dict[str, str], *, text: str = "") -> SendResult:
        provider_template = self.settings.templates.get(template_code)
        if not provider_template:
            logger.error("SMS gateway aliyun: no TemplateCode configured for template %s", template_code)
            return SendResult(ok=False, error_code="template_not_configured", retryable=False)
        query = self.request_params(phone, provider_template, params, nonce=uuid.uuid4().hex, timestamp=utc_timestamp())
        method = self.settings.http_method
        query["Signature"] = sign(query, self.settings.access_key_secret, method)
        try:
            status, body = self._exchange(method, canonical_query(query))
        except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
            logger.error("SMS gateway aliyun: timed out")
            return SendResult(ok=False, error_code="timeout", retryable=True)
        except (OSError, http.client.HTTPException) as exc:
            logger.error("SMS gateway aliyun: connection failed (%s)", type(exc).__name__)
            return SendResult(ok=False, error_code="network_error", retryable=True)
        return self._interpret(status, body)

    def _exchange(self, method: str, encoded: str) -> tuple[int, bytes]:
        """One HTTP exchange, bounded by the connect timeout, the read timeout per read and
        an overall deadline (a server that drips one byte a second cannot hold a worker)."""
        parts = self._endpoint
        connect_timeout, read_timeout = self.settings.connect_timeout, self.settings.read_timeout
        deadline = time.monotonic() + connect_timeout + read_timeout
        path = parts.path or "/"
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=connect_timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=connect_timeout)
        try:
            conn.connect()
            # Keep our own reference: http.client drops conn.sock while the response is read
            # when the server closes the connection after it, and the response reads from it.
            sock = conn.sock
            sock.settimeout(read_timeout)
            headers = {"Accept": "application/json", "User-Agent": "teacherreg-notify/1"}
            if method == "GET":
                conn.request("GET", f"{path}?{encoded}", headers=headers)
            else:
                headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
                conn.request("POST", path, body=encoded.encode("ascii"), headers=headers)
            response = conn.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("SMS gateway response took too long")
                sock.settimeout(min(read_timeout, remaining))
                chunk = response.read1(8192)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    break  # a real answer is a few hundred bytes; the rest is not JSON we want
                chunks.append(chunk)
            return response.status, b"".join(chunks)
        finally:
            conn.close()

    def _interpret(self, status: int, body: bytes) -> SendResult:
        if status >= 500:
            logger.error("SMS gateway aliyun: HTTP %s", status)
            return SendResult(ok=False, error_code=f"http_{status}", retryable=True)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("Code"), str):
            if status in (408, 429):
                return SendResult(ok=False, error_code=f"http_{status}", retryable=True)
            if status >= 400:
                logger.error("SMS gateway aliyun: HTTP %s without a readable answer", status)
                return SendResult(ok=False, error_code=f"http_{status}", retryable=False)
            logger.error("SMS gateway aliyun: malformed answer (HTTP %s)", status)
            return SendResult(ok=False, error_code="malformed_response", retryable=True)
        code = _SAFE_CODE.sub("", data["Code"])[:64]
        request_id = _SAFE_CODE.sub("", str(data.get("RequestId", "")))[:64]
        if code == "OK" and status < 400:
            return SendResult(ok=True, message_id=str(data.get("BizId") or request_id) or None)
        if code in RETRYABLE_CODES:
            logger.warning("SMS gateway aliyun: %s (request %s), will retry", code, request_id)
            return SendResult(ok=False, error_code=code, retryable=True)
        level = logging.ERROR if code in CONFIGURATION_CODES else logging.WARNING
        logger.log(level, "SMS gateway aliyun: refused with %s (request %s)", code, request_id)
        return SendResult(ok=False, error_code=code or f"http_{status}", retryable=False)
