"""The status of a scene, polled by the page that shows its QR code (binding and reset)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from teacherreg.accounts.session_policy import passive
from teacherreg.wechat import services
from teacherreg.wechat.messages import message_for
from teacherreg.wechat.models import ScenePurpose, SceneState, WechatScene
from teacherreg.wechat.views import reset as reset_views
from teacherreg.wechat.views.common import BROWSER_KEY


@passive  # polling every 2 s is not the user being active (session_policy)
@never_cache
@require_GET
def scene_status(request: HttpRequest, public_id) -> HttpResponse:
    """Where a scene stands, for the page that shows its code.

    With htmx (polling): 204 while it waits, so nothing on the page changes and screen readers
    stay quiet; ``HX-Redirect`` once it is confirmed; the final message with status 286 (htmx
    stops polling) when it was refused or ran out. Without JavaScript (the "我已扫码，刷新状态"
    button) the same answers as redirects.
    """
    scene = services.scene_for_browser(public_id, request.session.get(BROWSER_KEY))
    if scene is None:
        raise Http404
    if scene.purpose == ScenePurpose.BIND:
        if not request.user.is_authenticated or request.user.pk != scene.user_id:
            raise Http404
        page, done = reverse("wechat:bind"), reverse("applicant:centre")
    else:
        flow_state = reset_views.flow_state(request)
        if (
            flow_state is None
            or flow_state.get("user_id") != scene.user_id
            or flow_state.get("wechat_scene") != str(scene.public_id)
        ):
            raise Http404
        page, done = reverse("wechat:reset"), reverse("wechat:reset_password")

    htmx = request.headers.get("HX-Request") == "true"
    state = scene.state()
    if state == SceneState.PENDING:
        return HttpResponse(status=204) if htmx else redirect(page)
    if state == SceneState.CONFIRMED:
        if scene.purpose == ScenePurpose.BIND:
            messages.success(request, message_for("wechat_bound"))
        return _go(done, htmx)
    problem = _problem(scene, state)
    if not htmx:
        messages.error(request, problem)
        return redirect(page)
    return render(request, "wechat/_scene_problem.html", {"problem": problem, "retry_url": page}, status=286)


def _go(url: str, htmx: bool) -> HttpResponse:
    if not htmx:
        return redirect(url)
    response = HttpResponse(status=200)
    response["HX-Redirect"] = url
    return response


def _problem(scene: WechatScene, state: str) -> str:
    if state == SceneState.REFUSED:
        return message_for(f"wechat_{scene.refusal}")
    if state == SceneState.USED:
        return message_for("wechat_scene_used")
    return message_for("wechat_scene_expired")
