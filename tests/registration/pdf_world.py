"""Helpers of the 申请表 tests: a fully filled-in application and the poppler tools that read
the PDF back (pdftotext, pdffonts, pdfimages from poppler-utils, installed by ``make``)."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image

from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.profiles.models import AnnualAssessment, EthicsAssessment, TrainingRecord
from teacherreg.registration.models import Application
from tests.documents.images import jpeg
from tests.factories import ApplicationFactory, CodeItemFactory

SCHOOL = "济南市历下区第一实验小学"
ISSUER = "济南市历下区教育和体育局"


def full_application(**extra: object) -> Application:
    """An application with every field of step 2, a previous registration, two years of
    records in the cycle (the other three left for the school) and a photo."""
    extra.setdefault("current_school", SCHOOL)
    application = ApplicationFactory(
        ethnic_group=CodeItemFactory(kind="ethnic_group", code="01", name="汉族"),
        political_status=CodeItemFactory(kind="political_status", code="13", name="群众"),
        education_level=CodeItemFactory(kind="education_level", code="bachelor", name="大学本科"),
        degree=CodeItemFactory(kind="degree", code="bachelor", name="学士"),
        school_nature=CodeItemFactory(kind="school_nature", code="public", name="公办"),
        **extra,
    )
    certificate = application.certificate
    certificate.issuing_agency_name = ISSUER
    certificate.save()
    RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2021, 12, 20),
        valid_from=datetime.date(2021, 12, 20),
        valid_until=datetime.date(2026, 12, 19),
        ordinal=1,
    )
    person = application.document_number
    AnnualAssessment.objects.create(person_document_number=person, year=2021, grade="excellent")
    AnnualAssessment.objects.create(person_document_number=person, year=2022, grade="pass")
    EthicsAssessment.objects.create(person_document_number=person, year=2022, result="pass")
    TrainingRecord.objects.create(person_document_number=person, year=2022, level="provincial", hours=Decimal(72))
    TrainingRecord.objects.create(person_document_number=person, year=2022, level="school", hours=Decimal("24.5"))
    TrainingRecord.objects.create(person_document_number=person, year=2023, level="county", hours=Decimal(80))
    application.photo.save("photo.jpg", ContentFile(jpeg((390, 567))), save=True)
    return application


def point_named(application: Application, name: str) -> None:
    Organisation.objects.filter(pk=application.confirmation_point_id).update(
        name=name, level=OrgLevel.CONFIRMATION_POINT
    )


POPPLER = Path("/usr/bin")  # poppler-utils, installed by ``make`` (Makefile SYSTEM_PACKAGES)


def _poppler(tool: str, data: bytes, *args: str) -> tuple[str, Path]:
    """Run a poppler tool on ``data`` in a fresh folder; returns its output and the folder
    (valid until the next call's cleanup by the caller)."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "form.pdf"
    path.write_bytes(data)
    command = [str(POPPLER / tool), *[a.replace("{pdf}", str(path)).replace("{dir}", str(folder)) for a in args]]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603 (fixed tools)
    return out, folder


def pdf_text(data: bytes, mode: str = "-layout") -> str:
    """The text as laid out on the page, or with ``mode="-raw"`` in drawing order (a wrapped
    cell's lines then follow each other)."""
    out, folder = _poppler("pdftotext", data, mode, "{pdf}", "-")
    shutil.rmtree(folder)
    return out


def pdf_fonts(data: bytes) -> str:
    out, folder = _poppler("pdffonts", data, "{pdf}")
    shutil.rmtree(folder)
    return out


def pdf_images(data: bytes) -> list[Image.Image]:
    """Every image in the PDF, extracted at its own resolution."""
    _out, folder = _poppler("pdfimages", data, "-png", "{pdf}", "{dir}/img")
    images = []
    for png in sorted(folder.glob("img-*.png")):
        with Image.open(png) as image:
            images.append(image.copy())
    shutil.rmtree(folder)
    return images


def pages(data: bytes) -> int:
    out, folder = _poppler("pdfinfo", data, "{pdf}")
    shutil.rmtree(folder)
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
