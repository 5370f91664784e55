"""The record modules of the personal information centre (manual §2; issue 4 item 1).

Design: **one model per kind of record, holding both origins.** A Mandarin certificate, an
education record or a degree either comes from the national records (``source`` 全国系统, or
导入 when the office imported it) or is typed in by the applicant with a scan (本人录入). Both
are rows of the same model, so that:

- step 2 of the application points at one model per kind (``Application.mandarin_record``,
  ``education_record``, ``degree_record``) whichever the origin, and
- "locked once used in a submitted application" (manual §2.1) is one rule for every row:
  a live application references it (:func:`teacherreg.records.services.is_locked`).

National rows are keyed by the person's document blind index, as ``profiles`` does, because
they arrive by import before the person has an account. Entered rows belong to the ``owner``
account and wait for staff review (待核验 → 已核验 / 核验未通过 with a reason). Pages read the
national part through the lookup interface in ``records.national`` so that a real feed can
replace these tables; the table backend simply reads the national/imported rows here.

Exam results (教师资格考试) are national only and never chosen in an application; other
certificates (其他证书) are entered only and never used by one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.documents.storage import private_storage, uuid_name

SCAN_FOLDER = "record-scans"


class RecordSource(models.TextChoices):
    NATIONAL = "national", _("全国系统")
    IMPORTED = "imported", _("导入")
    ENTERED = "entered", _("本人录入")


# Rows that come from outside the applicant's hands: verified by where they come from.
NATIONAL_SOURCES = (RecordSource.NATIONAL, RecordSource.IMPORTED)


class VerificationState(models.TextChoices):
    PENDING = "pending", _("待核验")
    VERIFIED = "verified", _("已核验")
    REJECTED = "rejected", _("核验未通过")


def _scan_name(instance: models.Model, filename: str) -> str:
    # Never the uploaded name (security.md §4.4): the server chooses it.
    return uuid_name(SCAN_FOLDER)


class RecordQuerySet(models.QuerySet):
    def national_for(self, person_index: str) -> RecordQuerySet:
        return self.filter(source__in=NATIONAL_SOURCES, person_index=person_index)

    def entered_by(self, user: models.Model) -> RecordQuerySet:
        """The applicant's own entries that are still shown (not removed)."""
        return self.filter(source=RecordSource.ENTERED, owner=user, removed_at__isnull=True)


class EnteredEntryManager(models.Manager):
    """Manager of the review-queue proxies: applicant-entered rows only."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(source=RecordSource.ENTERED)


class BaseRecord(models.Model):
    """What every record row holds: its origin, whose it is, its scan and its verification.

    National/imported rows fill ``person_document_number`` (and so ``person_index``) and leave
    ``owner`` empty; entered rows fill ``owner`` and a ``scan``. A row that an application
    (even a withdrawn one) still references is never deleted: ``removed_at`` hides it.
    """

    source = models.CharField(_("来源"), max_length=10, choices=RecordSource.choices, default=RecordSource.NATIONAL)
    person_document_number = EncryptedTextField(_("身份证件号码"), blank=True)
    person_index = BlindIndexField(
        source="person_document_number", normaliser="document_number", db_index=True, null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    scan = models.FileField(_("证书扫描件"), storage=private_storage, upload_to=_scan_name, max_length=200, blank=True)
    verification_state = models.CharField(
        _("核验状态"), max_length=10, choices=VerificationState.choices, default=VerificationState.VERIFIED
    )
    rejection_reason = models.CharField(_("核验未通过原因"), max_length=500, blank=True)
    # Entered rows: which province's staff review it, by the owner's document as a manual
    # identity review is (``identity.services.review.review_province_code``); blank for other
    # documents, which only the national level sees. Stored because the number is encrypted.
    province_code = models.CharField(_("证件所属省份代码"), max_length=2, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核验人"),
    )
    reviewed_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_entered(self) -> bool:
        return self.source == RecordSource.ENTERED

    @property
    def is_pending(self) -> bool:
        return self.verification_state == VerificationState.PENDING


def _origin_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Entered rows have an owner; national and imported rows have a person; a rejection
    always carries the reason the applicant is shown."""
    return [
        models.CheckConstraint(
            condition=(Q(source=RecordSource.ENTERED) & Q(owner__isnull=False))
            | (~Q(source=RecordSource.ENTERED) & Q(person_index__isnull=False)),
            name=f"{prefix}_origin_has_person",
        ),
        models.CheckConstraint(
            condition=~Q(verification_state=VerificationState.REJECTED, rejection_reason=""),
            name=f"{prefix}_rejection_has_reason",
        ),
    ]


def _code(kind: str, label: str, **options: object) -> models.ForeignKey:
    return models.ForeignKey(
        "reference.CodeItem",
        models.PROTECT,
        limit_choices_to={"kind": kind},
        related_name="+",
        verbose_name=label,
        **options,
    )


