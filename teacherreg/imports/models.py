"""Import batches and where imported rows came from (issue 6 item 6).

``ImportBatch`` is one uploaded file of one kind: who uploaded it for which organisation, the
file's hash, the counts of the last run and the row-by-row problems (values already masked).
The file itself stays in private storage, encrypted, until ``retain_until`` (see
``services.RETENTION_DAYS``); after that only the record and the counts remain.

``ImportedRow`` remembers which province's import last wrote a teacher record. It is the scope
rule for updates: a province administrator's import may change only rows that an import of the
same province wrote (``importers.base.ProvinceImporter``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.documents.storage import private_storage, uuid_name

FILE_FOLDER = "imports"


def _file_name(instance: models.Model, filename: str) -> str:
    # Never the uploaded name (security.md §1.7): the server chooses it. ".bin": it is ciphertext.
    return uuid_name(FILE_FOLDER, "bin")


class BatchStatus(models.TextChoices):
    UNREADABLE = "unreadable", _("文件无法读取")
    HAS_PROBLEMS = "has_problems", _("有错误，未导入")
    CHECKED = "checked", _("检查通过，等待确认导入")
    COMMITTED = "committed", _("已导入")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"


class ImportBatch(models.Model):
    kind = models.CharField(_("导入类型"), max_length=32, db_index=True)
    status = models.CharField(_("状态"), max_length=14, choices=BatchStatus.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("导入机构")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("上传人"))
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("确认导入人")
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=_file_name, max_length=200, blank=True)
    # What the uploader called it, shown back to them only (never used as a path).
    file_name = models.CharField(_("文件名"), max_length=120)
    file_format = models.CharField(_("文件格式"), max_length=4, choices=FileFormat.choices)
    encoding = models.CharField(_("文字编码"), max_length=12, blank=True)
    file_hash = models.CharField(_("文件摘要（SHA-256）"), max_length=64, db_index=True)
    file_size = models.PositiveIntegerField(_("文件大小（字节）"))
    row_count = models.PositiveIntegerField(_("数据行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    problem_row_count = models.PositiveIntegerField(_("有错误的行数"), default=0)
    # [{"line": 3, "column": "年度", "value": "20x1", "message": "…"}], values masked when personal.
    problems = models.JSONField(_("错误明细"), default=list, blank=True)
    problems_truncated = models.BooleanField(_("错误明细已截断"), default=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    retain_until = models.DateField(_("文件保留至"))
    file_purged_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_committed(self) -> bool:
        return self.status == BatchStatus.COMMITTED

    @property
    def can_commit(self) -> bool:
        return self.status == BatchStatus.CHECKED and bool(self.file)


class ImportedRow(models.Model):
    """The province whose import last wrote one row of a teacher-record table."""

    model = models.CharField(_("数据表"), max_length=64)
    object_pk = models.PositiveBigIntegerField(_("记录编号"))
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("导入机构")
    )
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="+", verbose_name=_("最近写入的批次"))

    class Meta:
        verbose_name = _("导入记录来源")
        verbose_name_plural = _("导入记录来源")
        constraints = [models.UniqueConstraint(fields=["model", "object_pk"], name="imported_row_unique")]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_pk}"
