"""Providers for tests and for trying failure paths by hand (set TEACHERREG_IDENTITY_PROVIDER).

Never configure these in production; they give no real answer.
"""

from __future__ import annotations

from teacherreg.identity.providers.base import CheckOutcome, ProviderUnavailable


class TimeoutProvider:
    """Every call times out, as the police service does when it is overloaded or unreachable."""

    def check(self, *, name: str, document_number: str) -> CheckOutcome:
        raise ProviderUnavailable("identity provider timed out (simulated)")
