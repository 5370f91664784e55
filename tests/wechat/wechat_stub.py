"""A local stand-in for the WeChat API (``cgi-bin/token`` and ``cgi-bin/qrcode/create``), with
modes ok / error / hang / slow / malformed / http500 (testing.md). It checks what it receives
the way WeChat documents it, written apart from the provider so a mistake there shows here."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tests.stub_server import LocalStub, StubHandler

APP_ID = "wxstub0000000001"
APP_SECRET = "stub-app-secret"
QR_URL = "http://weixin.qq.com/q/stub-ticket"
TICKET = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw=="


@dataclass
class StubState:
    mode: str = "ok"  # ok | error | hang | slow | malformed | http500 | stale_token
    error_code: int = 45009  # "reach max api daily quota limit"
    slow_seconds: float = 0.1
    tokens_issued: int = 0
    paths: list[str] = field(default_factory=list)
    bodies: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    stale_once: bool = False  # the next qrcode/create answers 40001


class _Handler(StubHandler):
    def do_GET(self) -> None:
        self._handle("GET", b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length))

    def _handle(self, method: str, body: bytes) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        state.paths.append(f"{method} {parts.path}")
        if state.mode == "hang":
            state.release.wait(5)
            return  # close without a word
        if state.mode == "slow":
            state.release.wait(state.slow_seconds)
        if state.mode == "http500":
            return self._raw(500, b"Internal Server Error", "text/plain")
        if state.mode == "malformed":
            return self._raw(200, b"<html><body>maintenance</body></html>", "text/html")
        if method == "GET" and parts.path == "/cgi-bin/token":
            return self._token(query)
        if method == "POST" and parts.path == "/cgi-bin/qrcode/create":
            return self._qrcode(query, body)
        return self._json({"errcode": 404, "errmsg": "not found"}, status=404)

    def _token(self, query: dict[str, str]) -> None:
        state = self.server.state
        if query.get("grant_type") != "client_credential":
            return self._json({"errcode": 40002, "errmsg": "invalid grant_type"})
        if query.get("appid") != APP_ID:
            return self._json({"errcode": 40013, "errmsg": "invalid appid"})
        if query.get("secret") != APP_SECRET:
            return self._json({"errcode": 40125, "errmsg": "invalid appsecret"})
        if state.mode == "error":
            return self._json({"errcode": state.error_code, "errmsg": "x"})
        state.tokens_issued += 1
        return self._json({"access_token": f"TOKEN-{state.tokens_issued}", "expires_in": 7200})

    def _qrcode(self, query: dict[str, str], body: bytes) -> None:
        state = self.server.state
        if query.get("access_token") != f"TOKEN-{state.tokens_issued}" or state.stale_once:
            state.stale_once = False
            return self._json({"errcode": 40001, "errmsg": "invalid credential"})
        try:
            data = json.loads(body)
        except ValueError:
            return self._json({"errcode": 47001, "errmsg": "data format error"})
        state.bodies.append(data)
        scene = data.get("action_info", {}).get("scene", {}).get("scene_str", "")
        if data.get("action_name") != "QR_STR_SCENE" or not 1 <= len(scene) <= 64:
            return self._json({"errcode": 40053, "errmsg": "invalid action info"})
        if not isinstance(data.get("expire_seconds"), int) or not 60 <= data["expire_seconds"] <= 2592000:
            return self._json({"errcode": 40097, "errmsg": "invalid args"})
        if state.mode == "error":
            return self._json({"errcode": state.error_code, "errmsg": "x"})
        return self._json(
            {
                "ticket": TICKET,
                "expire_seconds": data["expire_seconds"],
                "url": QR_URL,
            }
        )

    def _json(self, payload: dict, status: int = 200) -> None:
        self.send_json(status, payload)

    def _raw(self, status: int, body: bytes, content_type: str) -> None:
        self.send_body(status, body, content_type)


class WechatStub(LocalStub):
    handler = _Handler
    state_class = StubState
