"""The application (定期注册申请) and its draft.

A draft is the applicant's work in progress: never visible to staff, never counted as an
application (P14). An application exists from the moment it shows its number; it holds a
snapshot of everything the manual's steps 2 and 3 collect.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.documents.storage import private_storage
from teacherreg.registration.workflow import NOT_LIVE, Status


class ApplicationSource(models.TextChoices):
    """domain.md §2.1 ``data_from``: 0 网上申报, 1 后台采集 (issue 6 item 4)."""

    ONLINE = "online", _("网上申报")
    OFFICE = "office", _("后台采集")


class RegistrationKind(models.TextChoices):
    FIRST = "first", _("首次注册")
    PERIODIC = "periodic", _("定期注册")


def photo_path(instance: models.Model, filename: str) -> str:
    # Never the uploaded name: it may carry path tricks or personal data (security.md §4.4).
    return str(PurePosixPath("application-photos") / f"{uuid.uuid4().hex}.jpg")


def _code(kind: str, label: str) -> models.ForeignKey:
    return models.ForeignKey(
        "reference.CodeItem",
        models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": kind},
        related_name="+",
        verbose_name=label,
    )


class ApplicationCounter(models.Model):
    """P16: the last sequence number used by an agency in a year, locked with
    SELECT … FOR UPDATE in the submit transaction so numbers are gapless."""

    agency = models.ForeignKey("organisations.Organisation", models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("报名号计数器")
        verbose_name_plural = _("报名号计数器")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="counter_agency_year_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_value}"


class Application(models.Model):
    # --- identity of the case --------------------------------------------------------
    number = models.CharField(_("注册报名号"), max_length=15, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="applications", verbose_name=_("申请人")
    )
    registration_year = models.PositiveSmallIntegerField(_("注册年度"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # The same key sent twice returns the first result instead of a second application.
    idempotency_key = models.UUIDField(_("提交标识"), unique=True, default=uuid.uuid4)
    registration_kind = models.CharField(_("注册类型"), max_length=10, choices=RegistrationKind.choices)
    registration_ordinal = models.PositiveSmallIntegerField(_("第几次注册"), default=1)
    submitted_at = models.DateTimeField(_("提交时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"))
    # The two moments 统计 measures (issue 7), read from the decisions in force (P15) and kept
    # here by registration.services.milestones whenever one is recorded or undone, so that the
    # statistics page counts them from one index instead of searching every case's decisions.
    first_confirmed_at = models.DateTimeField(_("首次确认时间"), null=True, blank=True, editable=False)
    concluded_at = models.DateTimeField(_("注册结论时间"), null=True, blank=True, editable=False)
    # 公示 (issue 6 item 4): set when the county publishes its proposal; the end is its last day.
    notice_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    precheck_findings = models.JSONField(_("资格预检结果"), default=list, blank=True)
    # 后台采集: an agency entered the application for a teacher who could not apply online.
    source = models.CharField(
        _("数据来源"), max_length=8, choices=ApplicationSource.choices, default=ApplicationSource.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人（后台采集）"),
    )

    # --- step 2: personal data (snapshot at submission; P9 for later name changes) ----
    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(_("证件类型"), max_length=24)
    document_number = EncryptedTextField(_("证件号码"))
    # P14's person key: the same document is the same person, whatever the account.
    document_number_index = BlindIndexField(source="document_number", normaliser="document_number")
    sex = models.CharField(_("性别"), max_length=6)
    birth_date = models.DateField(_("出生日期"))
    ethnic_group = _code("ethnic_group", _("民族"))
    political_status = _code("political_status", _("政治面貌"))
    household_registration = models.CharField(_("户籍所在地"), max_length=60)
    postal_address = models.CharField(_("通讯地址"), max_length=100)
    postcode = models.CharField(_("通讯邮编"), max_length=6)
    phone = EncryptedTextField(_("手机号码"))
    # Private: served only through a view that checks who asks (security.md §1.7).
    photo = models.ImageField(_("个人照片"), storage=private_storage, upload_to=photo_path, blank=True)

    # --- step 2: the certificate -------------------------------------------------------
    certificate = models.ForeignKey(
        "certificates.Certificate", models.PROTECT, related_name="applications", verbose_name=_("教师资格证书")
    )
    # P14's certificate key: the normalised 17-digit number.
    certificate_key = models.CharField(_("证书号码"), max_length=17)

    # --- step 2: education and work ----------------------------------------------------
    mandarin_grade = _code("mandarin_grade", _("普通话水平"))
    education_level = _code("education_level", _("最高学历"))
    major_category = _code("major_category", _("最高学历专业类别"))
    degree = _code("degree", _("最高学位"))
    study_form = _code("study_form", _("学习形式"))
    major = models.ForeignKey(
        "reference.Major", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所学专业")
    )
    graduation_school = models.ForeignKey(
        "reference.GraduationSchool",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("毕业学校"),
    )
    graduation_school_name = models.CharField(_("毕业学校名称"), max_length=100)
    graduated_on = models.DateField(_("毕业时间"))
    # The personal-centre records chosen in step 2 (national or entered, see records.models).
    # A live application that references one locks it there (manual §2.1); PROTECT keeps even
    # a withdrawn application's reference, so the records app hides such rows instead.
    mandarin_record = models.ForeignKey(
        "records.MandarinRecord",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("普通话证书"),
    )
    education_record = models.ForeignKey(
        "records.EducationRecord",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("最高学历记录"),
    )
    degree_record = models.ForeignKey(
        "records.DegreeRecord",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("最高学位记录"),
    )
    current_school = models.CharField(_("现任教学校"), max_length=60)
    school_nature = _code("school_nature", _("任教学校性质"))
    school_location = _code("school_location", _("任教学校所在地"))
    started_work_on = models.DateField(_("开始参加工作时间"))
    employed_since = models.DateField(_("本单位聘用起始日期"))
    teacher_title = _code("teacher_title", _("教师职务"))
    post_nature = _code("post_nature", _("岗位性质"))

    # --- step 3: where it is registered --------------------------------------------------
    current_stage = models.ForeignKey(
        "reference.TeachingStage", models.PROTECT, related_name="+", verbose_name=_("现任教学段")
    )
    current_subject = models.ForeignKey(
        "reference.Subject", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("现任教学科")
    )
    agency = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="applications", verbose_name=_("注册机构")
    )
    confirmation_point = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="confirmations", verbose_name=_("确认点")
    )
    window = models.ForeignKey("registration.ApplicationWindow", models.PROTECT, related_name="applications")
    arrangement = models.ForeignKey("registration.ConfirmationArrangement", models.PROTECT, related_name="applications")

    class Meta:
        verbose_name = _("定期注册申请")
        verbose_name_plural = _("定期注册申请")
        ordering = ["-submitted_at"]
        constraints = [
            # P14, enforced by the database so that two concurrent submits cannot both win.
            models.UniqueConstraint(
                fields=["document_number_index", "registration_year"],
                condition=~Q(status__in=sorted(NOT_LIVE)),
                name="application_one_live_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["certificate_key", "registration_year"],
                condition=~Q(status__in=sorted(NOT_LIVE)),
                name="application_one_live_per_certificate_year",
            ),
        ]
        indexes = [
            models.Index(fields=["confirmation_point", "status", "submitted_at"]),
            models.Index(fields=["agency", "status", "submitted_at"]),
            models.Index(fields=["applicant", "registration_year"]),
            # The desk's default queue (office.desk_queries.keyset_page): a point's cases awaiting
            # confirmation in number order, read 51 at a time without walking the older years'
            # numbers (bench/scale.py: 56 ms → 0.3 ms at 100k applications).
            models.Index(
                fields=["confirmation_point", "number"],
                condition=Q(status__in=["returned", "submitted"]),
                name="application_point_awaiting",
            ),
            # The review queues (office.views.review_queue): an agency's cases waiting for a
            # review step, in number order, so a page stops after 51 rows whatever the season's
            # size (the scope names the agency: office.scope).
            models.Index(
                fields=["agency", "number"],
                condition=Q(
                    status__in=["confirmed", "county_review", "public_notice", "city_review", "province_review"]
                ),
                name="application_agency_reviewing",
            ),
            # 统计 (registration.services.statistics): a scope's cases with every column the page
            # counts, read from the index alone (bench/scale.py: a scan of the 84 MB table per
            # count before). The agency leads, as the office scope names agencies: one agency's
            # cases of a year are one range, and so are all its years for the choice of year.
            models.Index(
                fields=["agency", "registration_year", "confirmation_point"],
                include=[
                    "status",
                    "submitted_at",
                    "current_stage",
                    "current_subject",
                    "first_confirmed_at",
                    "concluded_at",
                ],
                name="application_statistics",
            ),
            # The pre-check findings are counted from the few applications that have any.
            models.Index(
                fields=["agency", "registration_year", "confirmation_point"],
                condition=~Q(precheck_findings=[]),
                name="application_with_findings",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ApplicationDraft(models.Model):
    """Work in progress, saved at every step (style.md lesson 5). The answers are stored
    encrypted as one JSON document; ``version`` detects two tabs saving over each other."""

    applicant = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="application_draft", verbose_name=_("申请人")
    )
    payload = EncryptedTextField(_("已填写内容"), default="{}")
    current_step = models.PositiveSmallIntegerField(_("当前步骤"), default=1)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("报名草稿")
        verbose_name_plural = _("报名草稿")

    def __str__(self) -> str:
        return f"draft #{self.pk}"
