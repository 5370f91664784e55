"""邮件咨询 as support tickets (manual §4; issue 8 item 2).

The manual asks people to e-mail "真实姓名 + 问题关键词" with the document number, a phone and
screenshots. Here the same points are a form, and the message becomes a ticket that the
province's staff answer in the office. The document number and the phone are personal data:
encrypted at rest like the account's own (security.md §1.8), the number with a blind index so
a signed-in owner finds tickets sent about their document before they signed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.documents.storage import private_storage

MAX_SCREENSHOTS = 3


class TicketStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已回复")
    CLOSED = "closed", _("已关闭")


class TicketTopic(models.TextChoices):
    ACCOUNT = "account", _("账号注册和登录")
    CONTACT_CHANGE = "contact_change", _("修改手机号码或电子邮箱")
    IDENTITY = "identity", _("实名核验")
    CERTIFICATE = "certificate", _("教师资格证书信息")
    REGISTRATION = "registration", _("定期注册报名")
    OTHER = "other", _("其他问题")


class Ticket(models.Model):
    # Set when the sender was signed in; anonymous tickets have none (and reach the owner of
    # the document through ``document_number_index``).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_tickets",
        verbose_name=_("申请人账号"),
    )
    subject = models.CharField(_("主题"), max_length=100)
    topic = models.CharField(_("问题类型"), max_length=20, choices=TicketTopic.choices, default=TicketTopic.OTHER)
    description = models.TextField(_("问题描述"))
    document_type = models.CharField(_("证件类型"), max_length=24, choices=DocumentType.choices)
    document_number = EncryptedTextField(_("证件号码"))
    document_number_index = BlindIndexField(source="document_number", normaliser="document_number", db_index=True)
    phone = EncryptedTextField(_("联系电话"))
    # The two GB/T 2260 province digits whose staff answer it; "" means the national level.
    province_code = models.CharField(_("所属省份代码"), max_length=2, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后更新"), auto_now=True)

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")
        indexes = [models.Index(fields=["province_code", "status", "updated_at"], name="support_ticket_queue")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """咨询编号, said on the phone and printed in the SMS: "ZX" and six digits."""
        return f"ZX{self.pk:06d}" if self.pk else ""

    @property
    def is_closed(self) -> bool:
        return self.status == TicketStatus.CLOSED


class Reply(models.Model):
    """One message after the question: a staff answer or the applicant's follow-up."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="replies", verbose_name=_("咨询"))
    from_applicant = models.BooleanField(_("申请人追问"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("回复人")
    )
    author_organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回复机构"),
    )
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("咨询回复")
        verbose_name_plural = _("咨询回复")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket.number} #{self.pk}"


class Screenshot(models.Model):
    """A checked and re-encoded image (``support.uploads``), under a server-made name."""

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="screenshots", verbose_name=_("咨询"))
    position = models.PositiveSmallIntegerField(_("序号"))
    file = models.FileField(_("截图"), storage=private_storage, max_length=200)

    class Meta:
        verbose_name = _("咨询截图")
        verbose_name_plural = _("咨询截图")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["ticket", "position"], name="support_screenshot_position")]

    def __str__(self) -> str:
        return f"{self.ticket.number} {self.position}"
