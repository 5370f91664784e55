"""Real-name verification (实名核验) and manual identity review (人工审核).

- ``IdentityRecord``: the development identity registry, standing in for the police service
  (公安) wherever no real adapter is configured. Admins import it; the demo fills it.
- ``VerificationDay``: one row per user per Asia/Shanghai day counting checks, so that "3 tries
  a day" holds under concurrency (security.md finding 10, §4.5, G5): a conditional UPDATE
  takes a try, and a CHECK constraint makes a fourth impossible whatever the code does.
- ``ManualReview``: an applicant's request with two ID-card photos, decided by staff within
  7 working days (manual §2.1 items 4–5, P10).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.documents.storage import private_storage, uuid_name

# Manual §2.1 item 2: three checks a day. The CHECK constraint below repeats the number.
TRIES_PER_DAY = 3
# Manual §2.1 item 5: a conclusion within 7 working days (P10).
REVIEW_WORKING_DAYS = 7


class IdentityRecord(models.Model):
    """One person as the development registry knows them: a document number and a name."""

    document_number = EncryptedTextField(_("证件号码"))
    document_number_index = BlindIndexField(source="document_number", normaliser="document_number", unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    # False for a document the registry knows but no longer accepts (cancelled, replaced):
    # a check against it finds no valid record.
    is_valid = models.BooleanField(_("有效"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("身份信息（开发用核验库）")
        verbose_name_plural = _("身份信息（开发用核验库）")

    def __str__(self) -> str:
        return f"#{self.pk}"


class VerificationDay(models.Model):
    """How many checks ``user`` has used on ``day`` (an Asia/Shanghai date)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("用户"))
    day = models.DateField(_("日期"))
    tries = models.PositiveSmallIntegerField(_("已用次数"), default=0)

    class Meta:
        verbose_name = _("实名核验次数")
        verbose_name_plural = _("实名核验次数")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="identity_verificationday_unique"),
            models.CheckConstraint(
                condition=Q(tries__gte=0, tries__lte=TRIES_PER_DAY), name="identity_verificationday_tries_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} {self.tries}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("审核中")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核不通过")


def _front_name(instance: ManualReview, filename: str) -> str:
    return uuid_name("identity-reviews")


def _back_name(instance: ManualReview, filename: str) -> str:
    return uuid_name("identity-reviews")


class ManualReviewQuerySet(models.QuerySet["ManualReview"]):
    def pending(self) -> ManualReviewQuerySet:
        return self.filter(status=ReviewStatus.PENDING)


class ManualReview(models.Model):
    """人工审核. The photos are sensitive personal information (security.md finding 12): kept
    in private storage, shown only through an audited admin view, deleted a set number of
    days after the decision (``purge_decided_review_photos``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="identity_reviews", verbose_name=_("申请人")
    )
    submitted_name = models.CharField(_("申请核验的姓名"), max_length=50)
    document_type = models.CharField(_("证件类型"), max_length=24, choices=DocumentType.choices)
    front_photo = models.FileField(
        _("证件正面照片"), storage=private_storage, upload_to=_front_name, max_length=200, blank=True
    )
    back_photo = models.FileField(
        _("证件反面照片"), storage=private_storage, upload_to=_back_name, max_length=200, blank=True
    )
    # The separate consent for sensitive personal information (PIPL Art. 29).
    consent_version = models.CharField(_("同意的说明版本"), max_length=20)
    consented_at = models.DateTimeField(_("同意时间"))

    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    reason = models.TextField(_("不通过原因"), blank=True)
    note = models.TextField(_("审核备注"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    due_by = models.DateField(_("应办结日期"))
    # Which province's administrators review it: the first two digits of an identity-card
    # style number (staff see only their region); blank for other documents, which only the
    # national level sees.
    province_code = models.CharField(_("证件所属省份代码"), max_length=2, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    photos_purged_at = models.DateTimeField(_("照片删除时间"), null=True, blank=True)

    objects = ManualReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("人工审核")
        verbose_name_plural = _("人工审核")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # One pending review per person, held by the database (manual §2.1 item 5).
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="identity_manualreview_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | Q(status__in=["approved", "rejected"], decided_at__isnull=False),
                name="identity_manualreview_decided_has_time",
            ),
            models.CheckConstraint(condition=~Q(status="rejected", reason=""), name="identity_manualreview_reason"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    def overdue_working_days(self, today: datetime.date | None = None) -> int:
        """Working days past ``due_by`` while still pending (0 when on time or decided)."""
        from teacherreg.common.dates import today as shanghai_today
        from teacherreg.reference.services import working_days_between

        if not self.is_pending:
            return 0
        return working_days_between(self.due_by, today or shanghai_today())
