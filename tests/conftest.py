"""Suite-wide fixtures."""

from __future__ import annotations

import socket

import pytest

_real_connect = socket.socket.connect


@pytest.fixture(autouse=True)
def _only_local_network(monkeypatch):
    """testing.md: no test talks to anything but this machine."""

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise RuntimeError(f"Test tried to connect to {host!r}; only 127.0.0.1 is allowed.")
        return _real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
