"""The applicant photo kept between steps (P13). One account may have several (each upload
or "fix it for me" result); the latest accepted one is what step 2 and submission use.

A photo with ``accepted_at`` empty is waiting for the applicant to look at it and press
使用这张照片. The picture "fix it for me" starts from is a :class:`PhotoOriginal`: a
normalised working copy of the upload (oriented, RGB, at most 1,600 px, no metadata), kept in
private storage until a photo is accepted or for at most a day (``PENDING_LIFETIME``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.documents.storage import private_storage, uuid_name

# How long an unaccepted original or result is kept (P13 design; PIPL minimisation).
PENDING_LIFETIME = timedelta(days=1)


def _photo_name(instance: models.Model, filename: str) -> str:
    return uuid_name("applicant-photos")


def _original_name(instance: models.Model, filename: str) -> str:
    return uuid_name("applicant-photo-originals")


class PhotoOriginal(models.Model):
    """The picture "fix it for me" crops from: never served to anyone but its owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="photo_originals", verbose_name=_("申请人")
    )
    image = models.FileField(_("原始照片"), storage=private_storage, upload_to=_original_name)
    source_format = models.CharField(_("上传格式"), max_length=10)
    width = models.PositiveSmallIntegerField(_("宽度"))
    height = models.PositiveSmallIntegerField(_("高度"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待处理的原始照片")
        verbose_name_plural = _("待处理的原始照片")

    def __str__(self) -> str:
        return f"{self.source_format} {self.width}×{self.height}"


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
    # The border strip is darker than a light background (a warning, never a refusal).
    dark_background = models.BooleanField(_("背景偏暗"), default=False)
    # The working copy a "fixed" photo was cropped from, for the before/after view.
    original = models.ForeignKey(
        PhotoOriginal, models.SET_NULL, null=True, blank=True, related_name="results", verbose_name=_("原始照片")
    )
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
