"""Reversing a fixed set of URL names once per URL configuration, not on every request.

The header's entry links and the staff middleware's gates reverse the same dozen names for
every page. The answer only changes with the URL configuration (a test may swap it) and the
script prefix, so both are part of the key.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=256)
def _reverse_or_none(urlconf: str, prefix: str, name: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def path_or_none(name: str) -> str | None:
    """The path of the URL name ``name`` (no arguments), or None when it has no route."""
    return _reverse_or_none(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
