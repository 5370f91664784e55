"""The kinds of record an applicant can enter, as data: which model, which fields, which
application field locks it. Services, admin and pages all read this one table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teacherreg.records.models import BaseRecord, DegreeRecord, EducationRecord, MandarinRecord, OtherCertificate


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[BaseRecord]
    label: str | Promise  # what one record is called: 普通话证书
    module: str | Promise  # the personal-centre module: 普通话证书信息
    fields: tuple[str, ...]  # the data fields an applicant types, in form order
    date_field: str
    # The Application field that chooses a record of this kind in step 2 (None: never chosen).
    application_field: str | None
    # Whether the national records hold this kind too (then the page lists them first).
    national: bool


MANDARIN = Kind(
    slug="mandarin",
    model=MandarinRecord,
    label=_("普通话证书"),
    module=_("普通话证书信息"),
    fields=("grade", "certificate_number", "issued_on", "issuing_body"),
    date_field="issued_on",
    application_field="mandarin_record",
    national=True,
)
EDUCATION = Kind(
    slug="education",
    model=EducationRecord,
    label=_("学历"),
    module=_("学历学籍信息"),
    fields=("education_level", "graduation_school", "major_name", "graduated_on", "study_form", "certificate_number"),
    date_field="graduated_on",
    application_field="education_record",
    national=True,
)
DEGREE = Kind(
    slug="degree",
    model=DegreeRecord,
    label=_("学位"),
    module=_("学位证书信息"),
    fields=("degree", "graduation_school", "major_name", "awarded_on", "certificate_number"),
    date_field="awarded_on",
    application_field="degree_record",
    national=True,
)
OTHER = Kind(
    slug="other",
    model=OtherCertificate,
    label=_("其他证书"),
    module=_("其他证书信息"),
    fields=("name", "certificate_number", "issuing_body", "issued_on"),
    date_field="issued_on",
    application_field=None,
    national=False,
)

KINDS: dict[str, Kind] = {kind.slug: kind for kind in (MANDARIN, EDUCATION, DEGREE, OTHER)}


def kind_of(record: BaseRecord) -> Kind:
    """The kind of a record row (proxies of the review queue included)."""
    for kind in KINDS.values():
        if isinstance(record, kind.model):
            return kind
    raise LookupError(f"not a record kind: {type(record).__name__}")
