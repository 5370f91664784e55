"""Multi-step state kept in the (database) session between the account pages.

Values that are personal data (a phone number, a password hash waiting for a legacy
takeover) are encrypted before they go into the session, because the session table is a
table like any other and must hold no plaintext phone (issue 2 item 6).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.http import HttpRequest

from teacherreg.common import crypto


def put(request: HttpRequest, name: str, data: dict[str, Any]) -> None:
    payload = json.dumps({"at": time.time(), "data": data}, ensure_ascii=False)
    request.session[f"flow:{name}"] = crypto.encrypt(payload, f"session-flow:{name}")


def get(request: HttpRequest, name: str, *, max_age: int) -> dict[str, Any] | None:
    token = request.session.get(f"flow:{name}")
    if not token:
        return None
    try:
        payload = json.loads(crypto.decrypt(token, f"session-flow:{name}"))
    except (crypto.DecryptionError, ValueError):
        return None
    if time.time() - payload["at"] > max_age:
        drop(request, name)
        return None
    return payload["data"]


def update(request: HttpRequest, name: str, *, max_age: int, **changes: Any) -> dict[str, Any] | None:
    data = get(request, name, max_age=max_age)
    if data is None:
        return None
    data.update(changes)
    put(request, name, data)
    return data


def drop(request: HttpRequest, name: str) -> None:
    request.session.pop(f"flow:{name}", None)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")
