"""Teacher qualification certificates, their registration records and restrictions
(domain.md §1.8, §4.2, §5)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teacherreg.common.dates import add_years
from teacherreg.common.fields import BlindIndexField, EncryptedTextField
from teacherreg.common.normalise import certificate_number
from teacherreg.documents.storage import private_storage, uuid_name

# Scans of hand-added certificates (P13): private storage, names made by the server.
SCAN_FOLDER = "certificate-scans"


class CertificateSource(models.TextChoices):
    SYNCED = "synced", _("全国系统同步")
    MANUAL = "manual", _("申请人添加")


class VerificationState(models.TextChoices):
    VERIFIED = "verified", _("已核验")
    PENDING = "pending", _("待人工核验")
    REJECTED = "rejected", _("核验未通过")


def _scan_name(instance: models.Model, filename: str) -> str:
    return uuid_name(SCAN_FOLDER)


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def manual(self) -> CertificateQuerySet:
        return self.filter(source=CertificateSource.MANUAL)

    def awaiting_verification(self) -> CertificateQuerySet:
        return self.manual().filter(verification_state=VerificationState.PENDING)


class Certificate(models.Model):
    """A 教师资格证书. ``number`` is the normalised 17-digit key (P14): a 15-digit number is
    stored with "19" in front, and ``number_as_printed`` keeps what the certificate shows.

    A hand-added certificate (``source=MANUAL``, manual §3.1.2 step 2) starts 待核验 and is
    verified by staff of its province (``services.verification``). While it is not verified it
    is marked in every list, it *may* be used in an application (the manual lets the applicant
    go on and bring the original to on-site confirmation), and the confirmation point is told to
    check the original (:attr:`needs_manual_check`).
    """

    number = models.CharField(_("证书号码"), max_length=17, unique=True)
    number_as_printed = models.CharField(_("证书上的号码"), max_length=17)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("持证人账号"),
    )
    holder_name = models.CharField(_("持证人"), max_length=50)
    holder_document_type = models.CharField(_("证件类型"), max_length=24, blank=True)
    holder_document_number = EncryptedTextField(_("身份证件号码"))
    holder_document_index = BlindIndexField(
        source="holder_document_number", normaliser="document_number", db_index=True
    )
    qualification_type = models.ForeignKey(
        "reference.QualificationType", models.PROTECT, related_name="+", verbose_name=_("资格种类")
    )
    subject = models.ForeignKey(
        "reference.Subject", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("任教学科")
    )
    # Old certificates carry subject names that no longer exist in the tree; keep them as printed.
    subject_as_printed = models.CharField(_("证书上的任教学科"), max_length=60, blank=True)
    issuing_agency = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("认定机构"),
    )
    issuing_agency_name = models.CharField(_("认定机构名称"), max_length=100, blank=True)
    issued_on = models.DateField(_("证书签发日期"))
    province = models.ForeignKey("reference.Region", models.PROTECT, related_name="+", verbose_name=_("所属省份"))
    source = models.CharField(_("来源"), max_length=8, choices=CertificateSource.choices)
    verification_state = models.CharField(
        _("核验状态"), max_length=10, choices=VerificationState.choices, default=VerificationState.VERIFIED
    )
    # 所属市 of a hand-added certificate (the register's rows carry only the province).
    city = models.ForeignKey(
        "reference.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所属市")
    )
    scan = models.FileField(_("证书照片"), storage=private_storage, upload_to=_scan_name, max_length=200, blank=True)
    # Hand-added certificates: who added it and the verification decision.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添加人"),
    )
    submitted_at = models.DateTimeField(_("提交核验时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核验人"),
    )
    rejection_reason = models.TextField(_("核验不通过原因"), blank=True)
    # A register record the register does not list (before 2008, no first registration) that
    # its holder took over by adding it by hand: never deleted by the holder.
    from_register = models.BooleanField(_("全国系统原有记录"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("教师资格证书")
        verbose_name_plural = _("教师资格证书")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.number_as_printed

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.number_as_printed:
            self.number_as_printed = self.number
        self.number = certificate_number(self.number_as_printed)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def certification_year(self) -> int:
        return int(self.number[:4])

    @property
    def is_manual(self) -> bool:
        return self.source == CertificateSource.MANUAL

    @property
    def needs_manual_check(self) -> bool:
        """See :func:`teacherreg.certificates.services.verification.needs_manual_check`."""
        return self.is_manual and self.verification_state != VerificationState.VERIFIED


def _photo_name(instance: models.Model, filename: str) -> str:
    return uuid_name(SCAN_FOLDER)


class CertificatePhoto(models.Model):
    """An extra photo of a hand-added certificate (添加补充照片): another page, the back, the
    registration stickers. Same rules and storage as the main scan."""

    certificate = models.ForeignKey(Certificate, models.CASCADE, related_name="photos", verbose_name=_("证书"))
    image = models.FileField(_("照片"), storage=private_storage, upload_to=_photo_name, max_length=200)
    position = models.PositiveSmallIntegerField(_("序号"), default=1)

    class Meta:
        verbose_name = _("证书补充照片")
        verbose_name_plural = _("证书补充照片")
        ordering = ["certificate", "position"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "position"], name="certificate_photo_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} #{self.position}"


class ManualCertificate(Certificate):
    """The verification queue (P21: in the Django admin until the office issue): hand-added
    certificates only, scoped to the reviewer's province."""

    class Meta:
        proxy = True
        verbose_name = _("手动添加证书核验")
        verbose_name_plural = _("手动添加证书核验")


