"""Teacher records used by the eligibility pre-check (domain.md §1.4, §1.7).

They arrive by import from schools and agencies, often before the teacher has an account,
so they are keyed by the person's document blind index rather than by a user row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import BlindIndexField, EncryptedTextField


class RecordSource(models.TextChoices):
    IMPORTED = "imported", _("导入")
    NATIONAL = "national", _("全国系统")
    ENTERED = "entered", _("工作人员录入")


class PersonRecord(models.Model):
    person_document_number = EncryptedTextField(_("身份证件号码"))
    person_index = BlindIndexField(source="person_document_number", normaliser="document_number", db_index=True)
    source = models.CharField(_("来源"), max_length=10, choices=RecordSource.choices, default=RecordSource.IMPORTED)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True


class AssessmentGrade(models.TextChoices):
    """事业单位 annual-assessment grades (S30), plus 未参加/未定等次 for Fujian's rule."""

    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    BASIC_PASS = "basic_pass", _("基本合格")
    FAIL = "fail", _("不合格")
    NOT_RATED = "not_rated", _("未参加/未定等次")


class AnnualAssessment(PersonRecord):
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=12, choices=AssessmentGrade.choices)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["person_index", "year"]
        constraints = [models.UniqueConstraint(fields=["person_index", "year"], name="annual_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"


class TrainingLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    SCHOOL = "school", _("校本")


class TrainingRecord(PersonRecord):
    """Training hours by level: some provinces require hours at given levels (Hebei 260 + 100)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("培训级别"), max_length=10, choices=TrainingLevel.choices)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    title = models.CharField(_("培训项目"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("培训学时")
        verbose_name_plural = _("培训学时")
        ordering = ["person_index", "year"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gte=0), name="training_hours_not_negative")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()} {self.hours}"


class EthicsResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class EthicsAssessment(PersonRecord):
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("师德考核结果"), max_length=6, choices=EthicsResult.choices)

    class Meta:
        verbose_name = _("师德考核")
        verbose_name_plural = _("师德考核")
        ordering = ["person_index", "year"]
        constraints = [models.UniqueConstraint(fields=["person_index", "year"], name="ethics_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class TeachingSuspension(PersonRecord):
    """Teaching suspended; over one semester defers registration unless excused (进修, 病休, 产假 …)."""

    starts_on = models.DateField(_("中止开始"))
    ends_on = models.DateField(_("中止结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100, blank=True)
    is_excused = models.BooleanField(_("经批准（进修、培训、病休、产假等）"), default=False)

    class Meta:
        verbose_name = _("中止教学记录")
        verbose_name_plural = _("中止教学记录")

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on or ''}"


class ProbationAssessment(PersonRecord):
    """首次注册 needs the probation assessment passed (due within 60 days of it)."""

    assessed_on = models.DateField(_("考核日期"))
    passed = models.BooleanField(_("考核合格"))

    class Meta:
        verbose_name = _("试用期考核")
        verbose_name_plural = _("试用期考核")

    def __str__(self) -> str:
        return f"{self.assessed_on} {'合格' if self.passed else '不合格'}"
