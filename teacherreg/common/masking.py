"""The one masking function (security.md §2.5): templates, PDFs, exports, SMS and logs all
call ``mask`` so that fragments shown in different places cannot be stitched together.

A fixed number of stars hides the length of the value.
"""

from __future__ import annotations

from typing import Literal

MaskKind = Literal["name", "document_number", "phone", "email"]
_STARS = {"name": "*", "document_number": "*****", "phone": "****", "email": "*****"}


def mask(kind: MaskKind, value: str | None) -> str:
    """``37*****20``, ``136****90``, ``2*****@qq.com``, ``薛*``.

    Values too short to keep both ends are fully starred rather than shown.
    """
    if not value:
        return ""
    value = str(value)
    if kind == "name":
        return value[0] + _STARS["name"]
    if kind == "document_number":
        return _ends(value, 2, 2, _STARS[kind])
    if kind == "phone":
        return _ends(value, 3, 2, _STARS[kind])
    if kind == "email":
        local, at, domain = value.rpartition("@")
        if not at or not local:
            return _STARS["email"]
        return local[0] + _STARS["email"] + "@" + domain
    raise ValueError(f"Unknown mask kind {kind!r}")


def _ends(value: str, head: int, tail: int, stars: str) -> str:
    if len(value) <= head + tail:
        return stars
    return value[:head] + stars + value[-tail:]
