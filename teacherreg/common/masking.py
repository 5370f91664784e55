"""The one masking function (security.md §2.5): templates, PDFs, exports, SMS and logs all
call ``mask`` so that fragments shown in different places cannot be stitched together.

A fixed number of stars hides the length of the value.
"""

from __future__ import annotations

from typing import Literal

MaskKind = Literal["name", "document_number", "phone", "email", "certificate_number"]
_STARS = {"name": "*", "document_number": "*****", "phone": "****", "email": "*****", "certificate_number": "*****"}


def mask(kind: MaskKind, value: str | None) -> str:
    """``37*****20``, ``136****90``, ``2*****@qq.com``, ``薛*``.

    Values too short to keep both ends are fully starred rather than shown: a value is
    shown in part only when at least as many characters stay hidden as are shown.
    """
    # Check the kind first: a typo in a template must fail on the first render, not only
    # on the first render that happens to have a value.
    if kind not in _STARS:
        raise ValueError(f"Unknown mask kind {kind!r}")
    if not value:
        return ""
    value = str(value)
    if kind == "name":
        # A one-character name would be shown whole.
        return value[0] + _STARS["name"] if len(value) > 1 else _STARS["name"]
    if kind == "document_number":
        return _ends(value, 2, 2, _STARS[kind])
    if kind == "phone":
        return _ends(value, 3, 2, _STARS[kind])
    if kind == "certificate_number":
        # The year stays readable (it tells the holder which certificate it is); the rest hides.
        return _ends(value, 4, 2, _STARS[kind])
    local, at, domain = value.rpartition("@")
    if not at:
        return _STARS["email"]
    # A one-character local part would be shown whole.
    head = local[0] if len(local) > 1 else ""
    return head + _STARS["email"] + "@" + domain


def _ends(value: str, head: int, tail: int, stars: str) -> str:
    if len(value) < 2 * (head + tail):
        return stars
    return value[:head] + stars + value[-tail:]
