"""Back-office state that has no better home yet, and the staff invitations (P22).

``TotpState`` is bookkeeping for the staff second factor (P22) kept in the database, not the
cache: security.md §5.2 wants the counters that matter (OTP attempts, lockout) to survive a
Redis outage, and §5.1 G5 wants caps enforced by conditional UPDATEs, never read-then-write.
It belongs with the accounts; it lives here because the accounts migrations were closed when
it was added. ``teacherreg.accounts.totp`` is its only writer.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffRole, User, UserKind
from teacherreg.common.fields import EncryptedTextField


class TotpState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        primary_key=True,
        related_name="totp_state",
        verbose_name=_("用户"),
    )
    # The highest TOTP time step (Unix time // 30) ever accepted for this user. A code is
    # accepted only for a later step, so each code works once (RFC 6238 §5.2).
    last_used_step = models.BigIntegerField(_("最近使用的时间步"), null=True, blank=True)
    # Wrong codes since the last accepted one or the last lock; at the cap the user is locked.
    failed_attempts = models.PositiveSmallIntegerField(_("连续错误次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("动态口令状态")
        verbose_name_plural = _("动态口令状态")

    def __str__(self) -> str:
        return str(self.user_id)


class StaffSecondFactorQuerySet(models.QuerySet["StaffSecondFactor"]):
    def staff(self) -> StaffSecondFactorQuerySet:
        return self.filter(models.Q(kind=UserKind.STAFF) | models.Q(is_staff=True))


class StaffSecondFactor(User):
    """Staff accounts seen from the security administrator's side: who has a bound
    authenticator, who is locked out, and the reset action (admin only, no new table)."""

    objects = StaffSecondFactorQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("工作人员动态口令")
        verbose_name_plural = _("工作人员动态口令")


class StaffInvitation(models.Model):
    """An invitation to open a staff account (P22): one person, one organisation, one role.

    The link carries a random token; only its SHA-256 digest is stored, so a copy of the table
    opens no account. It works once and for 72 hours. The invitee's contact details are
    encrypted like every other phone and e-mail at rest; they become the new account's.
    ``teacherreg.office.staff_invitations`` is the only writer.
    """

    name = models.CharField(_("姓名"), max_length=50)
    email = EncryptedTextField(_("电子邮箱"), null=True, blank=True)
    phone = EncryptedTextField(_("手机号码"), null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    role = models.CharField(_("角色"), max_length=24, choices=StaffRole.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("邀请人"))
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_invitation",
        verbose_name=_("开通的账号"),
    )
    cancelled_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作人员邀请")
        verbose_name_plural = _("工作人员邀请")
        indexes = [models.Index(fields=["organisation", "accepted_at", "cancelled_at"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.organisation_id} #{self.pk}"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_open(self) -> bool:
        """Neither accepted nor withdrawn (it may still have expired)."""
        return self.accepted_at is None and self.cancelled_at is None


class DisabledReason(models.TextChoices):
    IDLE = "idle", _("连续 90 天未登录，系统自动停用")
    BY_STAFF = "by_staff", _("由管理员停用")


class StaffAccountState(models.Model):
    """Why a staff account is disabled, and since when it counts as active again.

    ``active_since`` restarts the 90-day idle clock of P22 when an administrator enables an
    account: without it, an account disabled for being idle would be disabled again by the
    next nightly run, because its last login is still old. Kept here rather than on the user
    for the same reason as ``TotpState``. ``teacherreg.office.staff_services`` writes it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        primary_key=True,
        related_name="staff_state",
        verbose_name=_("用户"),
    )
    disabled_reason = models.CharField(_("停用原因"), max_length=10, choices=DisabledReason.choices, blank=True)
    changed_at = models.DateTimeField(_("最近变更时间"), default=timezone.now)
    active_since = models.DateTimeField(_("重新启用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作人员账号状态")
        verbose_name_plural = _("工作人员账号状态")

    def __str__(self) -> str:
        return str(self.user_id)
