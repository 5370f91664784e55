"""The demo's hand-added certificates (issue 4 item 3): a drawn photo for each, a submission
time, and a few decided so the verification queue and the applicant pages show every state."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from teacherreg.accounts.models import User
from teacherreg.certificates.models import SCAN_FOLDER, Certificate, VerificationState
from teacherreg.documents.storage import private_storage, uuid_name

REJECTION_REASON = "照片上的证书号码看不清，请在光线充足处重新拍摄证书内页后重新提交。"


def build_manual_certificates(today: datetime.date) -> int:
    """Every hand-added demo certificate gets a photo; one in three is verified, one in three
    refused with a reason, the rest wait (待核验). Returns how many there are."""
    reviewer = User.objects.filter(is_superuser=True).order_by("pk").first()
    now = timezone.now()
    certificates = list(Certificate.objects.manual().select_related("issuing_agency").order_by("pk"))
    for i, certificate in enumerate(certificates):
        certificate.scan = private_storage.save(uuid_name(SCAN_FOLDER), ContentFile(_sample_certificate(i)))
        certificate.added_by = certificate.holder
        certificate.submitted_at = now - datetime.timedelta(days=3 + i * 2)
        if certificate.issuing_agency and certificate.issuing_agency.region:
            certificate.city = _city_of(certificate.issuing_agency.region)
        if i % 3 == 1:
            _decide(certificate, VerificationState.VERIFIED, reviewer, now)
        elif i % 3 == 2:
            _decide(certificate, VerificationState.REJECTED, reviewer, now, REJECTION_REASON)
        certificate.save()
    return len(certificates)


def _decide(certificate: Certificate, state: str, reviewer: User | None, now, reason: str = "") -> None:
    certificate.verification_state = state
    certificate.verified_by = reviewer
    certificate.verified_at = now - datetime.timedelta(days=1)
    certificate.rejection_reason = reason


def _city_of(region):
    """The 市 of an agency's region: itself for a city or a 直辖市, its parent for a county."""
    if region.level == "county" and region.parent is not None:
        return region.parent
    return region


def _sample_certificate(seed: int) -> bytes:
    """A drawn stand-in for a photo of a certificate's inner page: a photo box, text lines, a
    red seal. Under the P13 scan limit."""
    image = Image.new("RGB", (900, 640), (226, 222, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 870, 610), fill=(250, 246, 232), outline=(160, 120, 80), width=6)
    draw.rectangle((80, 110, 260, 340), fill=(212, 218, 226))
    for row in range(7):
        width = 340 + ((seed * 37 + row * 53) % 160)
        draw.rectangle((320, 110 + row * 48, 320 + width, 130 + row * 48), fill=(170, 160, 150))
    draw.ellipse((620, 420, 800, 600), outline=(200, 40, 40), width=8)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
