"""微信验证重置密码 (manual §1.2.2 (c)): step 2 of the reset flow chose WeChat.

The account comes from the reset flow's own state (``teacherreg.applicant.views.reset``), which
step 1 filled after the captcha. The page shows a QR code of a reset scene; when the account's
bound WeChat has scanned it, the same browser — and no other — sets the new password through
the same ``SetPasswordForm`` as the e-mail and SMS paths (security.md §1.2).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts.models import User
from teacherreg.applicant.forms.auth import SetPasswordForm
from teacherreg.applicant.views.reset import FLOW, FLOW_AGE
from teacherreg.common import session_flow as flow
from teacherreg.wechat import conf, services
from teacherreg.wechat.messages import message_for
from teacherreg.wechat.models import ScenePurpose, SceneState
from teacherreg.wechat.providers import WechatUnavailable
from teacherreg.wechat.views.common import BROWSER_KEY, browser_key, live_scene, scene_context


def flow_state(request: HttpRequest) -> dict | None:
    return flow.get(request, FLOW, max_age=FLOW_AGE)


def _bound_user(state: dict) -> User | None:
    user = User.objects.filter(pk=state.get("user_id")).first() if state.get("user_id") else None
    return user if user is not None and services.is_bound(user) else None


@never_cache
def reset(request: HttpRequest) -> HttpResponse:
    state = flow_state(request)
    if state is None:
        return redirect("accounts:reset")
    user = _bound_user(state)
    if user is None:
        return redirect("accounts:reset_method")
    if not conf.available():
        messages.error(request, message_for("wechat_not_available"))
        return redirect("accounts:reset_method")
    scene = live_scene(request, state.get("wechat_scene"), ScenePurpose.RESET, user.pk)
    if scene is None:
        try:
            scene = services.start_scene(
                user, ScenePurpose.RESET, browser_key=browser_key(request), ip=flow.client_ip(request)
            )
        except services.WechatError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:reset_method")
        except WechatUnavailable:
            messages.error(request, message_for("wechat_unavailable"))
            return redirect("accounts:reset_method")
        flow.update(request, FLOW, max_age=FLOW_AGE, wechat_scene=str(scene.public_id))
    return render(request, "wechat/reset.html", scene_context(scene))


@never_cache
@sensitive_post_parameters("password1", "password2")
def reset_password(request: HttpRequest) -> HttpResponse:
    state = flow_state(request)
    if state is None:
        return redirect("accounts:reset")
    scene = services.scene_for_browser(state.get("wechat_scene"), request.session.get(BROWSER_KEY))
    if scene is None or scene.purpose != ScenePurpose.RESET or scene.user_id != state.get("user_id"):
        return redirect("accounts:reset_method")
    current = scene.state()
    if current != SceneState.CONFIRMED:
        if current == SceneState.PENDING:
            return redirect("wechat:reset")
        messages.error(
            request, message_for("wechat_scene_used" if current == SceneState.USED else "wechat_scene_invalid")
        )
        return redirect("accounts:reset_method")
    form = SetPasswordForm(request.POST or None, user=scene.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(scene, form.cleaned_data["password1"], ip=flow.client_ip(request))
        except services.WechatError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:reset_method")
        flow.drop(request, FLOW)
        messages.success(request, _("密码已重置，请用新密码登录。"))
        return redirect("accounts:login")
    return render(request, "wechat/reset_password.html", {"form": form})
