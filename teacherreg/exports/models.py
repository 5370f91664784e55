"""An export the worker builds for one staff member (P23; issue 6 item 7).

The job row is the whole story of an export: who asked, what they could see when they asked
(the scope snapshot), which filters they chose, how far the worker got, and where the file
lies in private storage until it expires. The file itself never has a URL: the owner downloads
it through an authorising view.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.documents.storage import private_storage

# Jobs and their files are kept a week (security.md §2.3: keep personal data no longer than
# the purpose needs; a week covers "download it on Monday, open it on Friday").
KEEP_FOR = datetime.timedelta(days=7)
FOLDER = "exports"


class ExportKind(models.TextChoices):
    APPLICATIONS = "applications", _("定期注册申请（Excel）")
    STICKERS = "stickers", _("注册结论贴（PDF）")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


def _expiry() -> datetime.datetime:
    return timezone.now() + KEEP_FOR


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def of(self, user: object) -> ExportJobQuerySet:
        """The owner's jobs that have not expired, newest first."""
        return self.filter(owner=user, expires_at__gt=timezone.now()).order_by("-created_at", "-pk")

    def expired(self) -> ExportJobQuerySet:
        return self.filter(expires_at__lte=timezone.now())


class ExportJob(models.Model):
    # In URLs instead of the sequential key: nothing to count or guess (the owner check
    # still decides; this only keeps the numbers of other people's exports out of sight).
    public_id = models.UUIDField(_("导出编号"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="export_jobs", verbose_name=_("导出人")
    )
    kind = models.CharField(_("导出内容"), max_length=16, choices=ExportKind.choices)
    # P23: unmasked ID numbers and phones; province administrators only, with a reason.
    full = models.BooleanField(_("完整导出（不打码）"), default=False)
    reason = models.CharField(_("导出原因"), max_length=200, blank=True)
    # {"roles": [...], "organisation_ids": [...], "every_case": bool}: what the owner could read
    # when they asked. The worker reads through the owner's scope *at build time* and narrows it
    # to this snapshot, so a role revoked in between shrinks the file and a role granted in
    # between does not widen it.
    scope = models.JSONField(_("数据范围"), default=dict)
    # Primitive values only (ids, codes, a year): see exports.filters.
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("已处理"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=FOLDER, max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), default=_expiry, db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, self.progress_done * 100 // self.progress_total)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
