"""“Why isn't my certificate here?” — checks an account against the register and names the
cause the manual lists (教师资格证添加说明), with what to do about it (P20: our words, the
official terms)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teacherreg.accounts.models import User
from teacherreg.certificates.models import Certificate, CertificateSource
from teacherreg.certificates.services.sync import is_synchronisable, sync_start_year
from teacherreg.common.normalise import certificate_number

SHAPE = re.compile(r"^(\d{15}|\d{17})$")


@dataclass(frozen=True)
class Finding:
    code: str
    title: str
    advice: str


FINDINGS = {
    "bad_number": (
        gettext_noop("证书号码不是 15 位或 17 位数字"),
        gettext_noop(
            "教师资格证书号码应为 15 位或 17 位数字。请核对证书；"
            "证书号码确实不规范的，请先到原发证机构规范证书号码，再办理定期注册。"
        ),
    ),
    "synced": (gettext_noop("这本证书已同步"), gettext_noop("证书已在“教师资格证书信息”中列出，报名时可以直接选择。")),
    "other_account": (
        gettext_noop("这本证书已关联其他账号"),
        gettext_noop("证书上的持证人信息与其他账号一致。如果这是您的证书，请联系原发证机构核实持证人信息。"),
    ),
    "first_generation_id": (
        gettext_noop("证书关联的是一代（15 位）身份证号码"),
        gettext_noop("请先到原发证机构，把证书对应的身份证件号码变更为现在的 18 位号码，再办理定期注册。"),
    ),
    "document_mismatch": (
        gettext_noop("证书上的身份证件号码与您的账号不一致"),
        gettext_noop(
            "请核对证书上的身份证件号码。证书信息有误的，请联系原发证机构变更；"
            "做过首次注册的，还需联系首次注册的注册机构变更注册信息。"
        ),
    ),
    "name_mismatch": (
        gettext_noop("证书上的姓名与您的账号不一致"),
        gettext_noop(
            "账号姓名以实名核验为准。证书上的姓名有误的，请联系原发证机构变更；账号姓名需要更新的，请重新进行实名核验。"
        ),
    ),
    "before_sync_years": (
        gettext_noop("这是 2008 年以前（广西 2012 年以前）认定的证书"),
        gettext_noop("这类证书只有做过首次注册才会同步。请在“教师资格证书信息”中手动添加，并上传证书照片，等待核验。"),
    ),
    "added_by_hand": (
        gettext_noop("这本证书是您手动添加的"),
        gettext_noop("它在“教师资格证书信息”列表中；核验状态和结果见证书详情。"),
    ),
    "added_by_other": (
        gettext_noop("这个证书号码已由其他账号手动添加"),
        gettext_noop("如果这是您本人的证书，请携带证书原件联系认定机构核实。"),
    ),
    "not_found": (
        gettext_noop("全国系统中没有找到这本证书"),
        gettext_noop(
            "证书可能还没有同步到本系统。请核对证书号码；2008 年以前（广西 2012 年以前）认定的证书请手动添加；"
            "仍有疑问的，请联系颁发证书的认定机构。"
        ),
    ),
}


def _finding(code: str) -> Finding:
    title, advice = FINDINGS[code]
    return Finding(code, str(_(title)), str(_(advice)))


def diagnose(user: User, number: str) -> Finding:
    """One finding for the certificate number the applicant typed."""
    digits = re.sub(r"\s+", "", number or "")
    if not SHAPE.match(digits):
        return _finding("bad_number")
    certificate = (
        Certificate.objects.filter(number=certificate_number(digits)).prefetch_related("registrations").first()
    )
    if certificate is None:
        return _finding("not_found")
    if certificate.source == CertificateSource.MANUAL:
        return _finding("added_by_hand" if certificate.holder_id == user.pk else "added_by_other")
    if certificate.holder_id == user.pk and is_synchronisable(certificate):
        return _finding("synced")
    if len(certificate.holder_document_number or "") == 15:
        return _finding("first_generation_id")
    if certificate.holder_document_index != user.document_number_index:
        return _finding("other_account" if certificate.holder_id else "document_mismatch")
    if certificate.holder_name != user.name:
        return _finding("name_mismatch")
    if certificate.issued_on.year < sync_start_year(certificate) and not certificate.registrations.exists():
        return _finding("before_sync_years")
    return _finding("synced")
