"""Who draws the QR code of a scene: the WeChat service account, or a development stand-in.

``TEACHERREG_WECHAT_PROVIDER`` (a dotted path to a class taking no arguments) picks one; the
default is ``DevelopmentWechatProvider``. A provider answers one question — what should the QR
code for this scene encode? — and must:

- return a string to draw as a QR code (our own SVG, teacherreg.office.qr: no image is fetched
  from WeChat, so the page requests nothing from another host);
- raise ``WechatUnavailable`` (with a short code, never WeChat's message text) for every
  failure: timeout, refused connection, HTTP error, malformed answer, an ``errcode``;
- bound its own time with connect and read timeouts and an overall deadline (security.md G7);
- never log the app secret, the access token or the scene string.

Who scanned the code comes back separately, through the event callback (``views/callback.py``).
"""

from __future__ import annotations

import abc
import contextlib
import http.client
import json
import logging
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.urls import reverse
from django.utils.module_loading import import_string

from teacherreg.common import crypto
from teacherreg.wechat import conf

try:  # redis-py is installed everywhere (requirements.lock); guard anyway for clarity
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError  # type: ignore[assignment,misc]

logger = logging.getLogger("teacherreg.wechat")

MAX_RESPONSE_BYTES = 64 * 1024
# 40001 invalid credential / 40014 invalid access_token / 42001 access_token expired: the cached
# token went stale before its time (another server asked for a new one); fetch a fresh one once.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
TOKEN_MARGIN_SECONDS = 300  # renew a token five minutes before WeChat says it ends
CACHE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, RedisError, OSError)


@dataclass(frozen=True)
class Scene:
    """A scene as WeChat sees it: the random string in the QR code and how long it may live."""

    scene_str: str
    expire_seconds: int


