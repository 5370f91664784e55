"""What an importer is: the columns of one kind of file, its natural key, and how one row is
found, compared and written through the domain's own models.

The engine (``imports.engine``) drives every importer the same way: parse each cell with its
column's parser, ``clean`` the row (cross-column rules), refuse a second row with the same
``key``, ``find`` the existing row, compare the ``values`` to store with it, and create,
update (after ``guard``) or leave it unchanged. Rows are saved with ``Model.save`` so blind
indexes, encryption and the models' own ``save`` rules apply exactly as elsewhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffRole
from teacherreg.common import dates
from teacherreg.common.fields import BlindIndexField
from teacherreg.common.masking import MaskKind
from teacherreg.common.messages import message_for
from teacherreg.imports import parsers
from teacherreg.imports.models import ImportBatch, ImportedRow
from teacherreg.imports.parsers import Parser
from teacherreg.organisations.models import Organisation


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    parse: Parser
    required: bool = True
    mask: MaskKind | None = None  # how the error report shows a value of this column
    example: str = ""
    note: str | Promise = ""  # accepted values, shown on the templates page
    aliases: tuple[str, ...] = ()  # other header spellings accepted (an older file's)


class RowError(Exception):
    """A rule about the row (not one cell's shape) refuses it. ``column`` names the column
    key the clerk should look at, if one."""

    def __init__(self, code: str, column: str = "", **params: Any) -> None:
        self.code = code
        self.column = column
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)


@dataclass
class ImportContext:
    """Who imports, for which organisation, and a per-run cache for lookups."""

    actor: Any
    organisation: Organisation
    batch: ImportBatch | None = None
    today: datetime.date = field(default_factory=dates.today)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def province_code(self) -> str:
        """The two-digit GB/T 2260 prefix of the importing province ("" for the national level)."""
        region = self.organisation.region
        return region.code[:2] if region is not None and self.organisation.level == "province" else ""


def person_columns() -> tuple[Column, ...]:
    """The two columns every teacher-record kind starts with."""
    return (
        Column(
            "document_number",
            _("证件号码"),
            parsers.document_number,
            mask="document_number",
            example="370102198503150026",
            note=_("居民身份证号码 18 位（末位可为 X）；其他证件填写证件上的号码。请把这一列设为文本格式。"),
        ),
        Column(
            "name",
            _("姓名"),
            parsers.text(50),
            required=False,
            mask="name",
            example="王小明",
            note=_("仅供核对，不保存。"),
        ),
    )


class Importer:
    """One kind of import. Subclasses set the class attributes and the row methods."""

    slug: ClassVar[str]
    label: ClassVar[str | Promise]
    # What one row is and what makes two rows the same record (shown on the templates page).
    summary: ClassVar[str | Promise]
    role: ClassVar[str]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    # True when rows are about people: values are masked and viewing the batch is audited.
    personal: ClassVar[bool] = False

    # -- rows ----------------------------------------------------------------------------------
    def prepare(self, rows: Sequence[dict[str, Any]], ctx: ImportContext) -> None:
        """Look at every parsed row before any is written (e.g. which codes are parents)."""

    def clean(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        """Rules across columns and lookups of referenced rows; raise :class:`RowError`."""
        return values

    def key(self, values: dict[str, Any]) -> tuple:
        """What makes two rows of one file the same record."""
        raise NotImplementedError

    def find(self, values: dict[str, Any], ctx: ImportContext) -> models.Model | None:
        raise NotImplementedError

    def stored(self, values: dict[str, Any], ctx: ImportContext, existing: models.Model | None) -> dict[str, Any]:
        """Model attributes to store (attnames for foreign keys), natural key included."""
        raise NotImplementedError

    def guard(self, existing: models.Model, ctx: ImportContext) -> None:
        """Refuse to change ``existing`` (raise :class:`RowError`); the default allows it."""

    def build(self, stored: dict[str, Any], ctx: ImportContext) -> models.Model:
        return self.model(**stored)

    def after_write(self, obj: models.Model, ctx: ImportContext, *, created: bool, before: dict[str, Any]) -> None:
        """Side records of a write (a rename log, the province that wrote it)."""


def update_fields_for(obj: models.Model, changed: Sequence[str]) -> list[str]:
    """``changed`` plus the blind index of any changed source and the ``auto_now`` fields, so a
    ``save(update_fields=…)`` never leaves an index stale or a timestamp old."""
    names = list(changed)
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, BlindIndexField) and model_field.source in names:
            names.append(model_field.name)
        if getattr(model_field, "auto_now", False):
            names.append(model_field.name)
    return list(dict.fromkeys(names))


# --- teacher records: a province administrator's import --------------------------------------


class ProvinceImporter(Importer):
    """Teacher records that a province administrator imports for the people of the province.

    How a row is tied to the province (issue 6 item 6, decided here): the batch belongs to the
    importer's province, and ``ImportedRow`` remembers the province whose import last wrote
    each row. A new row may always be added; an existing row may be *changed* only when an
    import of the same province wrote it. Rows that another province imported, that came from
    the national systems, or that staff entered are left alone and the row is reported — the
    province cannot overwrite what it does not own. Identical values are "unchanged" whoever
    wrote them (nothing is written). Kinds tied to a certificate also require the certificate
    to be of the province (``certificate_of_province``).
    """

    role = StaffRole.PROVINCE_ADMIN
    personal = True

    def guard(self, existing: models.Model, ctx: ImportContext) -> None:
        origin = ImportedRow.objects.filter(model=existing._meta.label_lower, object_pk=existing.pk).first()
        if origin is None or origin.organisation_id != ctx.organisation.pk:
            raise RowError("import_row_not_ours")

    def after_write(self, obj: models.Model, ctx: ImportContext, *, created: bool, before: dict[str, Any]) -> None:
        ImportedRow.objects.update_or_create(
            model=obj._meta.label_lower,
            object_pk=obj.pk,
            defaults={"organisation": ctx.organisation, "batch": ctx.batch},
        )


class NationalImporter(Importer):
    """National reference data and the register, imported by a system administrator."""

    role = StaffRole.SYSTEM_ADMIN
