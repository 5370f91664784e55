"""The 申请表 cache: one file per application version and photo, in private storage.

Files live under ``application-forms/`` in ``PrivateStorage`` (no URL; served only by the
applicant's authorising view). A file is written to a temporary name and renamed, so two
requests rendering at once never leave half a PDF; both write the same bytes (the canvas is
invariant), and the rename makes one of them win.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from teacherreg.documents.storage import private_storage
from teacherreg.registration.models import Application
from teacherreg.registration.pdf import layout
from teacherreg.registration.pdf.content import content_of

logger = logging.getLogger(__name__)

FOLDER = "application-forms"
NO_PHOTO = "nophoto"


def read_photo(application: Application) -> bytes | None:
    """The photo's bytes, or None when there is none or its file is gone (the form then
    shows an empty box for a printed photo to be glued in)."""
    if not application.photo or not application.photo.name:
        return None
    try:
        with application.photo.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        logger.warning("申请表 %s: photo file missing", application.number)
        return None


def _photo_digest(photo: bytes | None) -> str:
    return hashlib.sha256(photo).hexdigest()[:16] if photo else NO_PHOTO


def cache_name(application: Application, photo: bytes | None = None) -> str:
    return f"{FOLDER}/{application.pk}-v{application.version}-{_photo_digest(photo)}.pdf"


def render_application_form(application: Application, photo: bytes | None = None) -> bytes:
    """Draw the form afresh (no cache). ``photo`` defaults to the application's photo."""
    if photo is None:
        photo = read_photo(application)
    data, _missing = layout.render(content_of(application, photo))
    return data


def application_form(application: Application) -> bytes:
    """The cached form of this version and photo, rendered and stored on first request."""
    photo = read_photo(application)
    name = cache_name(application, photo)
    try:
        with private_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        pass
    data = render_application_form(application, photo)
    _store(name, data)
    _remove_others(application, keep=name)
    return data


def _store(name: str, data: bytes) -> None:
    target = Path(private_storage.path(name))
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_others(application: Application, keep: str) -> None:
    """Older versions (and photos) of this application's form are of no further use."""
    prefix = f"{application.pk}-v"
    try:
        _dirs, files = private_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for filename in files:
        if filename.startswith(prefix) and f"{FOLDER}/{filename}" != keep:
            private_storage.delete(f"{FOLDER}/{filename}")
