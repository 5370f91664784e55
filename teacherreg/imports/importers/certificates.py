"""The national certificate register, registration history and the 限制库
(``teacherreg.certificates``; domain.md §1.8, §4.2, §5)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import validate_document, validate_name
from teacherreg.certificates.models import (
    RESTRICTION_YEARS,
    Certificate,
    CertificateSource,
    Conclusion,
    RegistrationRecord,
    Restriction,
    RestrictionKind,
)
from teacherreg.certificates.services.manual_rules import FIRST_YEAR, CertificateNumber
from teacherreg.common.dates import add_years
from teacherreg.common.fields import index_for
from teacherreg.imports import parsers
from teacherreg.imports.importers.base import (
    Column,
    ImportContext,
    NationalImporter,
    ProvinceImporter,
    RowError,
    person_columns,
)
from teacherreg.reference.models import QualificationType, Region, Subject, SubjectTree

_EARLIEST = datetime.date(FIRST_YEAR, 1, 1)


def _certificate_column(required: bool = True) -> Column:
    return Column(
        "certificate_number",
        _("证书号码"),
        parsers.certificate_number,
        required=required,
        mask="certificate_number",
        example="20153700121000001",
        note=_("17 位数字，早期证书 15 位。请把这一列设为文本格式。"),
    )


def certificate_of_province(number: CertificateNumber, ctx: ImportContext) -> Certificate:
    """The certificate, if it is one of the importing province's; the same answer whether it
    is missing or another province's, so an import cannot probe other provinces' register."""
    certificate = Certificate.objects.select_related("province").filter(number=number.key).first()
    if certificate is None or not ctx.province_code or certificate.province.code[:2] != ctx.province_code:
        raise RowError("import_row_certificate_not_here", "certificate_number")
    return certificate


# --- the register ----------------------------------------------------------------------------


class CertificateImporter(NationalImporter):
    """全国教师资格证书库 rows (source 全国系统同步). The account link (``holder``) is never set
    here: a certificate attaches to its holder's account when they sign in (``sync``)."""

    slug = "certificates"
    label = _("教师资格证书（全国证书库）")
    summary = _(
        "每个证书号码一行（15 位号码与前面加“19”的 17 位号码是同一张证书）。再次导入同一号码时更新证书信息；"
        "申请人手动添加的证书，以及已关联持证人账号后持证人信息有变化的证书，不会被覆盖。"
    )
    model = Certificate
    personal = True
    columns = (
        _certificate_column(),
        Column("holder_name", _("持证人姓名"), parsers.text(50), mask="name", example="王小明"),
        Column(
            "document_type",
            _("证件类型"),
            parsers.choice(DocumentType),
            required=False,
            example="居民身份证",
            note=_("不填按居民身份证"),
        ),
        Column(
            "document_number",
            _("证件号码"),
            parsers.text(30),
            mask="document_number",
            example="370102198503150026",
            note=_("请把这一列设为文本格式。"),
        ),
        Column(
            "qualification_type",
            _("资格种类"),
            parsers.text(40),
            example="小学教师资格",
            note=_("名称或代码 1–7，须与证书号码第 10 位一致"),
        ),
        Column(
            "subject", _("任教学科"), parsers.text(60), required=False, example="语文", note=_("证书上印的学科名称")
        ),
        Column("issuing_agency_name", _("认定机构"), parsers.text(100), required=False, example="济南市历下区教育局"),
        Column("issued_on", _("签发日期"), parsers.date(earliest=_EARLIEST), example="2015-07-01"),
        Column(
            "province",
            _("所属省份代码"),
            parsers.region_code,
            example="370000",
            note=_("六位行政区划代码，须与证书号码第 5–6 位一致"),
        ),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        number: CertificateNumber = values["certificate_number"]
        document_type = values["document_type"] or DocumentType.ID_CARD
        try:
            values["document_number"] = validate_document(values["document_number"], document_type).number
        except ValidationError as refused:
            raise RowError("import_row_document", "document_number", reason=refused.messages[0]) from None
        try:
            values["holder_name"] = validate_name(values["holder_name"], document_type)
        except ValidationError as refused:
            raise RowError("import_row_name", "holder_name", reason=refused.messages[0]) from None
        values["document_type"] = document_type
        values["qualification_type"] = self._qualification_type(values["qualification_type"], ctx)
        if values["qualification_type"].code != number.qualification_digit:
            raise RowError("import_row_qualification_digit", "qualification_type", digit=number.qualification_digit)
        province = _province(values["province"], ctx)
        if province.code[:2] != number.province_code:
            raise RowError("import_row_province_digits", "province", digits=number.province_code)
        values["province"] = province
        if values["issued_on"].year < number.year:
            raise RowError("import_row_issued_before_year", "issued_on", year=number.year)
        values["subject_row"] = self._subject(values["subject"], ctx)
        return values

    def _qualification_type(self, text: str, ctx: ImportContext) -> QualificationType:
        types = ctx.cache.setdefault("qualification_types", {})
        if not types:
            for row in QualificationType.objects.all():
                types[row.code] = row
                types[row.name] = row
        found = types.get(text)
        if found is None:
            raise RowError("import_row_unknown_qualification_type", "qualification_type")
        return found

    def _subject(self, name: str | None, ctx: ImportContext) -> Subject | None:
        """The tree's subject of that name, when there is exactly one; else only the printed name."""
        if not name:
            return None
        subjects = ctx.cache.setdefault("certificate_subjects", {})
        if name not in subjects:
            found = list(Subject.objects.filter(tree=SubjectTree.CERTIFICATE, name=name)[:2])
            subjects[name] = found[0] if len(found) == 1 else None
        return subjects[name]

    def key(self, values: dict[str, Any]) -> tuple:
        return (values["certificate_number"].key,)

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return Certificate.objects.filter(number=values["certificate_number"].key).first()

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        subject = values["subject_row"]
        return {
            "number": values["certificate_number"].key,
            "number_as_printed": values["certificate_number"].printed,
            "holder_name": values["holder_name"],
            "holder_document_type": values["document_type"],
            "holder_document_number": values["document_number"],
            "qualification_type_id": values["qualification_type"].pk,
            "subject_id": subject.pk if subject else None,
            "subject_as_printed": values["subject"] or "",
            "issuing_agency_name": values["issuing_agency_name"] or "",
            "issued_on": values["issued_on"],
            "province_id": values["province"].pk,
            "source": CertificateSource.SYNCED,
        }

    def guard(self, existing: models.Model, ctx: ImportContext) -> None:
        assert isinstance(existing, Certificate)
        if existing.source == CertificateSource.MANUAL:
            raise RowError("import_row_certificate_manual", "certificate_number")

    def build(self, stored: dict[str, Any], ctx: ImportContext) -> models.Model:
        return Certificate(**stored)

    def after_write(self, obj: models.Model, ctx: ImportContext, *, created: bool, before: dict[str, Any]) -> None:
        assert isinstance(obj, Certificate)
        # An attached certificate belongs to an account that matched its holder's document and
        # name: changing either would hand it to someone else. Refuse (the savepoint undoes it).
        if obj.holder_id and ({"holder_document_number", "holder_name"} & set(before)):
            raise RowError("import_row_certificate_holder_attached", "document_number")


def _province(code: str, ctx: ImportContext) -> Region:
    provinces = ctx.cache.setdefault("provinces", {})
    if not provinces:
        provinces.update({r.code: r for r in Region.objects.provinces()})
    found = provinces.get(code)
    if found is None:
        raise RowError("import_row_unknown_province", "province")
    return found


# --- registration history --------------------------------------------------------------------


class RegistrationHistoryImporter(ProvinceImporter):
    """注册记录 from the old system (the 结论贴 in the certificate; domain.md §4.2)."""

    slug = "registration_history"
    label = _("注册记录（历史）")
    summary = _(
        "每个证书每个结论日期一行。证书须是本省的证书。再次导入同一证书、同一结论日期时更新该条记录；"
        "本系统审核产生的注册记录不会被导入覆盖。"
    )
    model = RegistrationRecord
    columns = (
        _certificate_column(),
        Column(
            "conclusion",
            _("注册结论"),
            parsers.choice(
                Conclusion,
                extra={"合格": Conclusion.QUALIFIED, "暂缓": Conclusion.DEFERRED, "不合格": Conclusion.UNQUALIFIED},
            ),
            example="注册合格",
            note=_("注册合格、暂缓注册、注册不合格或撤销注册"),
        ),
        Column("decided_on", _("结论日期"), parsers.date(earliest=_EARLIEST), example="2021-12-20"),
        Column(
            "valid_from",
            _("有效期起"),
            parsers.date(earliest=_EARLIEST, not_after_today=False),
            required=False,
            example="2021-12-20",
            note=_("仅注册合格填写；不填按结论日期"),
        ),
        Column(
            "valid_until",
            _("有效期至"),
            parsers.date(earliest=_EARLIEST, not_after_today=False),
            required=False,
            example="2026-12-19",
            note=_("仅注册合格填写"),
        ),
        Column(
            "ordinal",
            _("第几次注册"),
            parsers.whole_number(minimum=1, maximum=20),
            required=False,
            example="1",
            note=_("仅注册合格填写"),
        ),
        Column("is_first", _("首次注册"), parsers.yes_no, required=False, example="是", note=_("是或否，不填按否")),
        Column("application_number", _("注册报名号"), parsers.code(15), required=False, example=""),
        Column("sticker_serial", _("结论贴编号"), parsers.code(32), required=False, example=""),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["certificate"] = certificate_of_province(values["certificate_number"], ctx)
        qualified = values["conclusion"] == Conclusion.QUALIFIED
        if qualified:
            values["valid_from"] = values["valid_from"] or values["decided_on"]
            if values["valid_until"] and values["valid_until"] < values["valid_from"]:
                raise RowError("import_row_validity_order", "valid_until")
        else:
            for key in ("valid_from", "valid_until", "ordinal"):
                if values[key] is not None:
                    raise RowError("import_row_only_when_qualified", key)
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        return (values["certificate"].pk, values["decided_on"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return (
            RegistrationRecord.objects.filter(certificate=values["certificate"], decided_on=values["decided_on"])
            .order_by("pk")
            .first()
        )

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        return {
            "certificate_id": values["certificate"].pk,
            "decided_on": values["decided_on"],
            "conclusion": values["conclusion"],
            "valid_from": values["valid_from"],
            "valid_until": values["valid_until"],
            "ordinal": values["ordinal"],
            "is_first_registration": bool(values["is_first"]),
            "application_number": values["application_number"] or "",
            "sticker_serial": values["sticker_serial"] or "",
        }


# --- 限制库 ----------------------------------------------------------------------------------


def restriction_end(kind: str, starts_on: datetime.date) -> datetime.date | None:
    """The end ``Restriction.save`` gives a restriction without one (P19 durations)."""
    years = RESTRICTION_YEARS.get(kind)
    return add_years(starts_on, years) if years is not None else None


class RestrictionImporter(ProvinceImporter):
    slug = "restrictions"
    label = _("限制库")
    summary = _(
        "每人每种限制类型每个生效日期一行。填写证书号码的，限制只针对这张证书，证书须是本省的且持证人证件号码一致；"
        "不填的，限制针对此人的全部证书。截止日期不填时按规定年限计算（丧失为终身，撤销 5 年，考试作弊 3 年）。"
    )
    model = Restriction
    columns = (
        *person_columns(),
        Column(
            "kind",
            _("限制类型"),
            parsers.choice(RestrictionKind),
            example="考试作弊",
            note=_(
                "丧失教师资格、撤销教师资格（品行不良、侮辱学生）、撤销教师资格（弄虚作假、骗取教师资格）、考试作弊、其他限制"
            ),
        ),
        _certificate_column(required=False),
        Column("starts_on", _("生效日期"), parsers.date(earliest=_EARLIEST), example="2024-03-01"),
        Column(
            "ends_on",
            _("截止日期"),
            parsers.date(earliest=_EARLIEST, not_after_today=False),
            required=False,
            example="",
            note=_("不填按规定年限"),
        ),
        Column("is_lifted", _("已解除"), parsers.yes_no, required=False, example="否", note=_("是或否，不填按否")),
        Column("note", _("说明"), parsers.text(200), required=False, example=""),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        values["certificate"] = None
        if values["certificate_number"] is not None:
            certificate = certificate_of_province(values["certificate_number"], ctx)
            if certificate.holder_document_index != index_for("document_number", values["document_number"]):
                raise RowError("import_row_restriction_holder", "certificate_number")
            values["certificate"] = certificate
        values["ends_on"] = values["ends_on"] or restriction_end(values["kind"], values["starts_on"])
        if values["ends_on"] is not None and values["ends_on"] <= values["starts_on"]:
            raise RowError("import_row_end_before_start", "ends_on")
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        return (index_for("document_number", values["document_number"]), values["kind"], values["starts_on"])

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return (
            Restriction.objects.filter(
                holder_document_index=index_for("document_number", values["document_number"]),
                kind=values["kind"],
                starts_on=values["starts_on"],
            )
            .order_by("pk")
            .first()
        )

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {
            "certificate_id": values["certificate"].pk if values["certificate"] else None,
            "ends_on": values["ends_on"],
            "is_lifted": bool(values["is_lifted"]),
            "note": values["note"] or "",
        }
        if existing is None:
            stored |= {
                "holder_document_number": values["document_number"],
                "kind": values["kind"],
                "starts_on": values["starts_on"],
            }
        return stored
