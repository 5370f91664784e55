"""``/wechat/callback/``: the URL set in the service account's 服务器配置 (plaintext mode).

Order of checks, each before any work: signature and timestamp of the query string (403), body
size (413), no DTD and well-formed XML (400), (timestamp, nonce) not seen before. Refusals go to
the log, not the audit table: the URL is public, and a flood of forged calls must not become a
flood of rows. Verified events are audited (services.record_scan, and ``wechat.event`` for the
others).
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from teacherreg.audit import services as audit
from teacherreg.common import session_flow as flow
from teacherreg.wechat import conf, events, services
from teacherreg.wechat.providers import CACHE_ERRORS

logger = logging.getLogger("teacherreg.wechat")

MAX_ECHOSTR_CHARS = 128


@csrf_exempt  # WeChat's servers carry no CSRF token: the signature is the authority
@never_cache
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest) -> HttpResponse:
    failure = events.verify(request.GET, conf.callback_token())
    if failure:
        logger.warning("WeChat callback refused: %s", failure)
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    if request.method == "GET":
        echostr = request.GET.get("echostr", "")
        if not echostr or len(echostr) > MAX_ECHOSTR_CHARS:
            return HttpResponse("bad request", status=400, content_type="text/plain")
        return HttpResponse(echostr, content_type="text/plain; charset=utf-8")

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse("bad request", status=400, content_type="text/plain")
    if length > events.MAX_BODY_BYTES:
        logger.warning("WeChat callback refused: body of %s bytes", length)
        return HttpResponse("too large", status=413, content_type="text/plain")
    try:
        event = events.parse(request.body)
    except events.BadEvent as exc:
        logger.warning("WeChat callback refused: %s", exc.reason)
        status = 413 if exc.reason == "too_large" else 400
        return HttpResponse("bad request", status=status, content_type="text/plain")

    if not _first_delivery(request):
        # A retry by WeChat or a replay: answered as WeChat expects, not handled twice.
        return _success()
    ip = flow.client_ip(request)
    if event.scene_str and event.openid:
        services.record_scan(event.scene_str, event.openid, event=event.event, ip=ip)
    elif event.msg_type == "event":
        audit.record(
            "wechat.event",
            object_type="wechat.event",
            ip=ip,
            data={
                "event": event.event[:32],
                "openid_ref": services.openid_ref(services.hash_openid(event.openid)) if event.openid else "",
            },
        )
    return _success()


def _success() -> HttpResponse:
    return HttpResponse("success", content_type="text/plain")


def _first_delivery(request: HttpRequest) -> bool:
    """True the first time this signed (timestamp, nonce) arrives. The note outlives the
    five-minute window; if the cache is down we go on, since handling a scan twice is harmless."""
    raw = "|".join(request.GET.get(name, "") for name in ("timestamp", "nonce", "signature"))
    key = "wechat:callback-nonce:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]
    try:
        return bool(cache.add(key, 1, timeout=2 * events.MAX_SKEW_SECONDS + 60))
    except CACHE_ERRORS:
        logger.warning("WeChat callback: nonce cache unavailable")
        return True
