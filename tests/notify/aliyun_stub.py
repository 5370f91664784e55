"""A local stand-in for Alibaba Cloud's Dysmsapi endpoint (testing.md: outside services are
tested against local stubs with modes ok / error / hang / slow / malformed).

It checks the signature of every request with its own percent-encoder and HMAC, written
apart from ``teacherreg.notify.sms.aliyun`` so that a mistake there cannot hide itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from tests.stub_server import LocalStub, StubHandler

KEY_ID = "stub-access-key-id"
SECRET = "stub-access-key-secret"
BIZ_ID = "900619746936498440^0"
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
REQUIRED = {
    "AccessKeyId",
    "Action",
    "Format",
    "PhoneNumbers",
    "RegionId",
    "Signature",
    "SignName",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "TemplateCode",
    "TemplateParam",
    "Timestamp",
    "Version",
}


def _encode(value: str) -> str:
    return "".join(chr(b) if b in UNRESERVED else f"%{b:02X}" for b in value.encode("utf-8"))


def expected_signature(params: dict[str, str], method: str, secret: str = SECRET) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(_encode(k) + "=" + _encode(v) for k, v in pairs)
    to_sign = method + "&" + _encode("/") + "&" + _encode(canonical)
    return base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


@dataclass
class StubState:
    mode: str = "ok"  # ok | error | hang | slow | malformed | http500
    error_code: str = "isv.MOBILE_NUMBER_ILLEGAL"
    error_status: int = 200
    slow_seconds: float = 0.1
    requests: list[dict[str, str]] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


class _Handler(StubHandler):
    def do_GET(self) -> None:
        self._handle("GET", urlsplit(self.path).query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length).decode("ascii"))

    def _handle(self, method: str, raw: str) -> None:
        state = self.server.state
        params = dict(parse_qsl(raw, keep_blank_values=True))
        state.requests.append(params)
        state.methods.append(method)
        if state.mode == "hang":
            state.release.wait(5)
            return  # close without a word
        if set(params) != REQUIRED or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", params["Timestamp"]):
            return self._json(400, {"Code": "MissingParameter", "RequestId": "stub"})
        if params["AccessKeyId"] != KEY_ID:
            return self._json(404, {"Code": "InvalidAccessKeyId.NotFound", "RequestId": "stub"})
        if params["Signature"] != expected_signature(params, method):
            return self._json(400, {"Code": "SignatureDoesNotMatch", "RequestId": "stub"})
        if state.mode == "slow":
            state.release.wait(state.slow_seconds)
        if state.mode == "malformed":
            return self._raw(200, b"<html><body>gateway maintenance</body></html>", "text/html")
        if state.mode == "http500":
            return self._raw(500, b"Internal Server Error", "text/plain")
        if state.mode == "error":
            return self._json(state.error_status, {"Code": state.error_code, "Message": "x", "RequestId": "stub-err"})
        return self._json(200, {"Code": "OK", "Message": "OK", "BizId": BIZ_ID, "RequestId": "stub-ok"})

    def _json(self, status: int, payload: dict) -> None:
        self.send_json(status, payload)

    def _raw(self, status: int, body: bytes, content_type: str) -> None:
        self.send_body(status, body, content_type)


class AliyunStub(LocalStub):
    handler = _Handler
    state_class = StubState
