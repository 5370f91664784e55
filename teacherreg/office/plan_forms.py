"""Forms for plans, batches, windows, confirmation arrangements and confirmation points.

Plain forms, not model forms: they check only the shape of what was typed (a date, a number
in range); every domain rule lives in ``registration.services.plan_rules`` and comes back as
problems that :func:`add_problems` puts next to the field they concern. A refused form is
shown again with what the user typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import (
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
    ReviewLevel,
)
from teacherreg.registration.models.plans import TRAINING_LEVEL_ORDER
from teacherreg.registration.services.plan_rules import Problem

DATE_ERRORS = {
    "required": _("请填写日期。"),
    "invalid": _("请按“年-月-日”填写日期，例如 2026-10-08。"),
}
LEVEL_LABELS = {
    "national": _("国家级及以上培训学时"),
    "provincial": _("省级及以上培训学时"),
    "city": _("市级及以上培训学时"),
    "county": _("县级及以上培训学时"),
    "school": _("校本及以上培训学时"),
}


def date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )


def number_field(label: Any, low: int, high: int, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("请填写数字。"),
            "invalid": _("请填写整数。"),
            "min_value": _("不能小于 %(limit_value)s。"),
            "max_value": _("不能大于 %(limit_value)s。"),
        },
    )


def add_problems(form: forms.Form, problems: Iterable[Problem], fields: Mapping[str, str | None] | None = None) -> None:
    """Show each problem next to its field (renamed through ``fields``), or above the form."""
    for problem in problems:
        name = (fields or {}).get(problem.field or "", problem.field)
        form.add_error(name if name in form.fields else None, problem.message)


# --- plans -----------------------------------------------------------------------------------


class PlanForm(StyledForm, forms.Form):
    year = number_field(_("注册年度"), 2000, 2100, help_text=_("报名号的前四位和“每人每年一次”的限制按注册年度计算。"))
    status = forms.ChoiceField(
        label=_("状态"),
        choices=PlanStatus.choices,
        help_text=_("“编制中”的计划不对外显示；“已结束”后各机构不能再修改批次、网报时间和确认点安排。"),
    )
    starts_on = date_field(_("计划开始日期"))
    ends_on = date_field(_("计划结束日期"), _("各注册机构的网报时间和现场确认时间都要在计划的日期范围内。"))
    city_review = forms.BooleanField(
        label=_("设市级复核环节"),
        required=False,
        help_text=_("县级初审和省级终审每年都有；不设复核时，初审后直接由省级终审。"),
    )
    notice_days = number_field(_("公示天数"), 1, 30, help_text=_("初审结论公示的天数，一般为 7 天。"))
    renewal_months_before_expiry = number_field(
        _("有效期届满前可申请的月数"),
        0,
        24,
        help_text=_("注册合格的教师，在有效期届满前多少个月内可以再次申请注册。"),
    )
    training_hours_required = number_field(_("注册有效期内应完成的培训学时"), 0, 2000)
    hours_national = number_field(LEVEL_LABELS["national"], 0, 2000, required=False)
    hours_provincial = number_field(LEVEL_LABELS["provincial"], 0, 2000, required=False)
    hours_city = number_field(LEVEL_LABELS["city"], 0, 2000, required=False)
    hours_county = number_field(LEVEL_LABELS["county"], 0, 2000, required=False)
    hours_school = number_field(LEVEL_LABELS["school"], 0, 2000, required=False)
    includes_private_schools = forms.BooleanField(label=_("民办学校教师纳入注册范围"), required=False)

    # Where a rule's field is not a form field of the same name.
    PROBLEM_FIELDS: Mapping[str, str | None] = {"review_levels": "city_review"}

    @staticmethod
    def level_field(level: str) -> str:
        return f"hours_{level}"

    @classmethod
    def initial_for(cls, plan: ProvincialPlan) -> dict[str, Any]:
        initial = {
            "year": plan.year,
            "status": plan.status,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "city_review": plan.has_city_review,
            "notice_days": plan.notice_days,
            "renewal_months_before_expiry": plan.renewal_months_before_expiry,
            "training_hours_required": plan.training_hours_required,
            "includes_private_schools": plan.includes_private_schools,
        }
        for level, hours in (plan.training_hours_by_level or {}).items():
            initial[cls.level_field(level)] = hours
        return initial

    def level_fields(self) -> list[forms.BoundField]:
        return [self[self.level_field(level)] for level in TRAINING_LEVEL_ORDER]

    def apply_to(self, plan: ProvincialPlan) -> ProvincialPlan:
        data = self.cleaned_data
        for name in (
            "year",
            "status",
            "starts_on",
            "ends_on",
            "notice_days",
            "renewal_months_before_expiry",
            "training_hours_required",
            "includes_private_schools",
        ):
            setattr(plan, name, data[name])
        levels = [ReviewLevel.COUNTY.value, ReviewLevel.PROVINCE.value]
        if data["city_review"]:
            levels.insert(1, ReviewLevel.CITY.value)
        plan.review_levels = levels
        plan.training_hours_by_level = {
            level: data[self.level_field(level)]
            for level in TRAINING_LEVEL_ORDER
            if data.get(self.level_field(level)) is not None
        }
        return plan

    def add_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if problem.field == "training_hours_by_level" and "level" in problem.params:
                self.add_error(self.level_field(problem.params["level"]), problem.message)
            else:
                add_problems(self, [problem], self.PROBLEM_FIELDS)


# --- batches and windows ---------------------------------------------------------------------


class BatchForm(StyledForm, forms.Form):
    takes_part = forms.BooleanField(
        label=_("参加本次计划"),
        required=False,
        help_text=_("不参加时，报名人查询网报时间会看到本机构目前未开展注册工作。"),
    )
    is_open = forms.BooleanField(
        label=_("开通网报"),
        required=False,
        help_text=_("开通后，在网报时间内且有已发布的确认点时，报名人才能选择本机构报名。"),
    )


class WindowForm(StyledForm, forms.Form):
    starts_on = date_field(_("网报开始日期"), _("从这一天 0 点起（北京时间）可以报名。"))
    ends_on = date_field(_("网报结束日期"), _("到这一天 24 点止（北京时间）。"))

    def apply_to(self, window: ApplicationWindow) -> ApplicationWindow:
        window.starts_on = self.cleaned_data["starts_on"]
        window.ends_on = self.cleaned_data["ends_on"]
        return window


# --- confirmation arrangements and points ----------------------------------------------------


class ArrangementForm(StyledForm, forms.Form):
    point = forms.ModelChoiceField(
        label=_("确认点"),
        queryset=Organisation.objects.none(),
        empty_label=_("请选择确认点"),
        error_messages={"required": _("请选择确认点。"), "invalid_choice": _("请从列表中选择确认点。")},
    )
    confirm_from = date_field(_("确认开始日期"), _("不早于网报开始日期。"))
    confirm_until = date_field(
        _("确认结束日期"),
        _("不早于网报结束日期：报名人在确认结束前都可以修改信息，未确认的报名在这一天之后失效。"),
    )
    notes = forms.CharField(
        label=_("注意事项"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("报名第 5 步和“查询报名信息”中向报名人显示：需要携带的材料、地点、时间等。最多 2000 字。"),
    )
    is_published = forms.BooleanField(
        label=_("发布（报名人可以选择这个确认点）"),
        required=False,
    )

    def __init__(self, *args: Any, points: Any = None, fixed_point: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_point:
            # The point of an existing arrangement does not change; the page names it.
            del self.fields["point"]
        else:
            self.fields["point"].queryset = points if points is not None else Organisation.objects.none()

    def apply_to(self, arrangement: ConfirmationArrangement) -> ConfirmationArrangement:
        data = self.cleaned_data
        if "point" in self.fields:
            arrangement.point = data["point"]
        arrangement.confirm_from = data["confirm_from"]
        arrangement.confirm_until = data["confirm_until"]
        arrangement.notes = data["notes"]
        arrangement.is_published = data["is_published"]
        return arrangement


class PointForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("确认点名称"), max_length=100, error_messages={"required": _("请填写确认点名称。")})
    confirmation_scope = forms.CharField(
        label=_("确认范围"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("哪些学校或地区的教师到这里确认，报名人选择确认点时可以看到和搜索。"),
    )
    address = forms.CharField(label=_("地址"), required=False, max_length=200)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=40)
    email = forms.EmailField(
        label=_("电子邮箱"), required=False, error_messages={"invalid": _("请填写有效的电子邮箱地址。")}
    )
    office_hours = forms.CharField(
        label=_("办公时间"), required=False, max_length=100, help_text=_("例如：工作日 8:30–11:30，14:30–17:00")
    )
    is_active = forms.BooleanField(
        label=_("启用"),
        required=False,
        initial=True,
        help_text=_("停用后，报名人不能再选择这个确认点；已有的报名不受影响。"),
    )

    FIELDS = ("name", "confirmation_scope", "address", "phone", "email", "office_hours", "is_active")

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]

    @classmethod
    def initial_for(cls, point: Organisation) -> dict[str, Any]:
        return {name: getattr(point, name) for name in cls.FIELDS}

    def apply_to(self, point: Organisation) -> Organisation:
        for name in self.FIELDS:
            if name in self.cleaned_data:
                setattr(point, name, self.cleaned_data[name])
        return point