class Conclusion(models.TextChoices):
    QUALIFIED = "qualified", _("注册合格")
    DEFERRED = "deferred", _("暂缓注册")
    UNQUALIFIED = "unqualified", _("注册不合格")
    REVOKED = "revoked", _("撤销注册")


class RegistrationRecord(models.Model):
    """One concluded registration of a certificate (the 结论贴 in the certificate).

    P18: a 合格 record is valid five years from the later of its decision date and the day
    after the previous record's end; ``ordinal`` counts 合格 registrations only.
    """

    certificate = models.ForeignKey(Certificate, models.CASCADE, related_name="registrations", verbose_name=_("证书"))
    ordinal = models.PositiveSmallIntegerField(_("第几次注册"), null=True, blank=True)
    is_first_registration = models.BooleanField(_("首次注册"), default=False)
    conclusion = models.CharField(_("注册结论"), max_length=12, choices=Conclusion.choices)
    decided_on = models.DateField(_("结论日期"))
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    agency = models.ForeignKey("organisations.Organisation", models.PROTECT, null=True, blank=True, related_name="+")
    # The application that produced it, by number (kept as text: history imported from the
    # old system has no application row here).
    application_number = models.CharField(_("注册报名号"), max_length=15, blank=True)
    sticker_serial = models.CharField(_("结论贴编号"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("注册记录")
        verbose_name_plural = _("注册记录")
        ordering = ["certificate", "decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__lte=models.F("valid_until")),
                name="registration_record_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.get_conclusion_display()} {self.decided_on}"


class RestrictionKind(models.TextChoices):
    """限制库 types (domain.md §1.8) with the official durations."""

    LOST = "lost", _("丧失教师资格")
    REVOKED_CONDUCT = "revoked_conduct", _("撤销教师资格（品行不良、侮辱学生）")
    REVOKED_FRAUD = "revoked_fraud", _("撤销教师资格（弄虚作假、骗取教师资格）")
    EXAM_CHEATING = "exam_cheating", _("考试作弊")
    OTHER = "other", _("其他限制")


# Years a restriction stays in force; None = for life. P19.
RESTRICTION_YEARS: dict[str, int | None] = {
    RestrictionKind.LOST: None,
    RestrictionKind.REVOKED_CONDUCT: 5,
    RestrictionKind.REVOKED_FRAUD: 5,
    RestrictionKind.EXAM_CHEATING: 3,
    RestrictionKind.OTHER: None,
}


class Restriction(models.Model):
    """A restriction in the 限制库, on a person (by document) and optionally one certificate."""

    kind = models.CharField(_("限制类型"), max_length=16, choices=RestrictionKind.choices)
    holder_document_number = EncryptedTextField(_("身份证件号码"))
    holder_document_index = BlindIndexField(
        source="holder_document_number", normaliser="document_number", db_index=True
    )
    certificate = models.ForeignKey(Certificate, models.CASCADE, null=True, blank=True, related_name="restrictions")
    starts_on = models.DateField(_("生效日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("为空表示终身"))
    is_lifted = models.BooleanField(_("已解除"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("限制记录")
        verbose_name_plural = _("限制记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.ends_on is None and self.starts_on is not None:
            years = RESTRICTION_YEARS.get(self.kind)
            if years is not None:
                self.ends_on = add_years(self.starts_on, years)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def in_force_on(self, day: datetime.date) -> bool:
        if self.is_lifted or day < self.starts_on:
            return False
        return self.ends_on is None or day < self.ends_on


class CertificateLookup(models.Model):
    """One third-party query (其他查询), matched or not (issue 4 item 5).

    The holder sees when their certificate was looked up and by which (masked) phone; the
    requester's phone is kept encrypted, the address only as a keyed hash."""

    certificate = models.ForeignKey(
        Certificate, models.CASCADE, null=True, blank=True, related_name="lookups", verbose_name=_("证书")
    )
    matched = models.BooleanField(_("查到"), default=False)
    requester_phone = EncryptedTextField(_("查询人手机号码"))
    requester_phone_index = BlindIndexField(source="requester_phone", normaliser="phone", db_index=True)
    requester_ip_hash = models.CharField(_("查询人地址摘要"), max_length=64, blank=True)
    looked_up_at = models.DateTimeField(_("查询时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("证书查询记录")
        verbose_name_plural = _("证书查询记录")
        ordering = ["-looked_up_at"]

    def __str__(self) -> str:
        return f"{self.looked_up_at:%Y-%m-%d %H:%M} {'✓' if self.matched else '✗'}"
