"""微信绑定 from the personal centre (security.md §1.11: only from a signed-in session that has
re-entered its password within 20 minutes), and unbinding."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from teacherreg.applicant.views.centre import applicant_required, reauth_required
from teacherreg.common import session_flow as flow
from teacherreg.wechat import conf, services
from teacherreg.wechat.messages import message_for
from teacherreg.wechat.models import ScenePurpose
from teacherreg.wechat.providers import WechatUnavailable
from teacherreg.wechat.views.common import browser_key, live_scene, scene_context

BIND_SCENE = "wechat_bind_scene"  # session: the id of the scene this browser shows


@applicant_required
@reauth_required
def bind(request: HttpRequest) -> HttpResponse:
    binding = services.binding_of(request.user)
    if binding is not None:
        return render(request, "wechat/bind.html", {"binding": binding})
    if not conf.available():
        return render(request, "wechat/bind.html", {"problem": message_for("wechat_not_available")})
    scene = live_scene(request, request.session.get(BIND_SCENE), ScenePurpose.BIND, request.user.pk)
    if scene is None:
        try:
            scene = services.start_scene(
                request.user, ScenePurpose.BIND, browser_key=browser_key(request), ip=flow.client_ip(request)
            )
        except services.WechatError as exc:
            return render(request, "wechat/bind.html", {"problem": exc.message}, status=429)
        except WechatUnavailable:
            return render(request, "wechat/bind.html", {"problem": message_for("wechat_unavailable")}, status=503)
        request.session[BIND_SCENE] = str(scene.public_id)
    return render(request, "wechat/bind.html", scene_context(scene))


@require_POST
@applicant_required
@reauth_required
def unbind(request: HttpRequest) -> HttpResponse:
    try:
        services.unbind(request.user, ip=flow.client_ip(request))
    except services.WechatError as exc:
        messages.error(request, exc.message)
    else:
        request.session.pop(BIND_SCENE, None)
        messages.success(request, message_for("wechat_unbound"))
    return redirect("applicant:centre")
