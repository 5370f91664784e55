"""The scale-out check's round-robin proxy: each request to the next instance, named in the
answer; headers a proxy must not pass on are dropped, cookies and bodies go through."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.proxy import Proxy, RoundRobin, Upstream, request_headers, response_headers


def test_the_round_robin_alternates_and_numbers_the_turns():
    rotation = RoundRobin([Upstream("a", "127.0.0.1", 1), Upstream("b", "127.0.0.1", 2)])

    turns = [rotation.next() for _ in range(5)]

    assert [(turn, upstream.name) for turn, upstream in turns] == [(0, "a"), (1, "b"), (2, "a"), (3, "b"), (4, "a")]


def test_a_round_robin_needs_an_upstream():
    with pytest.raises(ValueError, match="at least one upstream"):
        RoundRobin([])


def test_the_upstream_gets_no_hop_by_hop_headers_and_only_the_proxys_forwarded_proto():
    sent = [
        ("Host", "127.0.0.1:8080"),
        ("Connection", "keep-alive, X-Private"),
        ("X-Private", "secret"),
        ("Keep-Alive", "timeout=5"),
        ("Content-Length", "12"),
        ("X-Forwarded-Proto", "http"),
        ("Cookie", "a=1"),
    ]

    assert request_headers(sent, "https") == [
        ("Host", "127.0.0.1:8080"),
        ("Cookie", "a=1"),
        ("X-Forwarded-Proto", "https"),
    ]


def test_the_client_gets_every_cookie_the_length_of_the_body_and_the_instance():
    answered = [
        ("Content-Type", "text/html"),
        ("Transfer-Encoding", "chunked"),
        ("Set-Cookie", "__Host-csrftoken=x; Secure"),
        ("Set-Cookie", "__Host-sessionid=y; Secure; HttpOnly"),
        ("Content-Length", "999"),
        ("X-Bench-Upstream", "forged"),
    ]

    assert response_headers(answered, "b", 42) == [
        ("Content-Type", "text/html"),
        ("Set-Cookie", "__Host-csrftoken=x; Secure"),
        ("Set-Cookie", "__Host-sessionid=y; Secure; HttpOnly"),
        ("Content-Length", "42"),
        ("X-Bench-Upstream", "b"),
    ]


def _instance(name: str) -> ThreadingHTTPServer:
    """A stand-in web instance: answers its name, the method, the body it got and the
    X-Forwarded-Proto it saw, and sets two cookies."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            seen = {
                "instance": name,
                "method": self.command,
                "body": body,
                "proto": self.headers.get("X-Forwarded-Proto"),
            }
            content = json.dumps(seen).encode()
            self.send_response(200)
            self.send_header("Set-Cookie", f"first={name}")
            self.send_header("Set-Cookie", "second=2")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def fleet() -> Iterator[tuple[Proxy, list[ThreadingHTTPServer]]]:
    instances = [_instance("a"), _instance("b")]
    proxy = Proxy([Upstream(n, "127.0.0.1", s.server_address[1]) for n, s in zip("ab", instances, strict=True)])
    proxy.start()
    try:
        yield proxy, instances
    finally:
        proxy.stop()
        for server in instances:
            server.shutdown()
            server.server_close()


def _request(proxy: Proxy) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    connection.request("GET", "/page/")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_requests_through_the_proxy_alternate_between_the_instances(fleet):
    proxy, _instances = fleet
    answered = []
    for _ in range(4):
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
        connection.request("GET", "/page/")
        response = connection.getresponse()
        answered.append((response.headers["X-Bench-Upstream"], json.loads(response.read())["instance"]))
        connection.close()

    assert answered == [("a", "a"), ("b", "b"), ("a", "a"), ("b", "b")]
    assert proxy.sequence() == "abab"
    assert proxy.counts() == {"a": 2, "b": 2}


def test_a_post_body_goes_through_and_the_instance_sees_https_and_both_cookies_come_back(fleet):
    proxy, _instances = fleet
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)
    connection.request("POST", "/form/", body=b"pledge=agree", headers={"X-Forwarded-Proto": "http"})
    response = connection.getresponse()
    seen = json.loads(response.read())
    connection.close()

    assert seen == {"instance": "a", "method": "POST", "body": "pledge=agree", "proto": "https"}
    assert response.headers.get_all("Set-Cookie") == ["first=a", "second=2"]


def test_an_instance_that_is_down_answers_502_and_the_next_request_goes_to_the_other(fleet):
    proxy, instances = fleet
    instances[0].shutdown()
    instances[0].server_close()  # a refuses connections from now on

    first, second = _request(proxy), _request(proxy)

    assert (first.status, second.status) == (502, 200)
    assert proxy.sequence() == "ab"
