"""公告: announcements by administrators, national or for one province (issue 8 item 3).

An announcement shows on the public pages only while it is published and today (an
Asia/Shanghai date) lies between its first and last day, both inclusive, like the P17 windows.
Without a last day it shows until an administrator takes it down. The body is plain text:
paragraphs are blank lines, and the templates escape it before turning lines into paragraphs,
so nothing typed is ever read as HTML.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teacherreg.organisations.models import Organisation, OrgLevel

TITLE_MAX = 100
BODY_MAX = 5000


def province_label(province: Organisation) -> str:
    """The province's short name (山东省 rather than 山东省教育厅) when it has a region."""
    return province.region.name if province.region is not None else province.name


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def current(self, day: datetime.date) -> AnnouncementQuerySet:
        """Published and showing on ``day`` (first and last day inclusive)."""
        return self.filter(is_published=True, starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def in_public_order(self) -> AnnouncementQuerySet:
        """Pinned first, then the newest (latest first day; the later written on a tie)."""
        return self.select_related("province__region").order_by("-is_pinned", "-starts_on", "-pk")


class AnnouncementState(models.TextChoices):
    """What the office list shows; derived from the flags and today's date, never stored."""

    DRAFT = "draft", _("未发布")
    SCHEDULED = "scheduled", _("已发布，未到显示日期")
    SHOWING = "showing", _("显示中")
    ENDED = "ended", _("已过显示期")


class Announcement(models.Model):
    province = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": OrgLevel.PROVINCE},
        verbose_name=_("发布范围"),
        help_text=_("不选为全国公告。"),
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    body = models.TextField(_("正文"), max_length=BODY_MAX)
    starts_on = models.DateField(_("开始显示日期"))
    ends_on = models.DateField(_("结束显示日期"), null=True, blank=True)
    is_pinned = models.BooleanField(_("置顶"), default=False)
    is_published = models.BooleanField(_("已发布"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("修改人")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("公告")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["is_published", "starts_on"], name="announcement_showing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    @property
    def scope_label(self) -> str:
        """全国, or the province's short name."""
        return str(_("全国")) if self.province is None else province_label(self.province)

    def state_on(self, day: datetime.date) -> AnnouncementState:
        if not self.is_published:
            return AnnouncementState.DRAFT
        if day < self.starts_on:
            return AnnouncementState.SCHEDULED
        if self.ends_on is not None and day > self.ends_on:
            return AnnouncementState.ENDED
        return AnnouncementState.SHOWING