class WechatUnavailable(Exception):
    """No QR code could be made. ``code`` is short and safe to log and to test against."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class WechatProvider(abc.ABC):
    name = "wechat"

    @abc.abstractmethod
    def scene_qr_content(self, scene: Scene) -> str:
        """What the QR code for ``scene`` encodes."""
        raise NotImplementedError


def get_provider() -> WechatProvider:
    """A provider built from the current settings (cheap: no connection is opened here)."""
    return import_string(conf.wechat().provider)()


class DevelopmentWechatProvider(WechatProvider):
    """The QR code opens this site's development "phone" page, which plays the service account:
    it sends the signed scan event to our own callback. Without the page (production) nothing
    can be scanned, so this default never binds anything there."""

    name = "development"

    def scene_qr_content(self, scene: Scene) -> str:
        return settings.TEACHERREG_SITE_URL.rstrip("/") + reverse("wechat:dev_phone", args=[scene.scene_str])


class RealWechatProvider(WechatProvider):
    """The service account's own temporary parametric QR code (生成带参数的二维码):

    1. ``GET cgi-bin/token?grant_type=client_credential&appid=…&secret=…`` gives an
       ``access_token`` for ``expires_in`` seconds; it is kept in the shared cache (encrypted)
       because WeChat caps how many a day an account may fetch, across all our servers.
    2. ``POST cgi-bin/qrcode/create?access_token=…`` with ``action_name`` ``QR_STR_SCENE`` and
       the scene string gives ``url``, the content of the QR code; we draw it ourselves.
    """

    name = "wechat"

    def __init__(self) -> None:
        self.settings = conf.wechat()
        if not (self.settings.app_id and self.settings.app_secret):
            raise ImproperlyConfigured(
                "RealWechatProvider needs TEACHERREG_WECHAT_APP_ID and TEACHERREG_WECHAT_APP_SECRET."
            )
        parts = urlsplit(self.settings.api_base)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(f"TEACHERREG_WECHAT_API_BASE is not an http(s) URL: {self.settings.api_base!r}")
        self._base = parts

    # --- the question ---------------------------------------------------------------------

    def scene_qr_content(self, scene: Scene) -> str:
        body = {
            "expire_seconds": scene.expire_seconds,
            "action_name": "QR_STR_SCENE",
            "action_info": {"scene": {"scene_str": scene.scene_str}},
        }
        for attempt in (1, 2):
            token = self._access_token(fresh=attempt == 2)
            data = self._call("POST", "cgi-bin/qrcode/create", {"access_token": token}, body)
            errcode = _errcode(data)
            if errcode in TOKEN_ERRORS and attempt == 1:
                self._forget_token()
                continue
            if errcode:
                logger.error("WeChat qrcode/create refused with errcode %s", errcode)
                raise WechatUnavailable(f"errcode_{errcode}")
            url = data.get("url")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")) or len(url) > 512:
                logger.error("WeChat qrcode/create: answer without a usable url")
                raise WechatUnavailable("malformed_response")
            return url
        raise WechatUnavailable("token_rejected")  # pragma: no cover - the loop returns or raises

    # --- the access token -----------------------------------------------------------------

    @property
    def _cache_key(self) -> str:
        return "wechat:access-token:" + crypto.blind_index(self.settings.app_id, "wechat-app-id")[:24]

    def _access_token(self, *, fresh: bool = False) -> str:
        if not fresh:
            try:
                stored = cache.get(self._cache_key)
            except CACHE_ERRORS:
                stored = None
            if stored:
                try:
                    return crypto.decrypt(stored, "wechat-access-token")
                except crypto.DecryptionError:
                    pass
        data = self._call(
            "GET",
            "cgi-bin/token",
            {"grant_type": "client_credential", "appid": self.settings.app_id, "secret": self.settings.app_secret},
        )
        errcode = _errcode(data)
        if errcode:
            logger.error("WeChat cgi-bin/token refused with errcode %s", errcode)
            raise WechatUnavailable(f"errcode_{errcode}")
        token, expires_in = data.get("access_token"), data.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(expires_in, int) or isinstance(expires_in, bool):
            logger.error("WeChat cgi-bin/token: answer without a token")
            raise WechatUnavailable("malformed_response")
        try:
            cache.set(
                self._cache_key,
                crypto.encrypt(token, "wechat-access-token"),
                timeout=max(expires_in - TOKEN_MARGIN_SECONDS, 30),
            )
        except CACHE_ERRORS:
            logger.warning("WeChat access token could not be cached")
        return token

    def _forget_token(self) -> None:
        with contextlib.suppress(*CACHE_ERRORS):
            cache.delete(self._cache_key)

    # --- HTTP -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, query: dict[str, str], body: dict | None = None) -> dict:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            status, raw = self._exchange(method, path, urlencode(query), payload)
        except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
            logger.error("WeChat %s: timed out", path)
            raise WechatUnavailable("timeout") from None
        except (OSError, http.client.HTTPException) as exc:
            logger.error("WeChat %s: connection failed (%s)", path, type(exc).__name__)
            raise WechatUnavailable("network_error") from None
        if status >= 400:
            logger.error("WeChat %s: HTTP %s", path, status)
            raise WechatUnavailable(f"http_{status}")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict):
            logger.error("WeChat %s: malformed answer (HTTP %s)", path, status)
            raise WechatUnavailable("malformed_response")
        return data

    def _exchange(self, method: str, path: str, query: str, body: bytes | None) -> tuple[int, bytes]:
        """One HTTP exchange, bounded by the connect timeout, the read timeout per read and an
        overall deadline (a server that drips one byte a second cannot hold a worker)."""
        parts = self._base
        connect_timeout, read_timeout = self.settings.connect_timeout, self.settings.read_timeout
        deadline = time.monotonic() + connect_timeout + read_timeout
        target = f"{parts.path.rstrip('/')}/{path}?{query}"
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=connect_timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=connect_timeout)
        try:
            conn.connect()
            sock = conn.sock  # our own reference: http.client may drop it while the body is read
            sock.settimeout(read_timeout)
            headers = {"Accept": "application/json", "User-Agent": "teacherreg-wechat/1"}
            if body is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("WeChat response took too long")
                sock.settimeout(min(read_timeout, remaining))
                chunk = response.read1(8192)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    break  # a real answer is a few hundred bytes
                chunks.append(chunk)
            return response.status, b"".join(chunks)
        finally:
            conn.close()


def _errcode(data: dict) -> int:
    """WeChat's ``errcode``: 0 or absent on success; anything unreadable counts as an error."""
    value = data.get("errcode", 0)
    if isinstance(value, bool) or not isinstance(value, int):
        return -2
    return value
