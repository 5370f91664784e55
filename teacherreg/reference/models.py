"""Code tables and reference data (domain.md §5, §6).

Every table here is filled by ``manage.py load_reference`` from the versioned files in
``reference/data/``; nothing else writes them except administrators in the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def shown_name(name: str, name_en: str) -> str:
    """A reference name as pages show it: Chinese always; on English pages followed by the
    standard romanisation where the table has one (issue 8 item 4: "北京市 (Beijing)",
    "汉族 (Han)"). The printed application form never calls this."""
    language = get_language() or ""
    if name_en and language.startswith("en"):
        return f"{name} ({name_en})"
    return name


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")


class RegionQuerySet(models.QuerySet):
    def current(self) -> RegionQuerySet:
        """Divisions in use today that a person can pick (no historical or lookup-only codes)."""
        return self.filter(valid_until__isnull=True, lookup_only=False)

    def provinces(self) -> RegionQuerySet:
        return self.current().filter(level=RegionLevel.PROVINCE)


class Region(models.Model):
    """A GB/T 2260 division, historical ones included.

    A code can be reused with another name in another period, so one row is one
    (code, period). 直辖市 have no city layer: their counties hang off the province.
    省直管县 stand as their own city (``acts_as_city``).
    """

    code = models.CharField(_("代码"), max_length=6, db_index=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名"), max_length=80, blank=True)
    level = models.CharField(_("层级"), max_length=8, choices=RegionLevel.choices)
    kind = models.CharField(_("类型"), max_length=20, blank=True, help_text=_("直辖市、地级市、县、市辖区……"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    is_municipality = models.BooleanField(_("直辖市"), default=False)
    acts_as_city = models.BooleanField(_("省直管县（按地级处理）"), default=False)
    valid_from = models.PositiveSmallIntegerField(_("启用年份"), null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(_("停用年份"), null=True, blank=True)
    # Grouping codes (市辖区, 县, 省直辖县级行政单位 …) and codes the current standard no longer
    # lists: never offered in a picker, kept so that old identity numbers still validate.
    lookup_only = models.BooleanField(
        _("仅供核对"), default=False, help_text=_("汇总码或已不在现行标准中的代码：不供选择，只用于核对旧证件号码。")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="region_code_period_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(valid_until__isnull=True),
                name="region_current_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def shown(self) -> str:
        """The name as pages show it (``shown_name``)."""
        return shown_name(self.name, self.name_en)

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class CodeKind(models.TextChoices):
    ETHNIC_GROUP = "ethnic_group", _("民族")
    POLITICAL_STATUS = "political_status", _("政治面貌")
    EDUCATION_LEVEL = "education_level", _("学历")
    DEGREE = "degree", _("学位")
    STUDY_FORM = "study_form", _("学习形式")
    MANDARIN_GRADE = "mandarin_grade", _("普通话水平等级")
    DOCUMENT_TYPE = "document_type", _("证件类型")
    SCHOOL_NATURE = "school_nature", _("任教学校性质")
    SCHOOL_LOCATION = "school_location", _("任教学校所在地")
    POST_NATURE = "post_nature", _("岗位性质")
    MAJOR_CATEGORY = "major_category", _("最高学历专业类别")
    SCHOOL_TYPE = "school_type", _("毕业学校办学类型")
    TEACHER_TITLE = "teacher_title", _("教师职务（职称）")
    SEX = "sex", _("性别")


class CodeItem(models.Model):
    """One value of a flat or shallow code table (the real system's ``t_dict``).

    ``standard_code`` maps our value to its national standard where the real system's
    list is coarser (学历 → GB/T 4658). ``extra`` holds per-table attributes such as
    the qualification types a 学历 is offered for, or a legacy title's new level.
    Group nodes (``is_selectable=False``) structure a tree but cannot be chosen.
    """

    kind = models.CharField(_("代码表"), max_length=32, choices=CodeKind.choices)
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(_("英文名"), max_length=100, blank=True)
    standard_code = models.CharField(_("国家标准代码"), max_length=16, blank=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_selectable = models.BooleanField(_("可选择"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    extra = models.JSONField(_("附加属性"), default=dict, blank=True)

    class Meta:
        verbose_name = _("代码项")
        verbose_name_plural = _("代码项")
        ordering = ["kind", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="codeitem_kind_code_unique")]
        indexes = [models.Index(fields=["kind", "is_active", "sort_order"])]

    def __str__(self) -> str:
        return shown_name(self.name, self.name_en)


class TeachingStage(models.Model):
    """现任教学段 (dict 23; the first five are offered)."""

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    name_en = models.CharField(_("英文名"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("学段")
        verbose_name_plural = _("学段")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class CertifyingLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class QualificationType(models.Model):
    """资格种类 1–7: the 10th digit of a 17-digit certificate number (domain.md §5.4)."""

    code = models.CharField(_("代码"), max_length=1, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名"), max_length=100, blank=True)
    certifying_level = models.CharField(_("认定机构层级"), max_length=8, choices=CertifyingLevel.choices)
    stage = models.ForeignKey(TeachingStage, models.PROTECT, null=True, blank=True, verbose_name=_("对应学段"))
    # 高等学校教师资格 appears in the certificate list but cannot be registered (§5.4).
    usable_for_registration = models.BooleanField(_("可用于中小学定期注册"), default=True)

    class Meta:
        verbose_name = _("资格种类")
        verbose_name_plural = _("资格种类")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SubjectTree(models.TextChoices):
    CERTIFICATE = "certificate", _("证书任教学科")
    CURRENT = "current", _("现任教学科")


class Subject(models.Model):
    """A node of one of the two subject trees (domain.md §5.6).

    The certificate tree is filtered by qualification type and the issuing province and
    keeps historic names (外语, 自然 …) that old certificates carry; the current tree is
    filtered by teaching stage and province. A row with a province applies only there.
    """

    tree = models.CharField(_("学科树"), max_length=12, choices=SubjectTree.choices)
    code = models.CharField(_("代码"), max_length=16)
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名"), max_length=100, blank=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    qualification_type = models.ForeignKey(
        QualificationType, models.PROTECT, null=True, blank=True, verbose_name=_("资格种类")
    )
    stage = models.ForeignKey(TeachingStage, models.PROTECT, null=True, blank=True, verbose_name=_("学段"))
    province = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, verbose_name=_("适用省份"), related_name="+"
    )
    is_historic = models.BooleanField(_("历史名称"), default=False)
    is_selectable = models.BooleanField(_("可选择"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    # The pre-unification subject code some old certificates carry (C03 语文, B03 外语 …).
    legacy_code = models.CharField(_("旧学科代码"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("学科")
        verbose_name_plural = _("学科")
        ordering = ["tree", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["tree", "code"], name="subject_tree_code_unique")]
        indexes = [models.Index(fields=["tree", "name"])]

    def __str__(self) -> str:
        return self.name


class MajorCatalogue(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("普通高等学校本科专业目录")
    VOCATIONAL_HIGHER = "vocational_higher", _("高等职业教育专科专业目录")
    VOCATIONAL_SECONDARY = "vocational_secondary", _("中等职业教育专业目录")
    NONE = "none", _("无")


class Major(models.Model):
    """A node of the 所学专业 tree: discipline → category → major; only leaves are chosen."""

    catalogue = models.CharField(_("目录"), max_length=24, choices=MajorCatalogue.choices)
    code = models.CharField(_("代码"), max_length=16)
    name = models.CharField(_("名称"), max_length=80)
    name_en = models.CharField(_("英文名"), max_length=120, blank=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    is_teaching_related = models.BooleanField(_("师范/教育类"), default=False)
    is_selectable = models.BooleanField(_("可选择"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("所学专业")
        verbose_name_plural = _("所学专业")
        ordering = ["catalogue", "code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="major_catalogue_code_unique")]
        indexes = [models.Index(fields=["catalogue", "name"])]

    def __str__(self) -> str:
        return self.name


class SchoolStatus(models.TextChoices):
    VERIFIED = "verified", _("已核实")
    PENDING = "pending", _("待核实")
    REJECTED = "rejected", _("已驳回")
    # A duplicate folded into another row by an administrator; kept so that old links resolve.
    MERGED = "merged", _("已合并")


# The 办学类型 for which no province is asked: the school is outside the mainland.
OVERSEAS_SCHOOL_TYPE = "overseas"


class GraduationSchool(models.Model):
    """毕业学校 (manual §3.1.2 step 2, issue 4 item 6).

    Seeded rows are verified. An applicant who cannot find a school adds it: the row is
    ``pending``, usable at once by that applicant, and public only once an administrator
    verifies it. Duplicates are merged: every reference moves to the kept row and the others
    stay as ``merged`` with ``merged_into`` set, so nothing that pointed at them breaks.
    """

    name = models.CharField(_("学校名称"), max_length=100)
    province = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所在省份")
    )
    school_type = models.ForeignKey(
        CodeItem,
        models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": CodeKind.SCHOOL_TYPE},
        verbose_name=_("办学类型"),
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.VERIFIED)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    # The applicant who proposed a school that was not in the list; empty for seeded rows.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添加人"),
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_schools",
        verbose_name=_("合并到"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("毕业学校")
        verbose_name_plural = _("毕业学校")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["status", "province"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=SchoolStatus.MERGED, merged_into__isnull=False)
                    | (~models.Q(status=SchoolStatus.MERGED) & models.Q(merged_into__isnull=True))
                ),
                name="graduationschool_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class CalendarDay(models.Model):
    """A day that breaks the Monday–Friday rule (P10): a holiday on a weekday, or a
    weekend day worked to make up for one."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=30, blank=True)
    # Seeded before the State Council announced the year's arrangement: the statutory days
    # only, without the make-up days. An administrator clears it when entering the real plan.
    is_provisional = models.BooleanField(_("暂定"), default=False)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
