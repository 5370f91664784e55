"""Identity providers: who answers "do this name and this document number belong together?".

The provider is chosen by ``settings.TEACHERREG_IDENTITY_PROVIDER`` (a dotted path to a class
or factory taking no arguments); the default is the development registry. See ``base.py`` for
the contract a real adapter (the police service, e.g. CTID) must meet.
"""

from teacherreg.identity.providers.base import (
    DEFAULT_PROVIDER,
    CheckOutcome,
    IdentityProvider,
    ProviderUnavailable,
    get_provider,
)

__all__ = ["DEFAULT_PROVIDER", "CheckOutcome", "IdentityProvider", "ProviderUnavailable", "get_provider"]
