"""The graduation-school picker shared by every form that asks for 毕业学校 (issue 4 item 6),
and the forms of the 毕业学校查询 page.

Contract used by other forms: ``GraduationSchoolField()`` in the form, then
``self.fields["graduation_school"].for_user(user)`` in ``__init__`` so the applicant sees the
verified schools plus the ones they proposed themselves. The cleaned value is a
``GraduationSchool``; posting its id as ``<field name>`` keeps working as with any
``ModelChoiceField``.

How the picker works (``SchoolPicker``):

- With JavaScript (static/js/school-picker.js): typing in the name box or changing the
  province asks ``applicant:school_search`` through htmx and lists the matches, each with a
  选择 button that puts the school's id in the hidden ``<field name>`` input and shows the
  chosen name. "找不到学校？新增学校" opens a disclosure with 学校名称, 办学类型 and 所在省份 that
  posts to ``applicant:school_propose`` and selects the new school when it is saved.
- Without JavaScript: the directory can hold thousands of schools, so a ``<select>`` of all
  of them is no fallback. Instead the name box and the province are ordinary inputs: the
  applicant types the full name and submits. One school of that name → it is chosen. None or
  several → the form comes back with the error and the closest matches as radio buttons, so
  the next submit picks one. A school that is not there at all is added on the 毕业学校查询 page
  (the disclosure links to it, opening a new window so this form keeps what was typed); once
  added it is the applicant's own pending school and the typed name finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.common.messages import message_for
from teacherreg.reference import services
from teacherreg.reference.models import CodeKind, GraduationSchool, SchoolStatus

CANDIDATES_SHOWN = 10


@dataclass(frozen=True)
class TypedSchool:
    """What the picker posts when its name box holds text: the name as typed, the province,
    and the id in the hidden input (set by 选择, or left from an earlier save)."""

    name: str
    province: str = ""  # a province code, or empty for "全部省份"
    chosen: str = ""

    def __str__(self) -> str:
        return self.name


def _follow_merges(school: GraduationSchool | None) -> GraduationSchool | None:
    # A form opened before an administrator merged duplicates still holds the old id.
    while school is not None and school.status == SchoolStatus.MERGED:
        school = school.merged_into
    return school


def _offered(queryset: QuerySet[GraduationSchool], pk: Any) -> GraduationSchool | None:
    """The school ``pk`` (or the one it was merged into) when ``queryset`` offers it."""
    if pk in (None, "") or not str(pk).isdigit():
        return None
    school = _follow_merges(
        GraduationSchool.objects.select_related("province", "school_type", "merged_into").filter(pk=pk).first()
    )
    return school if school is not None and queryset.filter(pk=school.pk).exists() else None


def _match(typed: TypedSchool, queryset: QuerySet[GraduationSchool]) -> tuple[GraduationSchool | None, bool]:
    """The school the typed name stands for, and whether several schools share that name.

    The box is what the applicant sees, so it wins: the hidden id counts only while the box
    still holds that school's name (without JavaScript the id of an earlier save stays in the
    hidden input when the applicant types another name).
    """
    name = services.normalise_school_name(typed.name)
    chosen = _offered(queryset, typed.chosen)
    if chosen is not None and chosen.name.lower() == name.lower():
        return chosen, False
    schools = queryset.filter(name__iexact=name)
    if typed.province:
        schools = schools.filter(province__code=typed.province)
    matches = list(schools.select_related("province", "school_type")[:2])
    return (matches[0], False) if len(matches) == 1 else (None, len(matches) > 1)


class SchoolPicker(forms.Widget):
    """Search box + province + results + 新增学校; see the module docstring."""

    template_name = "applicant/schools/picker.html"

    # Where the script searches and proposes; the office's 后台采集 has its own (for the teacher).
    URL_NAMES = {
        "search": "applicant:school_search",
        "propose": "applicant:school_propose",
        "directory": "applicant:schools",
    }

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices: Any = []  # set by ModelChoiceField: an iterator carrying ``.queryset``
        self.url_names = dict(self.URL_NAMES)

    def use_required_attribute(self, initial: Any) -> bool:
        # The value travels in the hidden input; a required text box would fight the chooser.
        return False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_query" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # A radio from the list of close matches is an explicit choice: it comes first.
        candidate = data.get(f"{name}_candidate")
        if candidate:
            return candidate
        chosen = data.get(name) or ""
        typed = (data.get(f"{name}_query") or "").strip()
        if typed:
            return TypedSchool(typed, (data.get(f"{name}_province") or "").strip(), chosen)
        return chosen or None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(key in data for key in (name, f"{name}_query", f"{name}_candidate"))

    def _queryset(self):
        queryset = getattr(self.choices, "queryset", None)
        return queryset if queryset is not None else services.visible_graduation_schools(None)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        queryset = self._queryset()
        chosen = stale = None
        query, province_code, candidates = "", "", []
        if isinstance(value, TypedSchool):
            chosen, _several = _match(value, queryset)
            if chosen is None:
                query, province_code = value.name, value.province
                province = services.provinces().filter(code=province_code).first() if province_code else None
                candidates = services.search_graduation_schools(
                    query, province=province, schools=queryset, limit=CANDIDATES_SHOWN
                )
        elif value not in (None, ""):
            chosen = _offered(queryset, value)
            if chosen is None and str(value).isdigit():
                stale = GraduationSchool.objects.filter(pk=value).first()
        if chosen is not None:
            query = chosen.name
            province_code = chosen.province.code if chosen.province else ""
        attrs = context["widget"]["attrs"]
        widget_id = attrs.get("id") or f"id_{name}"
        attrs["id"] = f"{widget_id}_query"
        # The hint first, then whatever the form links (its help text).
        attrs["aria-describedby"] = f"{widget_id}_hint {attrs.get('aria-describedby', '')}".strip()
        context.update(
            {
                "picker_id": widget_id,
                "chosen": chosen,
                "stale": stale,
                "query": query,
                "province_code": province_code,
                "candidates": candidates,
                "typed": isinstance(value, TypedSchool) and chosen is None,
                "provinces": services.provinces(),
                "school_types": services.code_items(CodeKind.SCHOOL_TYPE).filter(is_selectable=True),
                "search_url": reverse(self.url_names["search"]),
                "propose_url": reverse(self.url_names["propose"]),
                "directory_url": reverse(self.url_names["directory"]) if self.url_names.get("directory") else "",
            }
        )
        return context


class GraduationSchoolField(forms.ModelChoiceField):
    widget = SchoolPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("毕业学校"))
        kwargs.setdefault(
            "error_messages", {"required": _("请选择毕业学校。"), "invalid_choice": _("请重新选择毕业学校。")}
        )
        super().__init__(queryset=services.visible_graduation_schools(None).order_by("name"), **kwargs)

    def for_user(self, user: Any) -> None:
        """Offer the verified schools plus the ones ``user`` proposed that wait for review."""
        self.queryset = services.visible_graduation_schools(user).order_by("name")

    def to_python(self, value: Any) -> GraduationSchool | None:
        if isinstance(value, TypedSchool):
            return self._resolve_typed(value)
        try:
            return super().to_python(value)
        except ValidationError:
            school = _offered(self.queryset, value)
            if school is not None:
                return school
            raise

    def _resolve_typed(self, typed: TypedSchool) -> GraduationSchool:
        school, several = _match(typed, self.queryset)
        if school is not None:
            return school
        name = services.normalise_school_name(typed.name)
        if several:
            raise ValidationError(
                _("有不止一所学校叫“%(name)s”，请在下面的结果中选择一所。"), code="ambiguous", params={"name": name}
            )
        raise ValidationError(
            _("没有找到名为“%(name)s”的学校。请在下面的相近结果中选择；都不是的，请先新增学校。"),
            code="not_found",
            params={"name": name},
        )

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, TypedSchool):
            return True
        return super().has_changed(initial, data)


# ----------------------------------------------------------------------------------------
# The 毕业学校查询 page


class ProvinceField(forms.ModelChoiceField):
    """A province by its code, shown by name only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=services.provinces(), to_field_name="code", required=False, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class SchoolSearchForm(StyledForm, forms.Form):
    q = forms.CharField(
        label=_("学校名称"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("学校名称最多 %(limit_value)d 个字。")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "maxlength": 100}),
    )
    province = ProvinceField(
        label=_("所在省份"),
        empty_label=_("全部省份"),
        error_messages={"invalid_choice": _("请重新选择省份。")},
    )


