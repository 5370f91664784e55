"""The WeChat server callback protocol (明文模式, plaintext mode), both directions.

WeChat calls our URL with ``signature``, ``timestamp`` and ``nonce`` in the query string, where
``signature = sha1(join(sorted([token, timestamp, nonce])))`` and ``token`` is the secret set in
the service account's 服务器配置. A GET is the URL check and wants ``echostr`` echoed back; a POST
carries one message or event as XML and wants ``success`` (or a reply message) back.

The signature covers the query string only, not the body. So besides checking it we refuse a
timestamp more than five minutes off, and remember each (timestamp, nonce) for longer than that:
a captured query cannot carry a second, different body.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import xml.etree.ElementTree as ET  # only after refusing any DTD, see parse()
from dataclasses import dataclass
from urllib.parse import urlencode

MAX_BODY_BYTES = 16 * 1024
MAX_SKEW_SECONDS = 5 * 60
MAX_FIELD_CHARS = 256
SCENE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # WeChat's scene_str: 1–64 characters
OPENID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SUBSCRIBE_PREFIX = "qrscene_"
_FIELDS = ("ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "EventKey", "Ticket")


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode("utf-8")).hexdigest()  # noqa: S324


def verify(query, token: str, *, now: float | None = None) -> str:
    """ "" when the query is signed with ``token`` and fresh; otherwise why not (for the log)."""
    if not token:
        return "no_token_configured"
    given = query.get("signature", "")
    timestamp = query.get("timestamp", "")
    nonce = query.get("nonce", "")
    if not (given and timestamp and nonce) or len(timestamp) > 12 or len(nonce) > 64:
        return "missing"
    if not hmac.compare_digest(signature(token, timestamp, nonce), given.lower()):
        return "bad_signature"
    if not timestamp.isdigit():
        return "bad_timestamp"
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return "stale"
    return ""


class BadEvent(Exception):
    """A body we will not read; ``reason`` is short and safe to log."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Event:
    to_user: str
    openid: str  # FromUserName
    create_time: str
    msg_type: str
    event: str  # lower case: subscribe, scan, unsubscribe …
    event_key: str

    @property
    def scene_str(self) -> str:
        """The scene of a QR-code scan: ``SCAN`` carries it as is, ``subscribe`` (the scanner
        follows the account by scanning) with the ``qrscene_`` prefix. "" for anything else."""
        if self.msg_type != "event":
            return ""
        if self.event == "scan":
            key = self.event_key
        elif self.event == "subscribe" and self.event_key.startswith(SUBSCRIBE_PREFIX):
            key = self.event_key[len(SUBSCRIBE_PREFIX) :]
        else:
            return ""
        return key if SCENE_PATTERN.fullmatch(key) else ""


def parse(body: bytes) -> Event:
    """Read one callback body. No DTD is accepted at all: without one, expat can neither expand
    entities (billion laughs) nor fetch anything (XXE), and WeChat never sends one."""
    if len(body) > MAX_BODY_BYTES:
        raise BadEvent("too_large")
    upper = body.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise BadEvent("dtd")
    try:
        root = ET.fromstring(body)  # noqa: S314 - DTDs refused above, size capped
    except ET.ParseError:
        raise BadEvent("malformed") from None
    if root.tag != "xml":
        raise BadEvent("malformed")
    values: dict[str, str] = {}
    for name in _FIELDS:
        node = root.find(name)
        text = (node.text or "").strip() if node is not None else ""
        if len(text) > MAX_FIELD_CHARS:
            raise BadEvent("field_too_long")
        values[name] = text
    openid = values["FromUserName"]
    if openid and not OPENID_PATTERN.fullmatch(openid):
        raise BadEvent("bad_openid")
    return Event(
        to_user=values["ToUserName"],
        openid=openid,
        create_time=values["CreateTime"],
        msg_type=values["MsgType"].lower(),
        event=values["Event"].lower(),
        event_key=values["EventKey"],
    )


# --- the other direction: what WeChat sends (the development phone and the tests) ---------


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build_scan_xml(openid: str, scene_str: str, *, subscribe: bool, to_user: str = "gh_development", now=None) -> bytes:
    """A scan event as WeChat sends it: ``subscribe`` with ``qrscene_`` for a new follower,
    ``SCAN`` for someone who already follows the account."""
    created = str(int(time.time() if now is None else now))
    event, key = ("subscribe", SUBSCRIBE_PREFIX + scene_str) if subscribe else ("SCAN", scene_str)
    return (
        "<xml>"
        f"<ToUserName>{_cdata(to_user)}</ToUserName>"
        f"<FromUserName>{_cdata(openid)}</FromUserName>"
        f"<CreateTime>{created}</CreateTime>"
        f"<MsgType>{_cdata('event')}</MsgType>"
        f"<Event>{_cdata(event)}</Event>"
        f"<EventKey>{_cdata(key)}</EventKey>"
        f"<Ticket>{_cdata('development-ticket')}</Ticket>"
        "</xml>"
    ).encode()


def signed_query(token: str, *, now: float | None = None, nonce: str | None = None, **extra: str) -> str:
    """The query string WeChat puts on a callback it signs with ``token``."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = nonce or str(secrets.randbelow(10**10))
    params = {"signature": signature(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, **extra}
    return urlencode(params)
