"""QR codes as inline SVG, drawn here from the ``qrcode`` package's module matrix.

Inline so the seed never travels as an image URL (no request to log, no cache to leak it),
and drawn here so the markup is ours: one path of whole-number coordinates, a label for
screen readers, nothing taken from the input but the matrix.
"""

from __future__ import annotations

import qrcode
from django.utils.html import format_html
from django.utils.safestring import SafeString

QUIET_ZONE = 4  # modules of white border that scanners need (ISO/IEC 18004)


def svg(data: str, *, label: str, size_px: int = 232) -> SafeString:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    side = len(matrix)
    path = "".join(f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="totp-qr" role="img" aria-label="{}" '
        'width="{}" height="{}" viewBox="0 0 {} {}" shape-rendering="crispEdges">'
        '<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{}"/></svg>',
        label,
        size_px,
        size_px,
        side,
        side,
        path,
    )
