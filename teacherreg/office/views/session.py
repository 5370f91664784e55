"""Endpoints of the session-timeout dialog (``partials/session_timeout.html``), for staff and
applicants alike. Both answer JSON to the script; neither needs the second factor."""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.session_policy import mark_active, passive, redirect_away, remaining, wants_json
from teacherreg.office.views.second_factor import safe_next


def _state(request: HttpRequest) -> dict:
    left = remaining(request)
    idle = max(math.floor(left.idle), 0)
    absolute = max(math.floor(left.absolute), 0)
    expires = timezone.localtime() + datetime.timedelta(seconds=min(idle, absolute))
    return {"idle_remaining": idle, "absolute_remaining": absolute, "expires_at": expires.isoformat()}


def _signed_out(request: HttpRequest) -> HttpResponse:
    # Signed out meanwhile (another tab, the session row gone): nothing to extend.
    return redirect_away(request, resolve_url(settings.LOGIN_URL), expired=True)


@never_cache
@require_POST
def extend(request: HttpRequest) -> HttpResponse:
    """“继续使用”: the idle limit starts again now (the session policy moves its stamp at most
    once a minute on ordinary requests; this one is the user saying they are here); the
    absolute limit does not move. CSRF-protected like every POST."""
    if not request.user.is_authenticated:
        return _signed_out(request)
    mark_active(request)
    if wants_json(request):
        return JsonResponse(_state(request))
    return redirect(safe_next(request))


@never_cache
@require_GET
@passive
def status(request: HttpRequest) -> HttpResponse:
    """Time left, without counting as activity: the dialog asks before warning, because the
    user may have been busy in another tab."""
    if not request.user.is_authenticated:
        return _signed_out(request)
    return JsonResponse(_state(request))
