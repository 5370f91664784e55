"""HTTP endpoints: JSON for the widget, the pictures and the audio; the test-only hook and form.

Every response carries ``Cache-Control: no-store`` (``never_cache``): challenges are one-off
and belong to one session. Errors are JSON with a ``message`` the widget shows as it is.
"""

from __future__ import annotations

import json
import math
import secrets

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teacherreg.captcha import conf, services
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.captcha.messages import message
from teacherreg.captcha.services import CaptchaUnavailable, RateLimited
from teacherreg.captcha.speech import spoken_digits

PICTURES = {"background": "image/jpeg", "piece": "image/png", "digits": "image/png"}


def _failure(code: str, status: int, **params: object) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message(code, **params)}, status=status)


def _read_json(request: HttpRequest) -> dict | None:
    if len(request.body) > conf.MAX_REQUEST_BYTES:
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _choice(value: object, allowed) -> str | None:
    """``value`` if it is one of ``allowed`` (strings only: a JSON list is not hashable)."""
    return value if isinstance(value, str) and value in allowed else None


def _new_challenge(request: HttpRequest, purpose: str, kind: str, **extra: object) -> JsonResponse:
    try:
        challenge = services.create_challenge(request, purpose, kind)
    except RateLimited as exc:
        response = _failure("rate_limited", 429, minutes=max(1, math.ceil(exc.retry_after / 60)))
        response["Retry-After"] = str(exc.retry_after)
        return response
    except CaptchaUnavailable:
        return _failure("unavailable", 503)
    return JsonResponse({**extra, "challenge": challenge.public()})


@require_POST
@never_cache
def challenge(request: HttpRequest) -> JsonResponse:
    """POST {"purpose": "login", "kind": "slider" | "digits"} → {"challenge": {…}}."""
    data = _read_json(request) or {}
    purpose, kind = _choice(data.get("purpose"), conf.PURPOSES), _choice(data.get("kind", "slider"), conf.KINDS)
    if purpose is None or kind is None:
        return _failure("bad_request", 400)
    return _new_challenge(request, purpose, kind)


@require_POST
@never_cache
def verify(request: HttpRequest) -> JsonResponse:
    """POST {"id", "purpose", "kind", "x", "trail"} or {"id", "purpose", "kind", "answer"}.

    Passed → {"ok": true, "token", "expires_in", "message"}. Failed → {"ok": false, "message",
    "challenge": the next challenge of the same kind and purpose}.
    """
    data = _read_json(request)
    if data is None:
        return _failure("bad_request", 400)
    try:
        outcome = services.verify(request, data.get("id"), data)
    except CaptchaUnavailable:
        return _failure("unavailable", 503)
    if outcome.passed:
        return JsonResponse(
            {
                "ok": True,
                "token": outcome.token,
                "purpose": outcome.purpose,
                "expires_in": conf.TOKEN_TTL_SECONDS,
                "message": message("passed"),
            }
        )
    purpose = outcome.purpose or _choice(data.get("purpose"), conf.PURPOSES)
    kind = outcome.kind or _choice(data.get("kind", "slider"), conf.KINDS)
    if purpose is None or kind is None:
        return _failure("bad_request", 400)
    return _new_challenge(request, purpose, kind, ok=False, message=message(outcome.code))


@require_GET
@never_cache
def picture(request: HttpRequest, challenge_id: str, name: str) -> HttpResponse:
    try:
        body = services.challenge_file(request, challenge_id, name)
    except CaptchaUnavailable:
        return HttpResponse(status=503)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type=PICTURES[name])


@require_GET
@never_cache
def audio(request: HttpRequest, challenge_id: str) -> HttpResponse:
    try:
        digits = services.challenge_digits(request, challenge_id)
    except CaptchaUnavailable:
        return HttpResponse(status=503)
    if digits is None:
        raise Http404
    return HttpResponse(spoken_digits(secrets.SystemRandom(), digits), content_type="audio/wav")


# ---- test settings only (P24: production refuses TEACHERREG_CAPTCHA_TEST_HOOK) ----


@require_GET
@never_cache
def test_hook(request: HttpRequest, challenge_id: str) -> JsonResponse:
    """The answer of a challenge, so browser tests can solve it. 404 unless the hook is on."""
    if not conf.test_hook_enabled():
        raise Http404
    try:
        answer = services.answer_for_test_hook(challenge_id)
    except CaptchaUnavailable:
        return _failure("unavailable", 503)
    if answer is None:
        raise Http404
    return JsonResponse(answer)


class DemoForm(CaptchaFormMixin, forms.Form):
    """Nothing but the captcha: the test page's form."""


@require_http_methods(["GET", "POST"])
@never_cache
def test_form(request: HttpRequest, purpose: str) -> HttpResponse:
    """A page with the widget in a form whose POST consumes the token. 404 unless the hook is on."""
    if not conf.test_hook_enabled() or purpose not in conf.PURPOSES:
        raise Http404
    form = DemoForm(request.POST if request.method == "POST" else None, request=request, captcha_purpose=purpose)
    passed = request.method == "POST" and form.is_valid()
    return render(request, "captcha/test_form.html", {"form": form, "purpose": purpose, "passed": passed})
