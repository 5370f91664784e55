"""``{% path "portal:home" %}``: the layout's fixed links, reversed once (issue 7).

Every page's header, footer and language switch link the same dozen URL names without
arguments; ``{% url %}`` reversed each of them on every request (about 40 µs apiece here).
``path`` reads them from ``common.url_cache`` and, like ``{% url %}``, fails loudly on a name
with no route. Links with arguments keep using ``{% url %}``.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

from teacherreg.common.url_cache import path_or_none

register = template.Library()


@register.simple_tag
def path(name: str) -> str:
    found = path_or_none(name)
    if found is None:
        raise NoReverseMatch(f"Reverse for '{name}' not found: it has no route without arguments.")
    return found
