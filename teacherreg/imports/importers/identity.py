"""The development identity registry (``teacherreg.identity.IdentityRecord``), which the
``DevelopmentRegistryProvider`` answers real-name checks from.

It reads the same files as ``manage.py import_identity_registry``: the English headers
``document_number``, ``name`` and ``valid`` are accepted beside the Chinese ones, and rows are
matched on the document number's blind index as ``registry_import`` does. Unlike that command,
a bad row is reported instead of skipped, and the valid column takes only clear yes/no words.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import validate_name
from teacherreg.common.fields import index_for
from teacherreg.identity.models import IdentityRecord
from teacherreg.imports import parsers
from teacherreg.imports.importers.base import Column, ImportContext, NationalImporter, RowError


class IdentityRegistryImporter(NationalImporter):
    slug = "identity_registry"
    label = _("身份核验库（开发用）")
    summary = _(
        "每个证件号码一行。再次导入同一证件号码时更新姓名和是否有效。这是开发、演示环境代替公安身份核验的本地库；"
        "接入真实核验服务后不再使用。"
    )
    model = IdentityRecord
    personal = True
    columns = (
        Column(
            "document_number",
            _("证件号码"),
            parsers.document_number,
            mask="document_number",
            example="370102198503150026",
            note=_("请把这一列设为文本格式。"),
            aliases=("document_number",),
        ),
        Column("name", _("姓名"), parsers.text(50), mask="name", example="王小明", aliases=("name",)),
        Column(
            "is_valid",
            _("是否有效"),
            parsers.yes_no,
            required=False,
            example="是",
            note=_("是或否，不填按是"),
            aliases=("valid",),
        ),
    )

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        # Latin letters are allowed only for documents that are not 18-digit ID numbers (P5).
        kind = DocumentType.ID_CARD if values["document_number"][:17].isdigit() else DocumentType.PASSPORT
        try:
            values["name"] = validate_name(values["name"], kind)
        except ValidationError as refused:
            raise RowError("import_row_name", "name", reason=refused.messages[0]) from None
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        return (index_for("document_number", values["document_number"]),)

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        return IdentityRecord.objects.filter(document_number_index=self.key(values)[0]).first()

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        stored = {"name": values["name"], "is_valid": values["is_valid"] is not False}
        if existing is None:
            stored["document_number"] = values["document_number"]
        return stored
