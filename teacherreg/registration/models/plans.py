"""Plans and windows (domain.md §3.2): provincial plan → agency batch → application
windows → confirmation-point arrangements."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    PUBLISHED = "published", _("已发布")
    FINISHED = "finished", _("已结束")


class ReviewLevel(models.TextChoices):
    COUNTY = "county", _("初审")
    CITY = "city", _("复核")
    PROVINCE = "province", _("终审")


# 《中小学教师资格定期注册暂行办法》: at least 360 training hours in each registration cycle.
DEFAULT_TRAINING_HOURS = 360
# Training levels from the highest down; a by-level rule counts its level and every level above it.
TRAINING_LEVEL_ORDER = ("national", "provincial", "city", "county", "school")

DEFAULT_REVIEW_LEVELS = [ReviewLevel.COUNTY.value, ReviewLevel.CITY.value, ReviewLevel.PROVINCE.value]


def default_review_levels() -> list[str]:
    return list(DEFAULT_REVIEW_LEVELS)


class ProvincialPlan(models.Model):
    """A province's registration work for one year. Its year is the registration year (P14)."""

    province = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="plans", verbose_name=_("省级机构")
    )
    year = models.PositiveSmallIntegerField(_("注册年度"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    starts_on = models.DateField(_("计划开始"))
    ends_on = models.DateField(_("计划结束"))
    # P15: some provinces skip 复核; the levels a case passes through are configured here.
    review_levels = models.JSONField(_("审核环节"), default=default_review_levels)
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)
    # P19: how long before expiry a 合格 registration may be renewed.
    renewal_months_before_expiry = models.PositiveSmallIntegerField(_("有效期届满前可申请的月数"), default=6)
    # The province's own conditions (domain.md §1.3, §1.4), read by ``registration.rules``.
    # Defaults are the national ones: 360 hours a cycle, no split by level, 公办 only.
    training_hours_required = models.PositiveSmallIntegerField(
        _("注册有效期内应完成的培训学时"), default=DEFAULT_TRAINING_HOURS
    )
    training_hours_by_level = models.JSONField(
        _("分级培训学时要求"),
        default=dict,
        blank=True,
        help_text=_(
            "按培训级别要求的最低学时，每项表示“该级别及以上”的学时合计，"
            '例如 {"provincial": 100} 表示省级及以上培训不少于 100 学时。'
            "级别：national 国家级、provincial 省级、city 市级、county 县级、school 校本。"
        ),
    )
    includes_private_schools = models.BooleanField(
        _("民办学校教师纳入注册范围"),
        default=False,
        help_text=_("本省把依法举办的民办中小学、中等职业学校和幼儿园教师纳入定期注册时勾选。"),
    )

    class Meta:
        verbose_name = _("省级注册计划")
        verbose_name_plural = _("省级注册计划")
        ordering = ["-year", "province"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="plan_province_year_unique"),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="plan_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}"

    @property
    def has_city_review(self) -> bool:
        return ReviewLevel.CITY in self.review_levels

    def clean(self) -> None:
        rules = self.training_hours_by_level
        if not isinstance(rules, dict) or any(
            level not in TRAINING_LEVEL_ORDER or not isinstance(hours, int) or isinstance(hours, bool) or hours < 0
            for level, hours in (rules.items() if isinstance(rules, dict) else ())
        ):
            raise ValidationError(
                {
                    "training_hours_by_level": _(
                        '分级培训学时要求的格式应为 {"级别": 学时}，'
                        "级别取 national、provincial、city、county、school，学时为不小于 0 的整数。"
                    )
                }
            )


class AgencyBatch(models.Model):
    """An agency's part in a provincial plan (``t_org_batch``)."""

    plan = models.ForeignKey(ProvincialPlan, models.CASCADE, related_name="batches", verbose_name=_("省级计划"))
    agency = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="batches", verbose_name=_("注册机构")
    )
    takes_part = models.BooleanField(_("参加本次计划"), default=True)
    is_open = models.BooleanField(_("开通网报"), default=False)

    class Meta:
        verbose_name = _("注册机构批次")
        verbose_name_plural = _("注册机构批次")
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="batch_plan_agency_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.plan.year}"


class ApplicationWindow(models.Model):
    """网报时间: runs from ``starts_on`` 00:00:00 to ``ends_on`` 23:59:59 Asia/Shanghai (P17)."""

    batch = models.ForeignKey(AgencyBatch, models.CASCADE, related_name="windows", verbose_name=_("批次"))
    starts_on = models.DateField(_("网报开始时间"))
    ends_on = models.DateField(_("网报结束时间"))

    class Meta:
        verbose_name = _("网报时间")
        verbose_name_plural = _("网报时间")
        ordering = ["starts_on"]
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="window_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"

    def is_open_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        plan = self.batch.plan
        if self.starts_on and self.ends_on and (self.starts_on < plan.starts_on or self.ends_on > plan.ends_on):
            raise ValidationError(
                _("网报时间必须在省级计划的时间范围内（%(start)s 至 %(end)s）。"),
                params={"start": plan.starts_on, "end": plan.ends_on},
            )


class ConfirmationArrangement(models.Model):
    """确认点安排 (``t_locale_set``): a point's confirmation dates for a window, its notes
    for applicants (shown at the 注意事项 step) and whether applicants can see it."""

    window = models.ForeignKey(
        ApplicationWindow, models.CASCADE, related_name="arrangements", verbose_name=_("网报时间")
    )
    point = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="arrangements", verbose_name=_("确认点")
    )
    confirm_from = models.DateField(_("确认开始时间"))
    confirm_until = models.DateField(_("确认结束时间"))
    is_published = models.BooleanField(_("已发布"), default=False)
    notes = models.TextField(_("注意事项"), blank=True)

    class Meta:
        verbose_name = _("确认点安排")
        verbose_name_plural = _("确认点安排")
        constraints = [
            models.UniqueConstraint(fields=["window", "point"], name="arrangement_window_point_unique"),
            models.CheckConstraint(condition=Q(confirm_from__lte=F("confirm_until")), name="arrangement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.point} {self.confirm_from} – {self.confirm_until}"

    def clean(self) -> None:
        # Confirmation must be possible for everyone who applied in the window.
        if self.confirm_from and self.confirm_until and self.confirm_until < self.window.ends_on:
            raise ValidationError(
                _("确认结束时间不能早于网报结束时间（%(end)s）。"), params={"end": self.window.ends_on}
            )

    def is_confirming_on(self, day: datetime.date) -> bool:
        return self.confirm_from <= day <= self.confirm_until
