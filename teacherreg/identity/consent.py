"""The separate consent for ID-card photos (PIPL Art. 29; security.md finding 12).

Written for this project, in our own words. Change ``CONSENT_VERSION`` whenever the text
changes in substance: each review records the version the applicant agreed to and when.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026.1"

CONSENT_TITLE = _("身份证件照片收集和使用说明")


def photo_retention_days() -> int:
    """Days the photos are kept after the review is decided (the purge task uses the same)."""
    return int(getattr(settings, "TEACHERREG_IDENTITY_PHOTO_RETENTION_DAYS", 30))


def consent_points() -> list[tuple[str, str]]:
    """The consent text in the active language: (heading, sentence) per point."""
    days = photo_retention_days()
    return [
        (
            str(_("为什么收集")),
            str(
                _(
                    "在线实名核验无法确认您的身份时，工作人员需要看到证件本身，核对证件上的姓名和号码"
                    "与您的账号是否一致。照片只用于这次人工审核，不作其他用途。"
                )
            ),
        ),
        (
            str(_("收集什么")),
            str(
                _(
                    "证件正面和反面各一张照片。证件照片属于敏感个人信息，我们会去掉照片中的拍摄地点、"
                    "设备等附加信息后再保存。"
                )
            ),
        ),
        (
            str(_("谁能看到")),
            str(
                _(
                    "只有负责人工审核的工作人员能在管理后台查看照片，每次查看都会留下记录。照片不公开，"
                    "不提供给其他单位或个人。"
                )
            ),
        ),
        (
            str(_("保存多久")),
            str(_("审核结论作出后 %(days)s 天内，照片会被删除；审核结论和审核记录按规定保留。")) % {"days": days},
        ),
        (
            str(_("您的选择")),
            str(
                _("您可以不同意，但那样就无法提交人工审核。提交后如有疑问，可以通过页面底部的咨询电话或邮箱联系我们。")
            ),
        ),
    ]
