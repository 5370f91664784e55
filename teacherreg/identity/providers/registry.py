"""The development provider: answers from the local ``IdentityRecord`` table.

It behaves like the police service as far as the applicant can tell — the same three answers
for the same situations — so every page and rule can be exercised without the real service.
"""

from __future__ import annotations

from teacherreg.common.fields import index_for
from teacherreg.identity.models import IdentityRecord
from teacherreg.identity.providers.base import CheckOutcome


class DevelopmentRegistryProvider:
    def check(self, *, name: str, document_number: str) -> CheckOutcome:
        record = IdentityRecord.objects.filter(
            document_number_index=index_for("document_number", document_number)
        ).first()
        if record is None or not record.is_valid:
            return CheckOutcome.NOT_FOUND
        return CheckOutcome.MATCH if record.name == name else CheckOutcome.MISMATCH
