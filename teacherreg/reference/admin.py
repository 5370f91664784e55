"""Admin pages for the code tables: administrators correct names, switch values off, add
province-specific subjects, enter the announced holiday arrangement and check schools that
applicants proposed. ``load_reference`` re-applies the files without undoing those choices
(see loader.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teacherreg.reference import services
from teacherreg.reference.models import (
    CalendarDay,
    CodeItem,
    GraduationSchool,
    Major,
    QualificationType,
    Region,
    SchoolStatus,
    Subject,
    TeachingStage,
)

WEEKDAYS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))


class RegionPeriodFilter(admin.SimpleListFilter):
    title = _("时期")
    parameter_name = "period"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("current", _("现行")), ("historical", _("已停用")), ("lookup_only", _("仅供核对"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "current":
            return queryset.current()
        if self.value() == "historical":
            return queryset.filter(valid_until__isnull=False)
        if self.value() == "lookup_only":
            return queryset.filter(lookup_only=True)
        return queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "is_municipality",
        "acts_as_city",
        "valid_from",
        "valid_until",
        "lookup_only",
    )
    list_filter = (RegionPeriodFilter, "level", "is_municipality", "acts_as_city", "lookup_only", "kind")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    ordering = ("code", "valid_from")
    list_per_page = 100


@admin.register(CodeItem)
class CodeItemAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "code",
        "name",
        "name_en",
        "standard_code",
        "parent",
        "sort_order",
        "is_selectable",
        "is_active",
    )
    list_filter = ("kind", "is_active", "is_selectable")
    search_fields = ("code", "name", "name_en", "standard_code")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    ordering = ("kind", "sort_order", "code")


@admin.register(TeachingStage)
class TeachingStageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "sort_order")
    search_fields = ("code", "name")


@admin.register(QualificationType)
class QualificationTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "certifying_level", "stage", "usable_for_registration")
    list_filter = ("certifying_level", "usable_for_registration")
    search_fields = ("code", "name")
    list_select_related = ("stage",)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = (
        "tree",
        "code",
        "name",
        "parent",
        "qualification_type",
        "stage",
        "province",
        "legacy_code",
        "is_historic",
        "is_selectable",
        "is_active",
    )
    list_filter = (
        "tree",
        "qualification_type",
        "stage",
        ("province", admin.RelatedOnlyFieldListFilter),
        "is_historic",
        "is_selectable",
        "is_active",
    )
    search_fields = ("code", "name", "name_en", "legacy_code")
    list_select_related = ("parent", "qualification_type", "stage", "province")
    raw_id_fields = ("parent", "province")
    ordering = ("tree", "sort_order", "code")


@admin.register(Major)
class MajorAdmin(admin.ModelAdmin):
    list_display = ("catalogue", "code", "name", "parent", "is_teaching_related", "is_selectable")
    list_filter = ("catalogue", "is_teaching_related", "is_selectable")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    ordering = ("catalogue", "sort_order", "code")


@admin.register(GraduationSchool)
class GraduationSchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "school_type", "status", "created_by", "created_at")
    list_filter = ("status", "school_type", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name",)
    list_select_related = ("province", "school_type")
    raw_id_fields = ("province", "created_by")
    readonly_fields = ("created_at",)
    actions = ("mark_verified", "mark_rejected")

    @admin.action(description=_("核实所选学校"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.decide_graduation_schools(queryset, SchoolStatus.VERIFIED)
        self.message_user(request, _("已核实 %(count)d 所学校。") % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("驳回所选学校"))
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.decide_graduation_schools(queryset, SchoolStatus.REJECTED)
        self.message_user(request, _("已驳回 %(count)d 所学校。") % {"count": changed}, messages.SUCCESS)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "is_provisional")
    list_filter = ("kind", "is_provisional")
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("date",)

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAYS[obj.date.weekday()])
