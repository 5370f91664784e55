"""The outbox (docs/adr/0003-task-queue.md, security.md G6) and the SMS verification codes (P12).

Nothing here holds a phone number or e-mail address in clear: recipients are encrypted
with a blind index beside them, codes are stored as a keyed hash, and the rate-limit
tables are keyed on the phone's blind index only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.common.masking import mask

# Replaces a secret parameter (a code, a link with a token) once the message is final, so
# that a dump of the outbox never holds a live credential.
SCRUBBED = "******"


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    GIVING_UP = "giving_up", _("已放弃")


FINAL_STATUSES = frozenset({MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.GIVING_UP})


class OutboxMessage(models.Model):
    """One SMS or e-mail to deliver, written in the transaction of the change that causes it.

    ``params`` holds only what the template needs (a code, a masked name, a link); secret
    values are scrubbed once the message is final. ``next_attempt_at`` and ``locked_until``
    let the sweep find messages whose task was lost (see ``delivery``).
    """

    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    phone = EncryptedTextField(_("手机号码"), null=True, blank=True)
    phone_index = BlindIndexField(source="phone", normaliser="phone", null=True, db_index=True)
    email = EncryptedTextField(_("电子邮箱"), null=True, blank=True)
    email_index = BlindIndexField(source="email", normaliser="email", null=True, db_index=True)
    template = models.CharField(_("模板"), max_length=64)
    language = models.CharField(_("语言"), max_length=10)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # HMAC of the caller's dedupe key (keys.dedupe_hash): callers' keys may embed hashes of
    # contact details, which must not reach the table in a guessable form.
    dedupe_key = models.CharField(_("去重键摘要"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用户"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=MessageStatus.choices, default=MessageStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    # An error code from the provider or our mapping ("timeout", "isv.MOBILE_NUMBER_ILLEGAL"),
    # never the provider's text, which may echo the recipient.
    last_error = models.CharField(_("最近错误"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), default=timezone.now)
    locked_until = models.DateTimeField(_("发送锁定至"), null=True, blank=True)
    # A message past this time is not worth sending any more (an SMS code that has expired).
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_message_id = models.CharField(_("服务商消息编号"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notify_outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="sms", phone_index__isnull=False, email__isnull=True)
                | Q(channel="email", email_index__isnull=False, phone__isnull=True),
                name="notify_outbox_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.template} #{self.pk}"

    @property
    def recipient(self) -> str:
        return (self.phone if self.channel == Channel.SMS else self.email) or ""

    @property
    def recipient_masked(self) -> str:
        return mask("phone" if self.channel == Channel.SMS else "email", self.recipient)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class DeliveryAttempt(models.Model):
    """One try at handing a message to the SMS gateway or the mail server."""

    message = models.ForeignKey(OutboxMessage, models.CASCADE, related_name="delivery_attempts", verbose_name=_("消息"))
    number = models.PositiveSmallIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ok = models.BooleanField(_("成功"), default=False)
    retryable = models.BooleanField(_("可重试"), default=False)
    error_code = models.CharField(_("错误代码"), max_length=100, blank=True)
    provider_message_id = models.CharField(_("服务商消息编号"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("发送尝试")
        verbose_name_plural = _("发送尝试")
        ordering = ["message", "number"]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="notify_attempt_unique")]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.number}"


class CodePurpose(models.TextChoices):
    SIGN_UP = "sign_up", _("账号注册")
    RESET = "reset", _("找回密码")
    PHONE_CHANGE = "phone_change", _("更换手机号码")
    CERTIFICATE_QUERY = "certificate_query", _("证书查询")
    LOGIN = "login", _("登录验证")


class VoidReason(models.TextChoices):
    REPLACED = "replaced", _("已重新获取")
    ATTEMPTS = "attempts", _("输错次数过多")


class VerificationCode(models.Model):
    """An SMS code (P12). The code itself is never stored: only HMAC(phone index, purpose,
    code) under a key derived for this use. The phone is kept as its blind index only; the
    encrypted number lives on the outbox message that delivers the code."""

    phone_index = models.CharField(_("手机号码索引"), max_length=64)
    purpose = models.CharField(_("用途"), max_length=24, choices=CodePurpose.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    session_hash = models.CharField(_("会话摘要"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("用户")
    )
    message = models.ForeignKey(
        OutboxMessage, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("短信")
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("已验证次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=12, choices=VoidReason.choices, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [
            models.Index(fields=["phone_index", "purpose", "created_at"], name="notify_code_phone_purpose"),
            models.Index(fields=["phone_index", "created_at"], name="notify_code_phone"),
            models.Index(fields=["session_hash", "created_at"], name="notify_code_session"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class CodeIssueLock(models.Model):
    """A row to lock (``SELECT … FOR UPDATE``) while counting one phone's or one session's
    codes: two requests for the same phone cannot both see "4 this hour" and both send."""

    key = models.CharField(max_length=80, unique=True)
    touched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("验证码发送锁")
        verbose_name_plural = _("验证码发送锁")

    def __str__(self) -> str:
        return self.key


class SmsDailyBudget(models.Model):
    """The service-wide count of codes sent per Asia/Shanghai day (security.md §1.3), raised
    by a conditional UPDATE so that parallel requests cannot pass the budget."""

    day = models.DateField(_("日期"), unique=True)
    sent = models.PositiveIntegerField(_("已发送"), default=0)
    refused = models.PositiveIntegerField(_("已拒绝"), default=0)

    class Meta:
        verbose_name = _("短信每日额度")
        verbose_name_plural = _("短信每日额度")

    def __str__(self) -> str:
        return f"{self.day}: {self.sent}"
