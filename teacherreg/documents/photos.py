"""The applicant photo's domain service (P13): store an upload that passes the strict check,
keep an original for "fix it for me", make the cropped result, accept one, forget the rest.

Nothing here is shown to anyone: views call these functions and show ``DomainError.message``
or the ``ValidationError`` of the strict check. Every file goes to private storage under a
server-made name. What is not accepted disappears after ``PENDING_LIFETIME`` (a day).
"""

from __future__ import annotations

import io
from typing import IO

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from teacherreg.audit.services import record
from teacherreg.common.errors import DomainError
from teacherreg.documents.models import PENDING_LIFETIME, ApplicantPhoto, PhotoOriginal, PhotoSource
from teacherreg.documents.photo_fix import Crop, clamp_crop, has_dark_background, prepare_original, render
from teacherreg.documents.uploads import UPLOAD_SPECS, validate_image


def read_upload(uploaded: IO[bytes]) -> bytes:
    """The upload's bytes, at most one more than "fix it for me" accepts (so the limit shows)."""
    uploaded.seek(0)
    return uploaded.read(UPLOAD_SPECS.photo_fix.max_bytes + 1) or b""


def store_checked(owner: AbstractBaseUser, data: bytes) -> ApplicantPhoto:
    """P13's strict check; a photo that passes is stored (re-encoded, no metadata), waiting for
    the applicant to accept it. Raises the check's ``ValidationError`` otherwise."""
    jpeg = validate_image(data, UPLOAD_SPECS.applicant_photo)
    return _store_photo(owner, jpeg, PhotoSource.UPLOADED)


def store_original(owner: AbstractBaseUser, data: bytes) -> PhotoOriginal:
    """Keep the working copy of an upload for "fix it for me"; one per applicant at a time."""
    working = prepare_original(data)
    with transaction.atomic():
        _delete_originals(PhotoOriginal.objects.filter(owner=owner))
        original = PhotoOriginal(
            owner=owner, source_format=working.source_format, width=working.width, height=working.height
        )
        original.image.save("original.jpg", ContentFile(working.jpeg), save=False)
        original.save()
    return original


def make_fixed(owner: AbstractBaseUser, original: PhotoOriginal, crop: Crop) -> tuple[ApplicantPhoto, bool]:
    """Cut ``crop`` from the original into a 295 × 413 photo waiting for acceptance.

    Returns the photo and whether the box had to be moved back inside the picture.
    """
    if original.owner_id != owner.pk:
        raise DomainError("photo_original_gone")
    box, clamped = clamp_crop(crop, original.width, original.height)
    with original.image.open("rb") as handle:
        working = handle.read()
    photo = _store_photo(owner, render(working, box), PhotoSource.FIXED, original=original)
    return photo, clamped


def accept(owner: AbstractBaseUser, photo: ApplicantPhoto, *, actor: AbstractBaseUser | None = None) -> ApplicantPhoto:
    """使用这张照片: the photo becomes the one step 2 and submission use. Originals and other
    photos still waiting are deleted at once; photos accepted earlier stay (an application
    already submitted may show one)."""
    with transaction.atomic():
        locked = ApplicantPhoto.objects.select_for_update().filter(pk=photo.pk, owner=owner).first()
        if locked is None or locked.accepted_at is not None:
            raise DomainError("photo_not_pending")
        locked.accepted_at = timezone.now()
        locked.original = None
        locked.save(update_fields=["accepted_at", "original"])
        _delete_photos(ApplicantPhoto.objects.filter(owner=owner, accepted_at__isnull=True))
        _delete_originals(PhotoOriginal.objects.filter(owner=owner))
        # ``actor``: the agency's staff member when the photo came with 后台采集.
        record("photo_accepted", locked, actor=actor or owner, data={"source": locked.source, "size": locked.size})
    return locked


def purge_expired(owner: AbstractBaseUser | None = None) -> int:
    """Delete originals and unaccepted photos older than ``PENDING_LIFETIME``; the number of
    rows deleted. Runs for one applicant on each visit of the photo page, and for everyone from
    the periodic task."""
    cutoff = timezone.now() - PENDING_LIFETIME
    photos = ApplicantPhoto.objects.filter(accepted_at__isnull=True, created_at__lt=cutoff)
    originals = PhotoOriginal.objects.filter(created_at__lt=cutoff)
    if owner is not None:
        photos, originals = photos.filter(owner=owner), originals.filter(owner=owner)
    return _delete_photos(photos) + _delete_originals(originals)


def pending_original(owner: AbstractBaseUser, pk: int) -> PhotoOriginal | None:
    """The owner's original ``pk`` if it is still within its day; anyone else's is None."""
    cutoff = timezone.now() - PENDING_LIFETIME
    return PhotoOriginal.objects.filter(pk=pk, owner=owner, created_at__gte=cutoff).first()


def pending_photo(owner: AbstractBaseUser, pk: int) -> ApplicantPhoto | None:
    cutoff = timezone.now() - PENDING_LIFETIME
    return (
        ApplicantPhoto.objects.filter(pk=pk, owner=owner, accepted_at__isnull=True, created_at__gte=cutoff)
        .select_related("original")
        .first()
    )


def _store_photo(
    owner: AbstractBaseUser, jpeg: bytes, source: str, original: PhotoOriginal | None = None
) -> ApplicantPhoto:
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    photo = ApplicantPhoto(
        owner=owner,
        source=source,
        width=width,
        height=height,
        size=len(jpeg),
        dark_background=has_dark_background(jpeg),
        original=original,
    )
    photo.image.save("photo.jpg", ContentFile(jpeg), save=False)
    photo.save()
    return photo


def _delete_photos(queryset) -> int:
    count = 0
    for photo in list(queryset):
        photo.image.delete(save=False)
        photo.delete()
        count += 1
    return count


def _delete_originals(queryset) -> int:
    count = 0
    for original in list(queryset):
        original.image.delete(save=False)
        original.delete()
        count += 1
    return count
