"""The provider contract.

A provider answers one question per call and keeps no state between calls. It must:

- return ``CheckOutcome.MATCH`` when the registry holds a valid record with exactly this
  document number and name, ``MISMATCH`` when the number is known but the name differs, and
  ``NOT_FOUND`` when there is no valid record for the number;
- raise ``ProviderUnavailable`` for everything else — connect or read timeout, 5xx, refused
  connection, malformed answer, circuit open, quota exhausted at the provider — so that the
  caller gives the applicant's try back (security.md §5.2);
- bound its own time: connect and read timeouts short enough that the request finishes well
  inside the proxy timeout (G7);
- never log or raise with the document number or the name in clear.
"""

from __future__ import annotations

import enum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "teacherreg.identity.providers.registry.DevelopmentRegistryProvider"


class CheckOutcome(enum.Enum):
    MATCH = "match"
    MISMATCH = "mismatch"  # the number is known, the name does not belong to it
    NOT_FOUND = "not_found"  # no valid record for the number


class ProviderUnavailable(Exception):
    """The provider could not give an answer (timeout, 5xx, bad response). Not the applicant's fault."""


class IdentityProvider(Protocol):
    def check(self, *, name: str, document_number: str) -> CheckOutcome: ...


def get_provider() -> IdentityProvider:
    """A fresh provider from ``TEACHERREG_IDENTITY_PROVIDER`` (read at every call, so a
    settings override in a test takes effect)."""
    factory = import_string(getattr(settings, "TEACHERREG_IDENTITY_PROVIDER", "") or DEFAULT_PROVIDER)
    return factory()
