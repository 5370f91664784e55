"""Forms of the exports page. They offer only what the member's scope holds and check shapes;
who may export what (P23) is decided by ``exports.services.start_export``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import TeachingStage
from teacherreg.registration.workflow import Status

_LEVEL_ORDER = Case(
    When(level=OrgLevel.PROVINCE, then=Value(0)),
    When(level=OrgLevel.CITY, then=Value(1)),
    When(level=OrgLevel.COUNTY, then=Value(2)),
    When(level=OrgLevel.CONFIRMATION_POINT, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}（{obj.get_level_display()}）"


def reachable_organisations(scope: Scope, roles: tuple[str, ...]) -> QuerySet[Organisation]:
    """Agencies and points in the member's reach, province first, then city, county, point."""
    return (
        Organisation.objects.filter(pk__in=scope.organisation_ids(*roles))
        .exclude(level=OrgLevel.NATIONAL)
        .annotate(level_order=_LEVEL_ORDER)
        .order_by("level_order", "name", "pk")
    )


class ExportFilterForm(StyledForm, forms.Form):
    """The filters both exports share: year, organisation, stage."""

    year = forms.TypedChoiceField(label=_("注册年度"), required=False, coerce=int, empty_value=None)
    organisation = OrganisationChoice(
        label=_("注册机构或确认点"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("全部（我的数据范围）"),
        help_text=_("选择一个机构时，包括它下级机构和确认点办理的申请。"),
    )
    stage = forms.ModelChoiceField(
        label=_("现任教学段"), required=False, queryset=TeachingStage.objects.none(), empty_label=_("全部学段")
    )

    def __init__(self, *args: Any, scope: Scope, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = (
            scope.applications(*roles)
            .order_by("-registration_year")
            .values_list("registration_year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = [("", _("全部年度"))] + [(year, str(year)) for year in years]
        self.fields["organisation"].queryset = reachable_organisations(scope, roles)
        self.fields["stage"].queryset = TeachingStage.objects.order_by("sort_order", "code")

    def filters(self) -> dict[str, Any]:
        """The chosen filters as primitive values (the job row keeps them as JSON)."""
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "status": data.get("status") or "",
            "organisation": data["organisation"].pk if data.get("organisation") else None,
            "stage": data["stage"].pk if data.get("stage") else None,
        }


class ApplicationExportForm(ExportFilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *Status.choices])
    full = forms.BooleanField(
        label=_("完整导出：证件号码和手机号码不打码"),
        required=False,
        help_text=_("仅限省级管理员，须填写原因；导出会记入审计日志，文件中写明导出人和导出时间。"),
    )
    reason = forms.CharField(
        label=_("导出原因"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        # The minimum is exports.services.MIN_REASON; the service's refusal names it too.
        help_text=_("完整导出时必填，至少 4 个字，例如：报送省人社厅核对聘用信息。"),
        error_messages={"max_length": _("导出原因不能超过 200 个字。")},
    )

    field_order = ["year", "status", "organisation", "stage", "full", "reason"]


class StickerExportForm(ExportFilterForm):
    """注册结论贴: the 合格 cases only, so no status to choose."""
