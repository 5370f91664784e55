"""Reversing a fixed set of URL names once per URL configuration, not on every request.

The header's entry links and the staff middleware's gates reverse the same dozen names for
every page. The answer only changes with the URL configuration (a test may swap it) and the
script prefix, so both are part of the key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

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


@functools.lru_cache(maxsize=64)
def _split(urlconf: str, prefix: str, name: str, placeholder: str) -> tuple[str, str]:
    head, _sep, tail = reverse(name, args=[placeholder], urlconf=urlconf).rpartition(placeholder)
    return head, tail


def path_with(name: str, placeholder: str) -> Callable[[str], str]:
    """A maker of ``name``'s path for one argument, reversed once: a list of 50 cases links
    each row without 50 reversals. ``placeholder`` must match the route (a 15-digit number for
    a case) and the values given must need no quoting, as case numbers do not."""
    head, tail = _split(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, placeholder)
    return lambda value: f"{head}{value}{tail}"
