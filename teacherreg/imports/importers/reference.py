"""National reference data: organisations and confirmation points, graduation schools, and the
subject and major trees (``teacherreg.organisations``, ``teacherreg.reference``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.common.errors import DomainError
from teacherreg.imports import parsers
from teacherreg.imports.importers.base import Column, ImportContext, NationalImporter, RowError
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation, OrganisationNameChange, OrgLevel
from teacherreg.reference.models import (
    OVERSEAS_SCHOOL_TYPE,
    CodeKind,
    GraduationSchool,
    Major,
    MajorCatalogue,
    QualificationType,
    Region,
    SchoolStatus,
    Subject,
    SubjectTree,
    TeachingStage,
)
from teacherreg.reference.services import check_school_name, normalise_school_name

from .records import code_item

# Depth in the organisation tree: a parent sits strictly above its child.
_DEPTH = {
    OrgLevel.NATIONAL: 0,
    OrgLevel.PROVINCE: 1,
    OrgLevel.CITY: 2,
    OrgLevel.COUNTY: 3,
    OrgLevel.CONFIRMATION_POINT: 4,
}
_IMPORTABLE_LEVELS = [(level.value, level.label) for level in OrgLevel if level != OrgLevel.NATIONAL]


def _current_region(code: str, column: str, ctx: ImportContext) -> Region:
    regions = ctx.cache.setdefault("regions", {})
    if code not in regions:
        regions[code] = Region.objects.filter(code=code, valid_until__isnull=True).first()
    if regions[code] is None:
        raise RowError("import_row_unknown_region", column)
    return regions[code]


# --- organisations ---------------------------------------------------------------------------


class OrganisationImporter(NationalImporter):
    """注册机构 and 确认点 (domain.md §3.1).

    An agency is one per level and division: a row of level 县级 with code 370102 is the county
    agency of 370102. A confirmation point is named within its agency. The parent is the agency
    of the 上级机构行政区划代码 (the national centre for a province). A renamed or moved agency
    keeps its old name on record (``OrganisationNameChange``), because old certificates show
    the issuer's name of their day.
    """

    slug = "organisations"
    label = _("注册机构和确认点")
    summary = _(
        "每个机构一行。注册机构按“层级 + 行政区划代码”识别（每个行政区划每个层级一个机构），"
        "确认点按“所属注册机构 + 名称”识别。"
        "再次导入时更新名称、上级和联系信息；注册机构改名或更换上级时保留原名称记录。"
    )
    model = Organisation
    columns = (
        Column(
            "level", _("层级"), parsers.choice(_IMPORTABLE_LEVELS), example="县级", note=_("省级、市级、县级或确认点")
        ),
        Column("name", _("名称"), parsers.text(100, min_length=2), example="济南市历下区教育和体育局"),
        Column(
            "region", _("行政区划代码"), parsers.region_code, example="370102", note=_("机构所在的六位行政区划代码")
        ),
        Column(
            "parent_region",
            _("上级机构行政区划代码"),
            parsers.region_code,
            required=False,
            example="370100",
            note=_("上级注册机构的行政区划代码；省级机构不填（上级为资格中心）；确认点填所属注册机构的代码"),
        ),
        Column("confirmation_scope", _("确认范围"), parsers.text(500), required=False, example=""),
        Column("phone", _("联系电话"), parsers.text(40), required=False, example="0531-00000000"),
        Column("email", _("电子邮箱"), parsers.text(254), required=False, example=""),
        Column("address", _("地址"), parsers.text(200), required=False, example="济南市历下区某某路 1 号"),
        Column("office_hours", _("办公时间"), parsers.text(100), required=False, example="工作日 9:00–17:00"),
        Column("is_active", _("启用"), parsers.yes_no, required=False, example="是", note=_("是或否，不填按是")),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        level = values["level"]
        values["region_row"] = _current_region(values["region"], "region", ctx)
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                raise RowError("import_row_email", "email") from None
        if level == OrgLevel.PROVINCE:
            if values["parent_region"]:
                raise RowError("import_row_province_parent", "parent_region")
            values["parent"] = _national_centre(ctx)
        else:
            if not values["parent_region"]:
                raise RowError("import_row_parent_required", "parent_region")
            values["parent"] = _agency_at(values["parent_region"], ctx, below=level)
        if level != OrgLevel.CONFIRMATION_POINT and values["confirmation_scope"]:
            raise RowError("import_row_scope_for_points", "confirmation_scope")
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        if values["level"] == OrgLevel.CONFIRMATION_POINT:
            return (values["level"], values["parent"].pk, values["name"])
        return (values["level"], values["region"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        if values["level"] == OrgLevel.CONFIRMATION_POINT:
            return Organisation.objects.filter(
                level=OrgLevel.CONFIRMATION_POINT, parent=values["parent"], name=values["name"]
            ).first()
        found = list(Organisation.objects.filter(level=values["level"], region__code=values["region"])[:2])
        if len(found) > 1:
            raise RowError("import_row_agency_ambiguous", "region")
        return found[0] if found else None

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        return {
            "level": values["level"],
            "name": values["name"],
            "region_id": values["region_row"].pk,
            "parent_id": values["parent"].pk,
            "confirmation_scope": values["confirmation_scope"] or "",
            "phone": values["phone"] or "",
            "email": values["email"] or "",
            "address": values["address"] or "",
            "office_hours": values["office_hours"] or "",
            "is_active": values["is_active"] is not False,
        }

    def after_write(self, obj: models.Model, ctx: ImportContext, *, created: bool, before: dict[str, Any]) -> None:
        if created or not ({"name", "parent_id"} & set(before)):
            return
        assert isinstance(obj, Organisation)
        OrganisationNameChange.objects.create(
            organisation=obj,
            old_name=before.get("name", obj.name),
            new_name=obj.name,
            old_parent_id=before.get("parent_id", obj.parent_id),
            new_parent_id=obj.parent_id,
            changed_on=ctx.today,
        )


def _national_centre(ctx: ImportContext) -> Organisation:
    centres = list(Organisation.objects.filter(level=OrgLevel.NATIONAL)[:2])
    if len(centres) != 1:
        raise RowError("import_row_no_national_centre", "level")
    return centres[0]


def _agency_at(code: str, ctx: ImportContext, *, below: str) -> Organisation:
    """The one agency of division ``code`` above level ``below``."""
    agencies = [
        org
        for org in Organisation.objects.filter(region__code=code, level__in=AGENCY_LEVELS)
        if _DEPTH[org.level] < _DEPTH[below]
    ]
    if not agencies:
        raise RowError("import_row_parent_unknown", "parent_region")
    # The nearest level above wins (a county point's parent is the county, not the province
    # agency of a 直辖市 that shares a code with it).
    agencies.sort(key=lambda org: -_DEPTH[org.level])
    if len(agencies) > 1 and _DEPTH[agencies[0].level] == _DEPTH[agencies[1].level]:
        raise RowError("import_row_parent_ambiguous", "parent_region")
    return agencies[0]


# --- graduation schools ----------------------------------------------------------------------


class GraduationSchoolImporter(NationalImporter):
    """毕业学校 seeded by administrators: verified at once (as ``load_reference`` does).

    Matched by name among rows nobody proposed; an applicant's pending row of the same name is a
    different row and the review queue decides it. An import never changes a school's status.
    """

    slug = "graduation_schools"
    label = _("毕业学校")
    summary = _(
        "每所学校一行，按学校全称识别（括号、空格按统一写法比较）。再次导入时更新所在省份和办学类型；"
        "新增的学校直接为“已核实”，已有学校的状态不变。"
    )
    model = GraduationSchool
    columns = (
        Column("name", _("学校名称"), parsers.text(100), example="山东师范大学"),
        Column(
            "province",
            _("所在省份代码"),
            parsers.region_code,
            required=False,
            example="370000",
            note=_("境外学校不填"),
        ),
        Column("school_type", _("办学类型"), parsers.text(30), example="普通高等学校", note=_("名称或代码")),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        name = normalise_school_name(values["name"])
        try:
            check_school_name(name)
        except DomainError as refused:
            raise RowError(refused.code, "name", **refused.params) from None
        values["name"] = name
        school_type = code_item(CodeKind.SCHOOL_TYPE, values["school_type"], "school_type", ctx)
        values["school_type"] = school_type
        if values["province"]:
            provinces = ctx.cache.setdefault("provinces", {})
            if not provinces:
                provinces.update({r.code: r for r in Region.objects.provinces()})
            if values["province"] not in provinces:
                raise RowError("import_row_unknown_province", "province")
            values["province"] = provinces[values["province"]]
        elif school_type.code != OVERSEAS_SCHOOL_TYPE:
            raise RowError("import_row_school_province_required", "province")
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        return (values["name"],)

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return GraduationSchool.objects.filter(created_by__isnull=True, name=values["name"]).order_by("pk").first()

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "province_id": values["province"].pk if values["province"] else None,
            "school_type_id": values["school_type"].pk,
        }
        if existing is None:
            stored |= {"name": values["name"], "status": SchoolStatus.VERIFIED}
        return stored


# --- trees -----------------------------------------------------------------------------------


class _TreeImporter(NationalImporter):
    """A tree keyed by (tree, code); parents come earlier in the file or already exist.

    可选择 left blank means: selectable unless the node has children in the file or the table
    (only leaves are chosen, as ``load_reference`` has it).
    """

    tree_field: str

    def prepare(self, rows: Sequence[dict[str, Any]], ctx: ImportContext) -> None:
        ctx.cache["parents_in_file"] = {
            (row[self.tree_field], row["parent_code"]) for row in rows if row["parent_code"]
        }

    def _parent(self, values: dict[str, Any]) -> models.Model | None:
        if not values["parent_code"]:
            return None
        if values["parent_code"] == values["code"]:
            raise RowError("import_row_own_parent", "parent_code")
        parent = self.model.objects.filter(
            **{self.tree_field: values[self.tree_field], "code": values["parent_code"]}
        ).first()
        if parent is None:
            raise RowError("import_row_tree_parent_unknown", "parent_code")
        return parent

    def _selectable(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> bool:
        if values["is_selectable"] is not None:
            return values["is_selectable"]
        has_children = (values[self.tree_field], values["code"]) in ctx.cache["parents_in_file"]
        if not has_children and existing is not None:
            has_children = self.model.objects.filter(parent=existing).exists()
        return not has_children

    def key(self, values: dict[str, Any]) -> tuple:
        return (values[self.tree_field], values["code"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return self.model.objects.filter(**{self.tree_field: values[self.tree_field], "code": values["code"]}).first()


def _selectable_column() -> Column:
    return Column(
        "is_selectable",
        _("可选择"),
        parsers.yes_no,
        required=False,
        example="",
        note=_("是或否；不填时，有下级的节点不可选择，末级节点可选择"),
    )


class SubjectImporter(_TreeImporter):
    slug = "subjects"
    label = _("学科（证书任教学科、现任教学科）")
    summary = _(
        "每个学科一行，按“学科树 + 代码”识别。上级学科须在文件中更靠前的行或已在系统中。再次导入时更新名称和其他属性。"
    )
    model = Subject
    tree_field = "tree"
    columns = (
        Column(
            "tree", _("学科树"), parsers.choice(SubjectTree), example="现任教学科", note=_("证书任教学科或现任教学科")
        ),
        Column("code", _("代码"), parsers.code(16), example="X0201"),
        Column("name", _("名称"), parsers.text(60), example="语文"),
        Column("parent_code", _("上级代码"), parsers.code(16), required=False, example=""),
        Column("qualification_type", _("资格种类代码"), parsers.code(1), required=False, example="2"),
        Column("stage", _("学段代码"), parsers.code(8), required=False, example="2"),
        Column("province", _("适用省份代码"), parsers.region_code, required=False, example="", note=_("全国通用不填")),
        Column("legacy_code", _("旧学科代码"), parsers.code(8), required=False, example=""),
        Column("is_historic", _("历史名称"), parsers.yes_no, required=False, example="否", note=_("是或否，不填按否")),
        _selectable_column(),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["parent"] = self._parent(values)
        if values["qualification_type"]:
            found = QualificationType.objects.filter(code=values["qualification_type"]).first()
            if found is None:
                raise RowError("import_row_unknown_qualification_type", "qualification_type")
            values["qualification_type"] = found
        if values["stage"]:
            stage = TeachingStage.objects.filter(code=values["stage"]).first()
            if stage is None:
                raise RowError("import_row_unknown_stage", "stage")
            values["stage"] = stage
        if values["province"]:
            province = Region.objects.provinces().filter(code=values["province"]).first()
            if province is None:
                raise RowError("import_row_unknown_province", "province")
            values["province"] = province
        return values

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        return {
            "tree": values["tree"],
            "code": values["code"],
            "name": values["name"],
            "parent_id": values["parent"].pk if values["parent"] else None,
            "qualification_type_id": values["qualification_type"].pk if values["qualification_type"] else None,
            "stage_id": values["stage"].pk if values["stage"] else None,
            "province_id": values["province"].pk if values["province"] else None,
            "legacy_code": values["legacy_code"] or "",
            "is_historic": bool(values["is_historic"]),
            "is_selectable": self._selectable(values, ctx, existing),
        }


class MajorImporter(_TreeImporter):
    slug = "majors"
    label = _("所学专业目录")
    summary = _(
        "每个专业（或门类、专业类）一行，按“目录 + 代码”识别。上级须在文件中更靠前的行或已在系统中。"
        "再次导入时更新名称和其他属性。"
    )
    model = Major
    tree_field = "catalogue"
    columns = (
        Column(
            "catalogue",
            _("目录"),
            parsers.choice(MajorCatalogue),
            example="普通高等学校本科专业目录",
            note=_("普通高等学校本科专业目录、高等职业教育专科专业目录、中等职业教育专业目录或无"),
        ),
        Column("code", _("代码"), parsers.code(16), example="050101"),
        Column("name", _("名称"), parsers.text(80), example="汉语言文学"),
        Column("parent_code", _("上级代码"), parsers.code(16), required=False, example="0501"),
        Column(
            "is_teaching_related",
            _("师范/教育类"),
            parsers.yes_no,
            required=False,
            example="否",
            note=_("是或否，不填按否"),
        ),
        _selectable_column(),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["parent"] = self._parent(values)
        return values

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        return {
            "catalogue": values["catalogue"],
            "code": values["code"],
            "name": values["name"],
            "parent_id": values["parent"].pk if values["parent"] else None,
            "is_teaching_related": bool(values["is_teaching_related"]),
            "is_selectable": self._selectable(values, ctx, existing),
        }
