"""Objections to a 公示 (issue 6 item 4): anyone may object to a case on an agency's public
list; the objection reaches that agency only, never the applicant's message thread (the
objector may be a colleague who does not want to be known)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import EncryptedTextField
from teacherreg.common.masking import mask


class NoticeObjection(models.Model):
    application = models.ForeignKey(
        "registration.Application", models.CASCADE, related_name="objections", verbose_name=_("申请")
    )
    agency = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="+", verbose_name=_("接收机构")
    )
    body = models.TextField(_("异议内容"), max_length=1000)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    # Keyed hash of the sender's address, for rate limits and abuse reports; never the address.
    ip_hash = models.CharField(_("来源地址摘要"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("查看时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("查看人")
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["application", "received_at", "pk"]
        indexes = [models.Index(fields=["agency", "received_at"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def masked_phone(self) -> str:
        return mask("phone", self.contact_phone)
