"""The applicant photo kept between steps (P13). One account may have several (each upload
or "fix it for me" result); the latest accepted one is what step 2 and submission use."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.documents.storage import private_storage, uuid_name


def _photo_name(instance: models.Model, filename: str) -> str:
    return uuid_name("applicant-photos")


class PhotoSource(models.TextChoices):
    UPLOADED = "uploaded", _("直接上传")
    FIXED = "fixed", _("自动处理")


class ApplicantPhoto(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="photos", verbose_name=_("申请人"))
    image = models.FileField(_("照片"), storage=private_storage, upload_to=_photo_name)
    source = models.CharField(_("来源"), max_length=10, choices=PhotoSource.choices)
    width = models.PositiveSmallIntegerField(_("宽度"))
    height = models.PositiveSmallIntegerField(_("高度"))
    size = models.PositiveIntegerField(_("字节数"))
    accepted_at = models.DateTimeField(_("确认使用时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请人照片")
        verbose_name_plural = _("申请人照片")
        ordering = ["-accepted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.width}×{self.height} {self.size} B"


def latest_photo(user: AbstractBaseUser) -> ApplicantPhoto | None:
    """The photo the applicant last accepted, or None."""
    return ApplicantPhoto.objects.filter(owner=user, accepted_at__isnull=False).order_by("-accepted_at", "-pk").first()
