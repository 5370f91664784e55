"""Admin pages for the code tables: administrators correct names, switch values off, add
province-specific subjects, enter the announced holiday arrangement, check schools that
applicants proposed and merge duplicate schools. ``load_reference`` re-applies the files without undoing those choices
(see loader.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
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


class GraduationSchoolForm(forms.ModelForm):
    """An administrator's name goes through the same normalising and checks as an applicant's."""

    class Meta:
        model = GraduationSchool
        fields = ("name", "province", "school_type")

    def clean_name(self) -> str:
        name = services.normalise_school_name(self.cleaned_data.get("name", ""))
        try:
            services.check_school_name(name)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
        return name


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=_("保留哪一所"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择要保留的学校。")},
        help_text=_(
            "其他所选学校的全部引用（报名、学历和学位记录等）都将改为指向保留的学校；它们自己标记为“已合并”，不再出现在查询结果中。"
        ),
    )

    def __init__(self, *args, schools: list[GraduationSchool], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(school.pk, str(school)) for school in schools]


@admin.register(GraduationSchool)
class GraduationSchoolAdmin(admin.ModelAdmin):
    """The review queue for schools applicants added (filter 状态 = 待核实) and the merge tool."""

    form = GraduationSchoolForm
    list_display = ("name", "province", "school_type", "status", "proposer", "created_at", "merged_into")
    list_filter = ("status", ("province", admin.RelatedOnlyFieldListFilter), "school_type")
    search_fields = ("name",)
    list_select_related = ("province", "school_type", "created_by", "merged_into")
    raw_id_fields = ("province",)
    readonly_fields = ("status", "merged_into", "created_by", "created_at", "decided_by", "decided_at")
    actions = ("mark_verified", "mark_rejected", "merge_selected")

    @admin.display(description=_("添加人"), ordering="created_by")
    def proposer(self, obj: GraduationSchool) -> str:
        return mask("name", obj.created_by.name) if obj.created_by else "—"

    @admin.action(description=_("核实通过所选学校"), permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.decide_graduation_schools(queryset, SchoolStatus.VERIFIED, actor=request.user)
        self.message_user(request, str(_("已核实通过 %(count)d 所学校。")) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("驳回所选学校"), permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = services.decide_graduation_schools(queryset, SchoolStatus.REJECTED, actor=request.user)
        self.message_user(request, str(_("已驳回 %(count)d 所学校。")) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("合并所选的重复学校"), permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        schools = list(queryset.select_related("province", "school_type", "created_by").order_by("pk"))
        if len(schools) < 2:
            self.message_user(request, message_for("school_merge_too_few"), messages.ERROR)
            return None
        # Only the confirmation page's own submit carries "keep"; the changelist's does not.
        form = MergeForm(request.POST if "keep" in request.POST else None, schools=schools)
        if form.is_bound and form.is_valid():
            keep = next(school for school in schools if school.pk == form.cleaned_data["keep"])
            try:
                moved = services.merge_graduation_schools(keep, schools, actor=request.user)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return None
            text = _("已将 %(count)d 所学校合并到“%(name)s”，改动了 %(references)d 条引用。")
            values = {"count": len(schools) - 1, "name": keep.name, "references": sum(moved.values())}
            self.message_user(request, str(text) % values, messages.SUCCESS)
            return None
        rows = [(school, _reference_count(school)) for school in schools]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("合并重复学校"),
            "form": form,
            "rows": rows,
            "action": "merge_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reference/graduationschool/merge.html", context)


def _reference_count(school: GraduationSchool) -> int:
    """How many rows point at ``school``: helps the administrator pick the one to keep."""
    return sum(
        field.model._base_manager.filter(**{field.name: school}).count() for field in services.school_references()
    )


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
