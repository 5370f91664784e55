"""Providers for the identity tests, selected with ``settings.TEACHERREG_IDENTITY_PROVIDER``."""

from __future__ import annotations

import threading

from teacherreg.identity.providers import CheckOutcome
from teacherreg.identity.providers.registry import DevelopmentRegistryProvider


class CountingProvider(DevelopmentRegistryProvider):
    """The development registry, counting its calls across threads."""

    calls = 0
    _lock = threading.Lock()

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.calls = 0

    def check(self, *, name: str, document_number: str) -> CheckOutcome:
        with self._lock:
            type(self).calls += 1
        return super().check(name=name, document_number=document_number)


class BrokenProvider:
    """An adapter with a bug: not a ProviderUnavailable, but the try must still come back."""

    def check(self, *, name: str, document_number: str) -> CheckOutcome:
        raise ZeroDivisionError("bug in an adapter")
