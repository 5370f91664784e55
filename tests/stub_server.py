"""A local HTTP server for testing the adapters of outside services (SMS gateway, WeChat API)
against 127.0.0.1 only (testing.md). Each stub supplies a handler and a state object; the
state's ``release`` event frees a handler that is deliberately hanging."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


class StubServer(ThreadingHTTPServer):
    daemon_threads = True
    state: Any


class StubHandler(BaseHTTPRequestHandler):
    server: StubServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test output stays readable

    def send_json(self, status: int, payload: dict) -> None:
        self.send_body(status, json.dumps(payload).encode(), "application/json")

    def send_body(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalStub:
    """``with SomeStub() as stub:`` serves on a free port of 127.0.0.1 until the block ends."""

    handler: ClassVar[type[StubHandler]]
    state_class: ClassVar[type]

    def __init__(self) -> None:
        self.server = StubServer(("127.0.0.1", 0), self.handler)
        self.server.state = self.state_class()
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def state(self) -> Any:
        return self.server.state

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
