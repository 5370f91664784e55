"""Who may import what (issue 6 item 6), read through the member's scope and failing closed.

- A province administrator imports teacher records (assessments, training, ethics, history,
  restrictions, exam, Mandarin and education records) for the province where they hold the
  role at the province organisation. A role held at a city or county gives no import.
- A system administrator imports national reference data (the register, the identity
  registry, organisations, schools and the trees) for the organisation where they hold it.

A batch belongs to the organisation it was imported for. A member sees a batch only when it is
of a kind their role imports and its organisation is one where they hold that role; anything
else answers 404 (another province's batches, and a system administrator looking at a
province's teacher records, which are not theirs to read).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from teacherreg.accounts.models import StaffRole
from teacherreg.imports.importers import IMPORTERS, Importer
from teacherreg.imports.models import ImportBatch
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import Organisation, OrgLevel

IMPORT_ROLES = (StaffRole.PROVINCE_ADMIN, StaffRole.SYSTEM_ADMIN)


def organisations_for(scope: Scope, importer: Importer) -> list[Organisation]:
    """Where the member may import ``importer``'s kind (the first one is used)."""
    held = scope.organisations(importer.role)
    if importer.role == StaffRole.PROVINCE_ADMIN:
        held = [org for org in held if org.level == OrgLevel.PROVINCE]
    return held


def importers(scope: Scope) -> list[Importer]:
    return [importer for importer in IMPORTERS.values() if organisations_for(scope, importer)]


def importer_or_404(scope: Scope, slug: str) -> tuple[Importer, Organisation]:
    importer = IMPORTERS.get(slug)
    if importer is None:
        raise Http404
    organisations = organisations_for(scope, importer)
    if not organisations:
        raise Http404
    return importer, organisations[0]


def batches(scope: Scope) -> QuerySet[ImportBatch]:
    reach = Q(pk__in=[])
    for role in IMPORT_ROLES:
        kinds = [i.slug for i in IMPORTERS.values() if i.role == role]
        organisations = {org.pk for i in IMPORTERS.values() if i.role == role for org in organisations_for(scope, i)}
        if organisations:
            reach |= Q(kind__in=kinds, organisation__in=organisations)
    return ImportBatch.objects.filter(reach).select_related("organisation__region", "created_by", "committed_by")


def batch_or_404(scope: Scope, pk: Any) -> ImportBatch:
    try:
        return batches(scope).get(pk=int(pk))
    except (ImportBatch.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
