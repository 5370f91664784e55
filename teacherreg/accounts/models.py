"""Accounts: applicants keyed by their normalised document number (P3), staff by a login
name, and staff memberships (user ↔ organisation ↔ role, P21)."""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.common.fields import BlindIndexField, EncryptedTextField, index_for

# P7: accounts created before this date cannot reset their password.
LEGACY_CUTOFF = datetime.date(2019, 3, 1)

# The version of 用户服务协议 / 个人信息处理规则 (portal/terms.html) that sign-ups accept;
# bump it when that text changes in substance.
TERMS_VERSION = "2026.1"


class UserKind(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    STAFF = "staff", _("工作人员")


class DocumentType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", _("港澳台居民居住证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_RESIDENCE = "foreign_pr_card", _("外国人永久居留身份证")
    PASSPORT = "passport", _("护照")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class IdentityStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("未核验")
    VERIFIED = "verified", _("核验通过")
    FAILED = "failed", _("核验未通过")
    MANUAL_REVIEW = "manual_review", _("人工审核中")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_document_number(self, number: str) -> User:
        return self.get(document_number_index=index_for("document_number", number))

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        user = self.model(username=username, kind=UserKind.STAFF, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)

    def create_applicant(
        self, *, document_type: str, document_number: str, name: str, password: str | None, **extra: object
    ) -> User:
        from teacherreg.common.normalise import document_number as normalise

        user = self.model(
            kind=UserKind.APPLICANT,
            document_type=document_type,
            document_number=normalise(document_number),
            name=name,
            **extra,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user


class NoticeChannels(models.TextChoices):
    """How an applicant hears about a new 留言 or a change of status (issue 5 item 8)."""

    BOTH = "both", _("短信和电子邮件")
    SMS = "sms", _("仅短信")
    EMAIL = "email", _("仅电子邮件")


class User(AbstractBaseUser, PermissionsMixin):
    kind = models.CharField(_("账号类型"), max_length=10, choices=UserKind.choices, default=UserKind.APPLICANT)
    # Staff and superusers sign in with a login name; applicants with their document number.
    username = models.CharField(_("登录名"), max_length=64, unique=True, null=True, blank=True)

    document_type = models.CharField(_("证件类型"), max_length=24, choices=DocumentType.choices, blank=True)
    document_number = EncryptedTextField(_("证件号码"), null=True, blank=True)
    document_number_index = BlindIndexField(
        source="document_number", normaliser="document_number", unique=True, null=True
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    ethnic_group = models.ForeignKey(
        "reference.CodeItem",
        models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "ethnic_group"},
        related_name="+",
        verbose_name=_("民族"),
    )
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = EncryptedTextField(_("手机号码"), null=True, blank=True)
    phone_index = BlindIndexField(source="phone", normaliser="phone", null=True, db_index=True)
    email = EncryptedTextField(_("电子邮箱"), null=True, blank=True)
    email_index = BlindIndexField(source="email", normaliser="email", null=True, db_index=True)

    identity_status = models.CharField(
        _("实名状态"), max_length=16, choices=IdentityStatus.choices, default=IdentityStatus.UNVERIFIED
    )
    notice_channels = models.CharField(
        _("通知方式"), max_length=8, choices=NoticeChannels.choices, default=NoticeChannels.BOTH
    )
    # The language of the user's SMS and e-mail: the one they last used the site in (set at
    # sign-in and by the language switch, accounts.language). Empty means the site default.
    language = models.CharField(_("通知语言"), max_length=10, blank=True, default="")
    is_legacy = models.BooleanField(_("2019年3月1日前注册的旧账号"), default=False)
    # Opened by an agency for 后台采集 (a teacher who cannot apply online): no password, no
    # owner credentials yet. The teacher may take it over by signing up, as with a legacy one.
    opened_by_office = models.BooleanField(_("工作人员代为开设的账号"), default=False)
    # Staff second factor (P22): the TOTP seed, encrypted like any other secret at rest.
    totp_secret = EncryptedTextField(_("动态口令密钥"), null=True, blank=True)

    is_staff = models.BooleanField(_("可登录管理后台"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # An applicant is keyed by a document; a staff account by a login name.
            models.CheckConstraint(
                condition=Q(kind="staff", username__isnull=False)
                | Q(kind="applicant", document_number_index__isnull=False),
                name="user_has_login_key",
            ),
        ]

    def __str__(self) -> str:
        return self.username or self.name or f"#{self.pk}"

    @property
    def awaits_owner(self) -> bool:
        """An account its owner has never had credentials for (P7 legacy, or 后台采集):
        signing up with its document number takes it over instead of being refused."""
        return self.is_legacy or self.opened_by_office

    def get_full_name(self) -> str:
        return self.name or self.username or ""

    def get_short_name(self) -> str:
        return self.get_full_name()


class StaffRole(models.TextChoices):
    """P21 roles held by staff through a membership. The applicant role is the account kind."""

    CONFIRMATION_OPERATOR = "confirmation_operator", _("确认点工作人员")
    COUNTY_REVIEWER = "county_reviewer", _("县级注册机构（初审）")
    CITY_REVIEWER = "city_reviewer", _("市级注册机构（复核）")
    PROVINCE_REVIEWER = "province_reviewer", _("省级注册机构（终审）")
    PROVINCE_ADMIN = "province_admin", _("省级管理员")
    NATIONAL_VIEWER = "national_viewer", _("全国查询（只读）")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# P21 (等保 separation of duties): one person holds at most one of these three.
EXCLUSIVE_ROLES = frozenset({StaffRole.SYSTEM_ADMIN, StaffRole.SECURITY_ADMIN, StaffRole.AUDIT_ADMIN})


class StaffMembership(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("用户"))
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="memberships", verbose_name=_("机构")
    )
    role = models.CharField(_("角色"), max_length=24, choices=StaffRole.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作人员角色")
        verbose_name_plural = _("工作人员角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
            # The database, not a Python check, keeps the three administrator roles apart.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=sorted(r.value for r in EXCLUSIVE_ROLES)),
                name="membership_exclusive_admin_roles",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class TokenPurpose(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("重置密码")
    EMAIL_CHANGE = "email_change", _("确认新邮箱")


class AccountToken(models.Model):
    """A link sent by e-mail: single use, time-limited, and only the newest one of a purpose
    works (issuing a new one supersedes the others). Only a hash of the token is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="account_tokens")
    purpose = models.CharField(_("用途"), max_length=16, choices=TokenPurpose.choices)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    # For an e-mail change: the address being confirmed.
    new_email = EncryptedTextField(_("新邮箱"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("邮件链接令牌")
        verbose_name_plural = _("邮件链接令牌")
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"
