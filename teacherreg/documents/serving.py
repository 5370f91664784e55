"""Handing a private file to the one viewer a view has authorised (security.md §1.7).

Every personal document leaves the same way: a 404 when it is gone (never a 500 or a hint),
``Cache-Control: private, no-store`` so no shared cache or back button keeps a copy, and
``nosniff`` so a browser never treats an image as anything else. Callers check permission
and write their audit event first.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from teacherreg.documents.storage import private_storage


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file(name: str, *, content_type: str = "image/jpeg", filename: str = "") -> HttpResponse:
    """Stream the private-storage file ``name``; shown inline, under ``filename`` if given."""
    if not name or not private_storage.exists(name):
        raise Http404
    return _private(FileResponse(private_storage.open(name, "rb"), content_type=content_type, filename=filename))


def private_bytes(data: bytes, *, content_type: str, filename: str, attachment: bool) -> HttpResponse:
    """Bytes made for this request (the 申请表 PDF), as a download or shown inline."""
    response = HttpResponse(data, content_type=content_type)
    # Our own file names only (digits, letters, hyphens), so plain quoting is safe.
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return _private(response)
