"""The append-only audit log (style.md lesson 7, security.md §1.9).

Rows are written, never changed: ``save`` refuses updates, ``delete`` is refused, and the
migration adds a database trigger that rejects UPDATE and DELETE from any client.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditResult(models.TextChoices):
    OK = "ok", _("成功")
    DENIED = "denied", _("拒绝")
    FAILED = "failed", _("失败")


class AppendOnlyError(Exception):
    """Someone tried to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_object(self, object_type: str, object_ref: str | int) -> AuditEventQuerySet:
        return self.filter(object_type=object_type, object_ref=str(object_ref)).order_by("occurred_at", "pk")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # The log outlives the accounts it names: no constraint, and deleting a user leaves
        # its id here untouched (an UPDATE would be refused anyway).
        models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("操作人"),
    )
    actor_role = models.CharField(_("角色"), max_length=32, blank=True)
    actor_organisation_id = models.BigIntegerField(_("所属机构"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_ref = models.CharField(_("对象标识"), max_length=64)
    result = models.CharField(_("结果"), max_length=8, choices=AuditResult.choices, default=AuditResult.OK)
    # Old/new values and reasons. Never personal data in clear: callers pass primary keys
    # and masked values only.
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求标识"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_ref", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}#{self.object_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")
