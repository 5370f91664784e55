"""Back-office state that has no better home yet.

``TotpState`` is bookkeeping for the staff second factor (P22) kept in the database, not the
cache: security.md §5.2 wants the counters that matter (OTP attempts, lockout) to survive a
Redis outage, and §5.1 G5 wants caps enforced by conditional UPDATEs, never read-then-write.
It belongs with the accounts; it lives here because the accounts migrations were closed when
it was added. ``teacherreg.accounts.totp`` is its only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import User, UserKind


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