def _catalogue(code: str) -> Any:
    # Looked up when shown, so the message follows the language of the request.
    return lazy(message_for, str)(code)


class ProposeSchoolForm(StyledForm, forms.Form):
    """新增学校. The rules (name, 办学类型 required, province) live in the service; the form only
    marks the required fields and reuses the catalogue's wording for them."""

    name = forms.CharField(
        label=_("学校名称"),
        max_length=200,
        error_messages={"required": _catalogue("school_name_required"), "max_length": _("学校名称最多 100 个字。")},
        help_text=_("按毕业证书上的学校全称填写，例如“北京师范大学”，不要用简称。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 200}),
    )
    school_type = forms.ModelChoiceField(
        label=_("办学类型"),
        queryset=services.code_items(CodeKind.SCHOOL_TYPE).filter(is_selectable=True),
        empty_label=_("请选择办学类型"),
        error_messages={
            "required": _catalogue("school_type_required"),
            "invalid_choice": _catalogue("school_type_invalid"),
        },
    )
    province = ProvinceField(
        label=_("所在省份"),
        empty_label=_("请选择省份"),
        help_text=_("境外学校可以不选。"),
        error_messages={"invalid_choice": _catalogue("school_province_invalid")},
    )

    # Which field a refusal from the service belongs to, by the prefix of its code.
    _ERROR_FIELDS = {"school_name": "name", "school_type": "school_type", "school_province": "province"}

    def clean_name(self) -> str:
        # Checked here too (the service checks again) so that every problem shows at once.
        name = services.normalise_school_name(self.cleaned_data["name"])
        try:
            services.check_school_name(name)
        except DomainError as exc:
            raise ValidationError(exc.message, code=exc.code) from None
        return name

    def propose(self, user: Any) -> GraduationSchool | None:
        """Ask the service for the school; on refusal put the message on its field."""
        if not self.is_valid():
            return None
        try:
            return services.propose_graduation_school(
                self.cleaned_data["name"],
                user=user,
                school_type=self.cleaned_data["school_type"],
                province=self.cleaned_data["province"],
            )
        except DomainError as exc:
            field = next((f for prefix, f in self._ERROR_FIELDS.items() if exc.code.startswith(prefix)), None)
            self.add_error(field, exc.message)
            return None
