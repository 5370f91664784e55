"""The demo's development identity registry (issue 3): what the development provider answers
for the demo applicants, so 实名核验 works on the demo and shows its failures too.

Call ``fill_identity_registry()`` from ``load_demo`` after the people exist, inside its
transaction; it is idempotent. Every demo applicant with a 居民身份证 is registered under their
own name, except a few accounts that have never been verified:

- the first two are registered under a different name: the check answers 姓名与证件号码不一致;
- the third is missing from the registry: the check finds no record;
- the fourth is registered but marked invalid: the check finds no valid record.

Accounts shown as 人工审核中 get a pending manual review with two drawn sample photos (no
real document), submitted ten days before, so the admin queue shows an overdue review.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from teacherreg.accounts.models import DocumentType, IdentityStatus, User, UserKind
from teacherreg.common.fields import index_for
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.identity.consent import CONSENT_VERSION
from teacherreg.identity.models import IdentityRecord, ManualReview
from teacherreg.identity.services.review import review_due_date, review_province_code

# A different last character makes a name that is plausible but not the account's.
_OTHER_CHAR = {"明": "敏", "敏": "明"}


@dataclass
class DemoIdentities:
    registered: int = 0
    mismatched: list[User] = field(default_factory=list)
    missing: list[User] = field(default_factory=list)
    invalid: list[User] = field(default_factory=list)
    reviews: list[ManualReview] = field(default_factory=list)


def fill_identity_registry(now: datetime.datetime | None = None) -> DemoIdentities:
    now = now or timezone.now()
    applicants = list(User.objects.filter(kind=UserKind.APPLICANT, document_type=DocumentType.ID_CARD).order_by("pk"))
    never_verified = [u for u in applicants if u.identity_status == IdentityStatus.UNVERIFIED]
    summary = DemoIdentities(mismatched=never_verified[0:2], missing=never_verified[2:3], invalid=never_verified[3:4])
    missing = {u.pk for u in summary.missing}
    mismatched = {u.pk for u in summary.mismatched}
    invalid = {u.pk for u in summary.invalid}

    existing = {r.document_number_index: r for r in IdentityRecord.objects.all()}
    new: list[IdentityRecord] = []
    for user in applicants:
        key = index_for("document_number", user.document_number)
        record = existing.get(key)
        if user.pk in missing:
            if record is not None:
                record.delete()
            continue
        name = _other_name(user.name) if user.pk in mismatched else user.name
        valid = user.pk not in invalid
        if record is None:
            new.append(IdentityRecord(document_number=user.document_number, name=name, is_valid=valid))
        elif (record.name, record.is_valid) != (name, valid):
            record.name, record.is_valid = name, valid
            record.save(update_fields=["name", "is_valid", "updated_at"])
        summary.registered += 1
    IdentityRecord.objects.bulk_create(new)

    for user in applicants:
        if user.identity_status == IdentityStatus.MANUAL_REVIEW and not ManualReview.objects.filter(user=user).exists():
            summary.reviews.append(_pending_review(user, now - datetime.timedelta(days=10)))
    return summary


def _other_name(name: str) -> str:
    return name[:-1] + _OTHER_CHAR.get(name[-1], "明")


def _pending_review(user: User, submitted_at: datetime.datetime) -> ManualReview:
    return ManualReview.objects.create(
        user=user,
        submitted_name=user.name,
        document_type=user.document_type,
        front_photo=private_storage.save(uuid_name("identity-reviews"), ContentFile(_sample_card(front=True))),
        back_photo=private_storage.save(uuid_name("identity-reviews"), ContentFile(_sample_card(front=False))),
        consent_version=CONSENT_VERSION,
        consented_at=submitted_at,
        submitted_at=submitted_at,
        due_by=review_due_date(submitted_at),
        province_code=review_province_code(user),
    )


def _sample_card(*, front: bool) -> bytes:
    """A drawn stand-in for an ID-card photo: a card outline, a portrait box or an emblem."""
    image = Image.new("RGB", (856, 540), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((20, 20, 836, 520), radius=28, fill=(250, 246, 236), outline=(150, 160, 170), width=4)
    if front:
        draw.rectangle((560, 90, 780, 360), fill=(205, 214, 224))
        for i, width in enumerate((300, 380, 260, 420, 440)):
            draw.rectangle((70, 100 + i * 60, 70 + width, 124 + i * 60), fill=(180, 188, 196))
    else:
        draw.ellipse((70, 70, 230, 230), outline=(190, 40, 40), width=10)
        for i, width in enumerate((520, 440)):
            draw.rectangle((260, 380 + i * 60, 260 + width, 404 + i * 60), fill=(180, 188, 196))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