class MandarinRecord(BaseRecord):
    """普通话水平测试等级证书."""

    grade = _code("mandarin_grade", _("等级"))
    certificate_number = models.CharField(_("证书编号"), max_length=40)
    issued_on = models.DateField(_("测试/发证日期"))
    issuing_body = models.CharField(_("发证单位"), max_length=100)

    class Meta:
        verbose_name = _("普通话证书")
        verbose_name_plural = _("普通话证书")
        ordering = ["-issued_on", "pk"]
        constraints = _origin_constraints("records_mandarin")
        indexes = [models.Index(fields=["source", "verification_state"])]

    def __str__(self) -> str:
        return f"{self.grade} {self.certificate_number}"


class EducationRecord(BaseRecord):
    """学历学籍: one completed education with its 毕业证书."""

    education_level = _code("education_level", _("学历"))
    graduation_school = models.ForeignKey(
        "reference.GraduationSchool",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("毕业学校"),
    )
    # The name as the record gives it: national rows name schools the directory may lack.
    school_name = models.CharField(_("毕业学校名称"), max_length=100)
    major = models.ForeignKey(
        "reference.Major", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所学专业（目录）")
    )
    major_name = models.CharField(_("所学专业"), max_length=80)
    graduated_on = models.DateField(_("毕业时间"))
    study_form = _code("study_form", _("学习形式"), null=True, blank=True)
    certificate_number = models.CharField(_("毕业证书编号"), max_length=40)

    class Meta:
        verbose_name = _("学历学籍")
        verbose_name_plural = _("学历学籍")
        ordering = ["education_level__sort_order", "-graduated_on", "pk"]
        constraints = _origin_constraints("records_education")
        indexes = [models.Index(fields=["source", "verification_state"])]

    def __str__(self) -> str:
        return f"{self.education_level} {self.school_name}"


class DegreeRecord(BaseRecord):
    """学位证书."""

    degree = _code("degree", _("学位"))
    graduation_school = models.ForeignKey(
        "reference.GraduationSchool",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("学位授予单位"),
    )
    school_name = models.CharField(_("学位授予单位名称"), max_length=100)
    major = models.ForeignKey(
        "reference.Major", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所学专业（目录）")
    )
    major_name = models.CharField(_("所学专业"), max_length=80)
    awarded_on = models.DateField(_("授予日期"))
    certificate_number = models.CharField(_("学位证书编号"), max_length=40)

    class Meta:
        verbose_name = _("学位证书")
        verbose_name_plural = _("学位证书")
        ordering = ["degree__sort_order", "-awarded_on", "pk"]
        constraints = _origin_constraints("records_degree")
        indexes = [models.Index(fields=["source", "verification_state"])]

    def __str__(self) -> str:
        return f"{self.degree} {self.school_name}"


class OtherCertificate(BaseRecord):
    """其他证书: anything else the applicant wants on file (entered only)."""

    name = models.CharField(_("证书名称"), max_length=60)
    certificate_number = models.CharField(_("证书编号"), max_length=40)
    issuing_body = models.CharField(_("发证单位"), max_length=100)
    issued_on = models.DateField(_("发证日期"))

    class Meta:
        verbose_name = _("其他证书")
        verbose_name_plural = _("其他证书")
        ordering = ["-issued_on", "pk"]
        constraints = _origin_constraints("records_other")
        indexes = [models.Index(fields=["source", "verification_state"])]

    def __str__(self) -> str:
        return self.name


class ExamResult(models.Model):
    """教师资格考试 (NTCE) results from the national records: one row per subject sitting.

    ``certificate_number`` and ``valid_until`` are those of the 考试合格证明 once every subject
    of the qualification has been passed; a single passed subject carries its own validity.
    """

    source = models.CharField(
        _("来源"),
        max_length=10,
        choices=[(s.value, s.label) for s in NATIONAL_SOURCES],
        default=RecordSource.NATIONAL,
    )
    person_document_number = EncryptedTextField(_("身份证件号码"))
    person_index = BlindIndexField(source="person_document_number", normaliser="document_number", db_index=True)
    subject_name = models.CharField(_("科目"), max_length=60)
    exam_session = models.CharField(_("考试批次"), max_length=30, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("合格"))
    certificate_number = models.CharField(_("考试合格证明编号"), max_length=40, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("教师资格考试成绩")
        verbose_name_plural = _("教师资格考试成绩")
        ordering = ["person_index", "-exam_session", "subject_name"]

    def __str__(self) -> str:
        return f"{self.exam_session} {self.subject_name}"


# --- review-queue proxies: the entered rows of each kind, for the admin ------------------


class MandarinEntry(MandarinRecord):
    objects = EnteredEntryManager()

    class Meta:
        proxy = True
        verbose_name = _("普通话证书录入（待核验队列）")
        verbose_name_plural = _("普通话证书录入（待核验队列）")


class EducationEntry(EducationRecord):
    objects = EnteredEntryManager()

    class Meta:
        proxy = True
        verbose_name = _("学历录入（待核验队列）")
        verbose_name_plural = _("学历录入（待核验队列）")


class DegreeEntry(DegreeRecord):
    objects = EnteredEntryManager()

    class Meta:
        proxy = True
        verbose_name = _("学位录入（待核验队列）")
        verbose_name_plural = _("学位录入（待核验队列）")
