"""WeChat service-account binding (manual §1.2.2, security.md §1.11).

An account is keyed on the scanner's ``openid``, the pseudonymous id WeChat gives one user of
one service account. The openid is personal data: stored encrypted, found through an HMAC of
itself (``openid_hash``), which also carries the "one openid ↔ one account" constraint.

A scene is the one-time ticket behind a QR code: the browser that asked for it shows the code,
WeChat reports who scanned it, and the scene records the outcome. The scene string sent to
WeChat is random and stored only as a hash; the browser holds a second secret (its own key in
the session) whose hash is on the scene, so a scene can be used only by the session that made it.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import EncryptedTextField

SCENE_SECONDS = 10 * 60  # a QR code may be scanned for 10 minutes (security.md §1.3: OOB ≤ 10 min)
CONFIRMED_SECONDS = 10 * 60  # after the scan, 10 minutes to set the new password


class WechatBinding(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="wechat_binding", verbose_name=_("账号")
    )
    openid = EncryptedTextField(_("openid"))
    openid_hash = models.CharField(_("openid 索引"), max_length=64, unique=True, editable=False)
    bound_at = models.DateTimeField(_("绑定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("微信绑定")
        verbose_name_plural = _("微信绑定")

    def __str__(self) -> str:
        return f"{self.user_id} ↔ {self.openid_hash[:12]}"


class ScenePurpose(models.TextChoices):
    BIND = "bind", _("绑定微信")
    RESET = "reset", _("微信验证重置密码")


class SceneRefusal(models.TextChoices):
    """Why a scan did not confirm a scene; shown to the browser that made it."""

    OPENID_TAKEN = "openid_taken", _("该微信号已绑定其他账号")
    ACCOUNT_BOUND = "account_bound", _("账号已绑定微信")
    OPENID_MISMATCH = "openid_mismatch", _("扫码的微信号不是账号绑定的微信号")


class SceneState(models.TextChoices):
    PENDING = "pending", _("等待扫码")
    CONFIRMED = "confirmed", _("已确认")
    REFUSED = "refused", _("未通过")
    EXPIRED = "expired", _("已过期")
    USED = "used", _("已使用")


def _scene_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=SCENE_SECONDS)


class WechatScene(models.Model):
    # In URLs (the status fragment): random, and useless without the session's browser key.
    public_id = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    scene_hash = models.CharField(_("场景值摘要"), max_length=64, unique=True, editable=False)
    # What the QR code encodes (the development phone URL, or WeChat's own short URL), kept so
    # the page can show the same code again; encrypted, as it is as good as the scene string.
    qr_content = EncryptedTextField(_("二维码内容"))
    browser_hash = models.CharField(_("浏览器会话摘要"), max_length=64, editable=False)
    purpose = models.CharField(_("用途"), max_length=8, choices=ScenePurpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="wechat_scenes", verbose_name=_("账号")
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("扫码截止时间"), default=_scene_expiry)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    refused_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    refusal = models.CharField(_("拒绝原因"), max_length=16, choices=SceneRefusal.choices, blank=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    openid_hash = models.CharField(_("扫码人 openid 索引"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("微信扫码场景")
        verbose_name_plural = _("微信扫码场景")
        indexes = [models.Index(fields=["user", "purpose", "browser_hash"], name="wechat_scene_owner")]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(confirmed_at__isnull=False) & models.Q(refused_at__isnull=False)),
                name="wechat_scene_confirmed_xor_refused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.public_id}"

    def state(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.used_at:
            return SceneState.USED
        if self.refused_at:
            return SceneState.REFUSED
        if self.confirmed_at:
            if now > self.confirmed_at + datetime.timedelta(seconds=CONFIRMED_SECONDS):
                return SceneState.EXPIRED
            return SceneState.CONFIRMED
        if now >= self.expires_at:
            return SceneState.EXPIRED
        return SceneState.PENDING
