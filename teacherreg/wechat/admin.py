"""WeChat bindings and scenes in the admin, read only: the openid never shows, only the first
digits of its HMAC. Bindings change through the applicant's own pages, which audit them."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teacherreg.common.admin_queues import ReadOnlyAdminMixin
from teacherreg.wechat.models import WechatBinding, WechatScene


@admin.register(WechatBinding)
class WechatBindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "user", "openid_ref", "bound_at")
    fields = ("user", "openid_ref", "bound_at")
    readonly_fields = fields
    list_select_related = ("user",)
    date_hierarchy = "bound_at"

    @admin.display(description=_("openid 索引"))
    def openid_ref(self, obj: WechatBinding) -> str:
        return obj.openid_hash[:12] + "…"


@admin.register(WechatScene)
class WechatSceneAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("public_id", "purpose", "user", "created_at", "scene_state", "refusal")
    list_filter = ("purpose", "refusal")
    fields = (
        "public_id",
        "purpose",
        "user",
        "created_at",
        "expires_at",
        "confirmed_at",
        "refused_at",
        "refusal",
        "used_at",
        "scene_state",
    )
    readonly_fields = fields
    list_select_related = ("user",)

    @admin.display(description=_("状态"))
    def scene_state(self, obj: WechatScene) -> str:
        from teacherreg.wechat.models import SceneState

        return SceneState(obj.state()).label
