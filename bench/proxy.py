"""A small round-robin HTTP proxy for the scale-out check (``bench/scale_out.py``).

It stands where nginx would in production: it takes each request, hands it to the next web
instance in turn (no stickiness, no health checks, so nothing hides an instance that cannot
read what the other one wrote), and says which instance answered in ``X-Bench-Upstream``.
Like the TLS-terminating proxy in front of production it sets ``X-Forwarded-Proto: https``
itself and never passes on a value the client sent; the ``Host`` header goes through as the
client sent it (nginx's ``proxy_set_header Host $host``).

One thread per connection, HTTP/1.0 to the client (each response closes its connection) and
a fresh upstream connection per request: slow, and plenty for a handful of checks. Request
bodies need a ``Content-Length`` (browsers' form and JSON posts have one).

Alone: ``.venv/bin/python -m bench.proxy 8080 a=127.0.0.1:8001 b=127.0.0.1:8002``.
"""

from __future__ import annotations

import http.client
import itertools
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM_HEADER = "X-Bench-Upstream"
# RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}
)
UPSTREAM_TIMEOUT = 60.0
MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Upstream:
    name: str
    host: str
    port: int


class RoundRobin:
    """The upstreams in turn, one per call, safe to call from many threads. Each call also
    gets its turn number, so a log written as answers finish can be put back in the order the
    requests were handed out."""

    def __init__(self, upstreams: Sequence[Upstream]) -> None:
        if not upstreams:
            raise ValueError("A round robin needs at least one upstream.")
        self._cycle = itertools.cycle(tuple(upstreams))
        self._turns = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> tuple[int, Upstream]:
        with self._lock:
            return next(self._turns), next(self._cycle)


def _connection_tokens(headers: Iterable[tuple[str, str]]) -> set[str]:
    """Header names a ``Connection`` header lists: hop-by-hop for this message too."""
    return {
        token.strip().lower()
        for name, value in headers
        if name.lower() == "connection"
        for token in value.split(",")
        if token.strip()
    }


def request_headers(headers: Sequence[tuple[str, str]], forwarded_proto: str) -> list[tuple[str, str]]:
    """The client's headers as the upstream gets them: hop-by-hop ones dropped, the body's
    length left to the proxy, and ``X-Forwarded-Proto`` set by the proxy alone."""
    dropped = HOP_BY_HOP | _connection_tokens(headers) | {"content-length", "x-forwarded-proto"}
    kept = [(name, value) for name, value in headers if name.lower() not in dropped]
    return [*kept, ("X-Forwarded-Proto", forwarded_proto)]


def response_headers(headers: Sequence[tuple[str, str]], upstream: str, length: int) -> list[tuple[str, str]]:
    """The upstream's headers as the client gets them, every ``Set-Cookie`` kept, the body
    re-framed by its length (the proxy has read it whole), and the answering instance named."""
    dropped = HOP_BY_HOP | _connection_tokens(headers) | {"content-length", UPSTREAM_HEADER.lower()}
    kept = [(name, value) for name, value in headers if name.lower() not in dropped]
    return [*kept, ("Content-Length", str(length)), (UPSTREAM_HEADER, upstream)]


@dataclass(frozen=True)
class Forwarded:
    turn: int
    method: str
    path: str
    upstream: str
    status: int


class Proxy:
    """The proxy on 127.0.0.1, serving from a daemon thread until ``stop``."""

    def __init__(self, upstreams: Sequence[Upstream], port: int = 0, forwarded_proto: str = "https") -> None:
        self.rotation = RoundRobin(upstreams)
        self.forwarded_proto = forwarded_proto
        self.log: list[Forwarded] = []
        self._log_lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Idempotent; closes the listening socket whether or not it was started."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(5)
            self._thread = None
        self._server.server_close()

    def record(self, forwarded: Forwarded) -> None:
        with self._log_lock:
            self.log.append(forwarded)

    def counts(self) -> dict[str, int]:
        with self._log_lock:
            return dict(Counter(f.upstream for f in self.log))

    def sequence(self) -> str:
        """The upstream of every request in the order they were handed out, e.g. ``abab``."""
        with self._log_lock:
            return "".join(f.upstream for f in sorted(self.log, key=lambda f: f.turn))


def _handler_for(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bench-proxy"

        def _forward(self) -> None:
            turn, upstream = proxy.rotation.next()
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES or "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self._answer(turn, 413 if length > MAX_BODY_BYTES else 411, b"", [], upstream)
                return
            body = self.rfile.read(length) if length else None
            try:
                status, reason, headers, content = _call(upstream, self.command, self.path, self.headers, body, proxy)
            except OSError as exc:  # refused, reset or timed out: what nginx calls a bad gateway
                self._answer(turn, 502, f"upstream {upstream.name}: {exc}".encode(), [], upstream)
                return
            self._answer(turn, status, content, headers, upstream, reason)

        def _answer(
            self,
            turn: int,
            status: int,
            content: bytes,
            headers: list[tuple[str, str]],
            upstream: Upstream,
            reason: str = "",
        ) -> None:
            proxy.record(Forwarded(turn, self.command, self.path, upstream.name, status))
            self.send_response_only(status, reason or None)
            for name, value in response_headers(headers, upstream.name, len(content)):
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)

        do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: ``proxy.log`` keeps what the report needs."""

    return Handler


def _call(
    upstream: Upstream, method: str, path: str, headers: object, body: bytes | None, proxy: Proxy
) -> tuple[int, str, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection(upstream.host, upstream.port, timeout=UPSTREAM_TIMEOUT)
    try:
        # putheader, not a dict: repeated headers (two Cookie lines) must survive as sent.
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in request_headers(list(headers.items()), proxy.forwarded_proto):  # type: ignore[attr-defined]
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        content = response.read()  # de-chunked here; response_headers re-frames it
        return response.status, response.reason, response.getheaders(), content
    finally:
        connection.close()


def _parse_upstream(text: str) -> Upstream:
    name, _, address = text.partition("=")
    host, _, port = address.rpartition(":")
    if not name or not host or not port.isdigit():
        raise SystemExit(f"An upstream is NAME=HOST:PORT, not {text!r}.")
    return Upstream(name, host, int(port))


def main() -> None:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        raise SystemExit("usage: python -m bench.proxy PORT NAME=HOST:PORT [NAME=HOST:PORT …]")
    proxy = Proxy([_parse_upstream(arg) for arg in sys.argv[2:]], port=int(sys.argv[1]))
    proxy.start()
    print(f"round robin on {proxy.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()


if __name__ == "__main__":
    main()
