"""Importing the development identity registry from CSV (admin page and management command).

The file has a header row ``document_number,name`` (more columns are ignored; an optional
``valid`` column takes 0/1/false/true). Rows are matched on the document number's blind
index: a known number gets the new name, an unknown one is added.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.common.fields import index_for
from teacherreg.common.messages import message_for
from teacherreg.common.normalise import document_number as normalise_document_number
from teacherreg.identity.models import IdentityRecord

_FALSE = {"0", "false", "no", "n", "否", "无效"}


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    skipped_lines: list[int] = field(default_factory=list)

    @property
    def message(self) -> str:
        return message_for(
            "identity_import_done", created=self.created, updated=self.updated, skipped=len(self.skipped_lines)
        )


def import_registry(source: IO[bytes] | IO[str] | str, *, actor: object = None) -> ImportSummary:
    """Add or update ``IdentityRecord`` rows from CSV text (UTF-8, with or without BOM)."""
    text = source if isinstance(source, str) else source.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip() for c in reader.fieldnames or []}
    if not {"document_number", "name"} <= columns:
        raise DomainError("identity_import_bad_header")
    summary = ImportSummary()
    with transaction.atomic():
        for row in reader:
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
            number = normalise_document_number(row.get("document_number", ""))
            name = row.get("name", "")
            if not number or not name or len(name) > 50:
                summary.skipped_lines.append(reader.line_num)
                continue
            valid = row.get("valid", "").lower() not in _FALSE
            record = IdentityRecord.objects.filter(document_number_index=index_for("document_number", number)).first()
            if record is None:
                IdentityRecord.objects.create(document_number=number, name=name, is_valid=valid)
                summary.created += 1
            elif (record.name, record.is_valid) != (name, valid):
                record.name, record.is_valid = name, valid
                record.save(update_fields=["name", "is_valid", "updated_at"])
                summary.updated += 1
        audit.record(
            "identity.registry_imported",
            actor=actor,
            object_type="identity.identityrecord",
            data={"created": summary.created, "updated": summary.updated, "skipped": len(summary.skipped_lines)},
        )
    return summary
