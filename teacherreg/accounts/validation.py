"""Validation of what people type at sign-up and in their profile (P3, P4, P5; security.md
§4.1–4.3). Each function returns the normalised value or raises ``ValidationError`` with a
Chinese message that says what to fix.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.common import idnumber
from teacherreg.common.normalise import document_number as normalise_document_number
from teacherreg.reference.services import id_address_code_known

# The 常见问题 category the name messages refer to ("姓名生僻字问题").
NAME_HELP_ANCHOR = "/help/faq/?category=rare_characters"

# P5: explicit code-point ranges, never \w (Python 3.11's Unicode 14 lacks Ext H and I).
CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # URO
    (0x20000, 0x2A6DF),  # B
    (0x2A700, 0x2B73F),  # C
    (0x2B740, 0x2B81F),  # D
    (0x2B820, 0x2CEAF),  # E
    (0x2CEB0, 0x2EBEF),  # F
    (0x2EBF0, 0x2EE5F),  # I
    (0x30000, 0x3134F),  # G
    (0x31350, 0x323AF),  # H
)
MIDDLE_DOT = "\u00b7"
DOT_VARIANTS = {"\u2022", "\u30fb", "\u2027", "\uff0e", "\u2e31", "\u0387"}
LATIN_NAME_DOCUMENTS = {DocumentType.PASSPORT, DocumentType.FOREIGN_PERMANENT_RESIDENCE}
NAME_MAX = 50


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def _has_format_or_control(value: str) -> bool:
    return any(unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cs"} for ch in value if ch not in "\t")


def validate_name(raw: str, document_type: str) -> str:
    """P5. Returns the name with dot variants folded to U+00B7 and the ends trimmed."""
    if raw is None:
        raise ValidationError(_("请填写姓名。"), code="name_required")
    if _has_format_or_control(raw):
        raise ValidationError(
            _(
                "姓名中含有不可见字符或专用区字符，请删除后重新输入。如姓名含生僻字，请查看常见问题中的“姓名生僻字问题”。"
            ),
            code="name_invisible",
        )
    name = "".join(MIDDLE_DOT if ch in DOT_VARIANTS else ch for ch in raw.strip().replace("\u3000", " ").strip())
    if not name:
        raise ValidationError(_("请填写姓名。"), code="name_required")
    if len(name) > NAME_MAX:
        raise ValidationError(_("姓名不能超过 50 个字符。"), code="name_too_long")
    latin_allowed = document_type in LATIN_NAME_DOCUMENTS
    for ch in name:
        if _is_cjk(ch) or ch == MIDDLE_DOT:
            continue
        if latin_allowed and (ch.isascii() and (ch.isalpha() or ch in " '-")):
            continue
        if 0x2FF0 <= ord(ch) <= 0x2FFF:
            raise ValidationError(
                _("姓名中不能使用汉字结构描述符（如“⿰”）。生僻字请按常见问题中的“姓名生僻字问题”处理。"),
                code="name_ids",
            )
        if latin_allowed:
            message = _("姓名只能包含汉字、英文字母、空格、撇号（'）、连字符（-）和间隔号（·）。")
        else:
            message = _("姓名只能包含汉字和间隔号（·）。如姓名含生僻字无法输入，请查看常见问题中的“姓名生僻字问题”。")
        raise ValidationError(message, code="name_characters")
    if name.startswith(MIDDLE_DOT) or name.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in name:
        raise ValidationError(_("间隔号（·）只能用在姓名中间，且不能连续使用。"), code="name_dots")
    if latin_allowed:
        name = re.sub(r" {2,}", " ", name)
    return name


@dataclass(frozen=True)
class DocumentFacts:
    """A checked document number and what it tells (P4)."""

    number: str
    sex: str = ""
    birth_date: datetime.date | None = None

    @property
    def derived(self) -> bool:
        return self.birth_date is not None


_PATTERNS: dict[str, tuple[re.Pattern[str], Any]] = {
    DocumentType.HK_MACAO_PERMIT: (re.compile(r"^[HM]\d{8}(\d{2})?$"), _("H 或 M 开头，后接 8 位或 10 位数字")),
    DocumentType.TAIWAN_PERMIT: (re.compile(r"^\d{8}(\d{2})?$"), _("8 位或 10 位数字")),
    DocumentType.PASSPORT: (re.compile(r"^[A-Z0-9]{5,17}$"), _("5–17 位字母或数字")),
}
_OLD_PR_CARD = re.compile(r"^[A-Z]{3}\d{12}$")


def validate_document(raw: str, document_type: str, *, today: datetime.date | None = None) -> DocumentFacts:
    """Per-type checks. 18-digit numbers (身份证, 港澳台居民居住证, the 2023 永久居留身份证)
    must carry a correct GB 11643 check character, a real birth date not in the future and an
    address code that existed in some period."""
    if not raw or not raw.strip():
        raise ValidationError(_("请填写证件号码。"), code="document_required")
    if _has_format_or_control(raw):
        raise ValidationError(_("证件号码中含有不可见字符，请重新输入。"), code="document_invisible")
    number = normalise_document_number(raw)
    if not number.isascii():
        raise ValidationError(_("证件号码只能包含数字和英文字母。"), code="document_characters")
    if document_type == DocumentType.ID_CARD:
        return _eighteen_digits(number, today, prefixes=None)
    if document_type == DocumentType.HMT_RESIDENCE_PERMIT:
        return _eighteen_digits(number, today, prefixes=("81", "82", "83"))
    if document_type == DocumentType.FOREIGN_PERMANENT_RESIDENCE:
        if _OLD_PR_CARD.match(number):
            return DocumentFacts(number)
        return _eighteen_digits(number, today, prefixes=("9",))
    if document_type in _PATTERNS:
        pattern, shape = _PATTERNS[document_type]
        if not pattern.match(number):
            raise ValidationError(
                _("证件号码格式不正确：%(type)s号码应为%(shape)s。"),
                code="document_format",
                params={"type": DocumentType(document_type).label, "shape": shape},
            )
        return DocumentFacts(number)
    raise ValidationError(_("请选择证件类型。"), code="document_type")


def _eighteen_digits(number: str, today: datetime.date | None, prefixes: tuple[str, ...] | None) -> DocumentFacts:
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("证件号码应为 18 位：前 17 位是数字，最后一位是数字或 X。"), code="document_format")
    if prefixes and not number.startswith(prefixes):
        raise ValidationError(_("证件号码与所选证件类型不符，请检查证件类型。"), code="document_type_mismatch")
    if not idnumber.has_valid_checksum(number):
        raise ValidationError(_("证件号码校验位不正确，请逐位核对。"), code="document_checksum")
    birth = idnumber.birth_date_of(number)
    today = today or timezone.localdate()
    if birth is None or birth > today or birth.year < 1900:
        raise ValidationError(_("证件号码中的出生日期不正确，请逐位核对。"), code="document_birth_date")
    if not id_address_code_known(number[:6]):
        raise ValidationError(_("证件号码前 6 位地址码不存在，请逐位核对。"), code="document_region")
    return DocumentFacts(number, Sex.MALE if idnumber.is_male(number) else Sex.FEMALE, birth)


MOBILE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(raw: str) -> str:
    """Mainland mobile numbers only: SMS codes go nowhere else (security.md §4.3)."""
    from teacherreg.common.normalise import phone

    if raw is None or _has_format_or_control(raw):
        raise ValidationError(_("请输入 11 位手机号码。"), code="phone_format")
    value = phone(raw)
    if not MOBILE.match(value):
        raise ValidationError(_("请输入以 1 开头的 11 位中国大陆手机号码。"), code="phone_format")
    return value


def password_context_check(password: str, *, document_number: str, birth_date: datetime.date | None) -> None:
    """The password must not contain the document number or the birth date (issue 3 item 3)."""
    lowered = password.upper()
    if document_number and len(document_number) >= 6 and document_number.upper() in lowered:
        raise ValidationError(_("密码不能包含证件号码。"), code="password_contains_document")
    if document_number and len(document_number) == 18 and document_number[6:14] in lowered:
        raise ValidationError(_("密码不能包含出生日期。"), code="password_contains_birth_date")
    if birth_date is not None:
        for form in (f"{birth_date:%Y%m%d}", f"{birth_date:%Y-%m-%d}", f"{birth_date:%Y/%m/%d}"):
            if form in password:
                raise ValidationError(_("密码不能包含出生日期。"), code="password_contains_birth_date")
