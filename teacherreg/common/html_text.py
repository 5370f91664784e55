"""Text put into HTML written in Python (the queue rows, the quick form renderer).

One rule for both, the template language's autoescaping: safe text is kept as it is, anything
else is escaped. The standard library's ``html.escape`` writes the same entities as Django's
``escape`` for ``& < > " '`` (tested with generated text) without its lazy-string wrapper, which
cost more than the escaping (issue 7).
"""

from __future__ import annotations

import html

from django.utils.safestring import SafeData


def text(value: object) -> str:
    """``value`` escaped for HTML unless it is already safe; None is empty."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape("" if value is None else str(value))
