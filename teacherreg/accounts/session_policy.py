"""Session timeouts (security.md §1.4, P22): idle and absolute limits per kind of account.

| account | idle | absolute |
|---|---|---|
| staff (and anyone who can open /admin/) | 15 min | 8 h |
| applicant | 30 min | 12 h |

Settings, with those defaults: ``TEACHERREG_STAFF_IDLE_SECONDS``,
``TEACHERREG_STAFF_ABSOLUTE_SECONDS``, ``TEACHERREG_APPLICANT_IDLE_SECONDS``,
``TEACHERREG_APPLICANT_ABSOLUTE_SECONDS``.

The browser is warned ``TEACHERREG_SESSION_WARNING_SECONDS`` (120) before the idle limit
(WCAG 2.2.1; ``partials/session_timeout.html``).

The server decides, never the cookie: the session stores when the sign-in happened
(``user_logged_in``) and when the last request came; the middleware compares both with the
limits on every request of a signed-in user and, past either one, logs out and sends the user
to their login page with "登录已超时，请重新登录。". The session store must therefore keep
the row longer than any limit here (``SESSION_COOKIE_AGE`` ≥ the longest absolute limit),
or the row vanishes first and the user is silently anonymous. With
``SESSION_SAVE_EVERY_REQUEST`` the row's own expiry only moves forward; that is harmless,
the middleware has already refused it.

A view marked ``@passive`` (the timeout dialog's status poll) is checked but does not count
as activity.

The activity stamp moves only when it is at least ``ACTIVITY_RESOLUTION`` seconds old (or a
tenth of a shorter idle limit; “继续使用” always moves it), and the session is saved only when
something in it changed (no ``SESSION_SAVE_EVERY_REQUEST``): a signed-in page then reads its
session row without writing it back on almost every request (issue 7). The price is that the
idle limit may count from up to a minute before the last request; the warning dialog reads the
same stamp, so what it shows stays true.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from teacherreg.audit import services as audit

# Seconds: how stale the activity stamp may get before a request writes it again.
ACTIVITY_RESOLUTION = 60
AUTH_STARTED_AT = "_auth_started_at"
LAST_ACTIVITY_AT = "_last_activity_at"

DEFAULTS = {
    "TEACHERREG_STAFF_IDLE_SECONDS": 15 * 60,
    "TEACHERREG_STAFF_ABSOLUTE_SECONDS": 8 * 60 * 60,
    "TEACHERREG_APPLICANT_IDLE_SECONDS": 30 * 60,
    "TEACHERREG_APPLICANT_ABSOLUTE_SECONDS": 12 * 60 * 60,
    "TEACHERREG_SESSION_WARNING_SECONDS": 120,
}


@dataclass(frozen=True)
class SessionPolicy:
    idle_seconds: int
    absolute_seconds: int
    warning_seconds: int


def _setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def is_staff_account(user: Any) -> bool:
    """Staff rules apply to staff accounts and to any account that can open the admin."""
    return bool(getattr(user, "kind", None) == "staff" or user.is_staff or user.is_superuser)


def policy_for(user: Any) -> SessionPolicy:
    prefix = "TEACHERREG_STAFF" if is_staff_account(user) else "TEACHERREG_APPLICANT"
    return SessionPolicy(
        idle_seconds=_setting(f"{prefix}_IDLE_SECONDS"),
        absolute_seconds=_setting(f"{prefix}_ABSOLUTE_SECONDS"),
        warning_seconds=_setting("TEACHERREG_SESSION_WARNING_SECONDS"),
    )


@dataclass(frozen=True)
class Remaining:
    """Seconds (fractional) before each limit; zero or less means passed."""

    idle: float
    absolute: float

    @property
    def expired(self) -> str:
        """ "absolute", "idle" or "" (absolute wins: extending cannot help with it)."""
        if self.absolute <= 0:
            return "absolute"
        if self.idle <= 0:
            return "idle"
        return ""


def remaining(request: HttpRequest, *, now: float | None = None) -> Remaining:
    """Seconds left before each limit for the signed-in user of ``request``."""
    now = time.time() if now is None else now
    policy = policy_for(request.user)
    started = request.session.get(AUTH_STARTED_AT, now)
    last = request.session.get(LAST_ACTIVITY_AT, now)
    return Remaining(idle=last + policy.idle_seconds - now, absolute=started + policy.absolute_seconds - now)


def login_url_for(user: Any) -> str:
    """Staff sign in at the admin login; applicants at ``accounts:login`` (once it exists)."""
    if not is_staff_account(user):
        try:
            return reverse("accounts:login")
        except NoReverseMatch:
            pass
    else:
        try:
            return reverse("admin:login")
        except NoReverseMatch:
            pass
    return resolve_url(settings.LOGIN_URL)


def _resolution(request: HttpRequest) -> float:
    """How stale the stamp may get: a minute, or a tenth of a (short, configured) idle limit."""
    return min(ACTIVITY_RESOLUTION, policy_for(request.user).idle_seconds / 10)


def mark_active(request: HttpRequest) -> None:
    """The user acted just now: the idle limit counts from this moment."""
    request.session[LAST_ACTIVITY_AT] = time.time()


def passive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose requests must not count as the user being active."""
    view.session_passive = True  # type: ignore[attr-defined]
    return view


@receiver(user_logged_in, dispatch_uid="teacherreg.accounts.session_policy.stamp_login")
def stamp_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """The absolute limit counts from here; re-authenticating starts it again."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[AUTH_STARTED_AT] = now
    request.session[LAST_ACTIVITY_AT] = now


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect_away(request: HttpRequest, url: str, *, status: int = 401, **payload: Any) -> HttpResponse:
    """Send the browser to ``url`` in the way the request can follow: a JSON answer for the
    timeout script, ``HX-Redirect`` for htmx, a plain redirect otherwise."""
    if wants_json(request):
        return JsonResponse({"redirect": url, **payload}, status=status)
    if is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionPolicyMiddleware:
    """Place after ``AuthenticationMiddleware`` and ``MessageMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = time.time()
        session = request.session
        # A session from before this policy existed has no stamps: it starts counting now.
        session.setdefault(AUTH_STARTED_AT, now)
        session.setdefault(LAST_ACTIVITY_AT, now)
        reason = remaining(request, now=now).expired
        if reason:
            return self._expire(request, reason)
        if not getattr(view_func, "session_passive", False) and now - session[LAST_ACTIVITY_AT] >= _resolution(request):
            session[LAST_ACTIVITY_AT] = now
        return None

    def _expire(self, request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        login_url = login_url_for(user)
        audit.record(
            "auth.session_timeout",
            user,
            actor=user,
            data={"limit": reason, "account": "staff" if is_staff_account(user) else "applicant"},
            ip=request.META.get("REMOTE_ADDR"),
        )
        logout(request)
        messages.warning(request, _("登录已超时，请重新登录。"))
        if request.method == "GET" and not wants_json(request) and not is_htmx(request):
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect_away(request, login_url, expired=True)
