"""Organisations: national centre → province → city → county agencies, and confirmation
points (domain.md §3.1). One table with a level, as the real system's ``t_org``; the proxy
models ``Agency`` and ``ConfirmationPoint`` give the glossary names."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class OrgLevel(models.TextChoices):
    NATIONAL = "national", _("国家级（资格中心）")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    CONFIRMATION_POINT = "point", _("确认点")


AGENCY_LEVELS = (OrgLevel.NATIONAL, OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def agencies(self) -> OrganisationQuerySet:
        return self.filter(level__in=AGENCY_LEVELS)

    def confirmation_points(self) -> OrganisationQuerySet:
        return self.filter(level=OrgLevel.CONFIRMATION_POINT)

    def existing_on(self, day: datetime.date) -> OrganisationQuerySet:
        """Agencies not annulled before ``day`` (a certificate's issue date picks from these)."""
        return self.filter(Q(annulled_on__isnull=True) | Q(annulled_on__gt=day))


class Organisation(models.Model):
    level = models.CharField(_("层级"), max_length=10, choices=OrgLevel.choices)
    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("行政区划")
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级机构")
    )
    # Confirmation points only: who they confirm (free text shown to applicants).
    confirmation_scope = models.TextField(_("确认范围"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    annulled_on = models.DateField(_("撤销/合并日期"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["level", "region__code", "name"]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_agency(self) -> bool:
        return self.level in AGENCY_LEVELS

    def name_on(self, day: datetime.date) -> str:
        """The name in force on ``day``: old certificates show the issuer's name of their time.

        Each change row records the name used *until* its date, so the earliest change
        after ``day`` holds the answer; with none, the current name stands.
        """
        change = self.name_changes.filter(changed_on__gt=day).order_by("changed_on").first()
        return change.old_name if change else self.name

    def ancestors(self) -> list[Organisation]:
        chain: list[Organisation] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def province(self) -> Organisation | None:
        if self.level == OrgLevel.PROVINCE:
            return self
        return next((org for org in self.ancestors() if org.level == OrgLevel.PROVINCE), None)


class _LevelManager(models.Manager["Organisation"]):
    def __init__(self, *levels: str) -> None:
        super().__init__()
        self._levels = levels

    def get_queryset(self) -> QuerySet[Organisation]:
        return OrganisationQuerySet(self.model, using=self._db).filter(level__in=self._levels)


class Agency(Organisation):
    """注册机构 at any level."""

    objects = _LevelManager(*AGENCY_LEVELS)

    class Meta:
        proxy = True
        verbose_name = _("注册机构")
        verbose_name_plural = _("注册机构")


class ConfirmationPoint(Organisation):
    """确认点: confirms applications on site within its own dates."""

    objects = _LevelManager(OrgLevel.CONFIRMATION_POINT)

    class Meta:
        proxy = True
        verbose_name = _("确认点")
        verbose_name_plural = _("确认点")


class OrganisationNameChange(models.Model):
    """``T_ORG_NAME_LOG``: a rename or a move under another parent."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="name_changes")
    old_name = models.CharField(_("原名称"), max_length=100)
    new_name = models.CharField(_("新名称"), max_length=100)
    old_parent = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True, related_name="+")
    new_parent = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True, related_name="+")
    changed_on = models.DateField(_("变更日期"))

    class Meta:
        verbose_name = _("机构名称变更")
        verbose_name_plural = _("机构名称变更")
        ordering = ["organisation", "changed_on"]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name} ({self.changed_on})"


class AnnulmentKind(models.TextChoices):
    ANNUL = "annul", _("撤销")
    MERGE = "merge", _("合并")


class OrganisationAnnulment(models.Model):
    """``org_annul_log``: an agency annulled or merged into another."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="annulments")
    kind = models.CharField(_("类型"), max_length=6, choices=AnnulmentKind.choices)
    merged_into = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True, related_name="+")
    effective_on = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("机构撤销/合并记录")
        verbose_name_plural = _("机构撤销/合并记录")

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_kind_display()} {self.effective_on}"
