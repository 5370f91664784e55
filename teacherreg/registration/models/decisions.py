"""Decisions, messages and consent records (style.md lesson 4: decisions are records)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DecisionLevel(models.TextChoices):
    CONFIRMATION = "confirmation", _("现场确认")
    COUNTY = "county", _("初审")
    CITY = "city", _("复核")
    PROVINCE = "province", _("终审")


class DecisionOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("确认通过")
    RETURNED = "returned", _("退回修改")
    PASSED = "passed", _("审核通过")
    SENT_BACK = "sent_back", _("退回")
    QUALIFIED = "qualified", _("注册合格")
    DEFERRED = "deferred", _("暂缓注册")
    UNQUALIFIED = "unqualified", _("注册不合格")
    REVOKED = "revoked", _("撤销注册")
    UNDONE = "undone", _("撤销结论")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def in_force(self) -> DecisionQuerySet:
        """Decisions that no later decision has undone."""
        return self.filter(undone_by__isnull=True).exclude(outcome=DecisionOutcome.UNDONE)


class Decision(models.Model):
    """One step of the review chain. An undo is a new row that points at what it undoes."""

    application = models.ForeignKey(
        "registration.Application", models.CASCADE, related_name="decisions", verbose_name=_("申请")
    )
    level = models.CharField(_("环节"), max_length=12, choices=DecisionLevel.choices)
    outcome = models.CharField(_("结论"), max_length=12, choices=DecisionOutcome.choices)
    reasons = models.JSONField(_("理由代码"), default=list, blank=True)
    note = models.TextField(_("意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("决定人")
    )
    decided_by_organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"))
    undone_by = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="undoes", verbose_name=_("被撤销于")
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("审核决定")
        verbose_name_plural = _("审核决定")
        ordering = ["application", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_outcome_display()}"


class MessageKind(models.TextChoices):
    NOTE = "note", _("留言")
    # Manual §3.2.3: once confirmed, only the agency can put a case back to 网报待确认; the
    # applicant asks for it with a reason. The office issue acts on these.
    EDIT_REQUEST = "edit_request", _("申请退回修改")


class Message(models.Model):
    """留言: a thread on one application between the applicant and the staff handling it."""

    application = models.ForeignKey(
        "registration.Application", models.CASCADE, related_name="messages", verbose_name=_("申请")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    author_organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_applicant = models.BooleanField(_("申请人发出"), default=False)
    body = models.TextField(_("留言内容"), max_length=2000)
    created_at = models.DateTimeField(_("留言时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=MessageKind.choices, default=MessageKind.NOTE)
    # An applicant's message goes to whoever handles the case at that moment (the point while
    # 网报待确认, the agency afterwards), so the office can route it without re-deriving that.
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收机构"),
    )
    # For an edit request: the application version it asks about. One request per version,
    # so a double click or a retried request cannot file two (registration.services.edit_requests).
    application_version = models.PositiveIntegerField(_("申请版本"), null=True, blank=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["application", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "application_version"],
                condition=Q(kind="edit_request"),
                name="message_one_edit_request_per_version",
            ),
        ]
        indexes = [models.Index(fields=["application", "from_applicant", "read_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S}"


class ConsentDocument(models.TextChoices):
    AGREEMENT = "agreement", _("网上申报协议")
    PLEDGE = "pledge", _("个人承诺书")
    PRIVACY = "privacy", _("个人信息处理规则")


class ConsentRecord(models.Model):
    """Which version of which text the applicant accepted, and when (PIPL Art. 14)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="consents")
    document = models.CharField(_("文本"), max_length=12, choices=ConsentDocument.choices)
    version = models.CharField(_("版本"), max_length=20)
    accepted_at = models.DateTimeField(_("同意时间"))
    application = models.ForeignKey(
        "registration.Application", models.SET_NULL, null=True, blank=True, related_name="consents"
    )

    class Meta:
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")
        ordering = ["user", "accepted_at"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} v{self.version}"
