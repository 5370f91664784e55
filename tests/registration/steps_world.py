"""An applicant ready to go through the seven steps: verified identity, a synced usable
certificate, national 普通话/学历/学位 records, an accepted photo, the code tables step 2
offers, a major tree and a graduation school. Built on ``world.build_world`` (历下, October
2026). Reference rows come from factories, never from ``load_reference``.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from teacherreg.accounts.models import IdentityStatus
from teacherreg.documents.models import ApplicantPhoto, PhotoSource
from teacherreg.reference.models import CodeItem, GraduationSchool, Major, Subject, SubjectTree, TeachingStage
from teacherreg.registration.models import ApplicationDraft
from teacherreg.registration.services import steps
from tests.factories import (
    ApplicantFactory,
    CertificateFactory,
    CodeItemFactory,
    NationalDegreeFactory,
    NationalEducationFactory,
    NationalMandarinFactory,
)
from tests.registration.world import World, build_world, qualification_types

BIRTH = datetime.date(1986, 6, 12)


@dataclass
class Ready:
    world: World
    teacher: Any
    certificate: Any
    mandarin: Any
    education: Any
    degree: Any
    codes: dict[str, CodeItem]
    major: Major
    major_group: Major
    school: GraduationSchool
    subject: Subject

    def info(self, **changes: str) -> dict[str, str]:
        """Valid step-2 answers as the form posts them."""
        values = {
            "certificate": str(self.certificate.pk),
            "mandarin_record": str(self.mandarin.pk),
            "education_record": str(self.education.pk),
            "degree_record": str(self.degree.pk),
            "major_category": str(self.codes["major_category"].pk),
            "major": str(self.major.pk),
            "graduation_school": str(self.school.pk),
            "graduated_on": "2008-07-01",
            "study_form": str(self.codes["study_form"].pk),
            "current_school": "济南市历下区实验小学",
            "school_nature": str(self.codes["school_nature"].pk),
            "school_location": str(self.codes["school_location"].pk),
            "started_work_on": "2008-09-01",
            "employed_since": "2010-09-01",
            "teacher_title": str(self.codes["teacher_title"].pk),
            "post_nature": str(self.codes["post_nature"].pk),
            "political_status": str(self.codes["political_status"].pk),
            "household_registration": "山东省济南市历下区",
            "postcode": "250014",
            "postal_address": "山东省济南市历下区文化东路1号",
        }
        values.update(changes)
        return values

    def agency(self, **changes: str) -> dict[str, str]:
        values = {
            "province": str(self.world.shandong.pk),
            "city": str(self.world.jinan.pk),
            "current_stage": "primary",
            "agency": str(self.world.lixia.pk),
            "arrangement": str(self.world.arrangement.pk),
            "current_subject": str(self.subject.pk),
        }
        values.update(changes)
        return values


def jpeg_bytes(width: int = 295, height: int = 413) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (240, 240, 240)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def accepted_photo(user: Any) -> ApplicantPhoto:
    data = jpeg_bytes()
    photo = ApplicantPhoto(owner=user, source=PhotoSource.UPLOADED, width=295, height=413, size=len(data))
    photo.image.save("photo.jpg", ContentFile(data), save=False)
    photo.accepted_at = timezone.now()
    photo.save()
    return photo


def code_tables() -> dict[str, CodeItem]:
    return {
        "major_category": CodeItemFactory(kind="major_category", code="edu", name="教育学类"),
        "study_form": CodeItemFactory(kind="study_form", code="full_time", name="普通全日制"),
        "school_nature": CodeItemFactory(kind="school_nature", code="public", name="公办"),
        "school_location": CodeItemFactory(kind="school_location", code="city", name="城市"),
        "teacher_title": CodeItemFactory(kind="teacher_title", code="primary_1", name="一级教师"),
        "post_nature": CodeItemFactory(kind="post_nature", code="1", name="在编在岗"),
        "political_status": CodeItemFactory(kind="political_status", code="13", name="群众"),
        "ethnic_group": CodeItemFactory(kind="ethnic_group", code="01", name="汉族"),
    }


def teacher_for(world: World, codes: dict[str, CodeItem], **extra: Any) -> Any:
    extra.setdefault("name", "薛明")
    return ApplicantFactory(
        identity_status=IdentityStatus.VERIFIED, birth_date=BIRTH, ethnic_group=codes["ethnic_group"], **extra
    )


def build_ready(**teacher: Any) -> Ready:
    world = build_world()
    codes = code_tables()
    user = teacher_for(world, codes, **teacher)
    certificate = CertificateFactory(holder=user, qualification_type=qualification_types()["2"])
    bachelor, _ = CodeItem.objects.update_or_create(
        kind="education_level",
        code="bachelor",
        defaults={
            "name": "大学本科",
            "extra": {"major_catalogues": ["undergraduate"], "qualification_types": ["1", "2", "3", "4"]},
        },
    )
    group = Major.objects.create(catalogue="undergraduate", code="0401", name="教育学类", is_selectable=False)
    major = Major.objects.create(catalogue="undergraduate", code="040102", name="小学教育", parent=group)
    school = GraduationSchool.objects.create(name="山东师范大学")
    primary = TeachingStage.objects.get(code="primary")
    subject = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese", name="语文", stage=primary)
    return Ready(
        world=world,
        teacher=user,
        certificate=certificate,
        mandarin=NationalMandarinFactory(person=user),
        education=NationalEducationFactory(person=user, education_level=bachelor),
        degree=NationalDegreeFactory(person=user),
        codes=codes,
        major=major,
        major_group=group,
        school=school,
        subject=subject,
    )


def draft_at(user: Any, done: list[str], answers: dict[str, dict[str, Any]] | None = None, **extra: Any):
    """A draft with ``done`` steps and ``answers`` written straight into the table."""
    payload = {"answers": answers or {}, "done": done, **extra}
    draft, _ = ApplicationDraft.objects.update_or_create(
        applicant=user, defaults={"payload": json.dumps(payload, ensure_ascii=False)}
    )
    return draft


def complete_draft(ready: Ready, **extra: Any):
    """Steps 1–5 complete, with valid answers; ``idempotency_key`` may be passed in ``extra``."""
    answers = {
        "agreement": {"version": "2026.1", "accepted_at": "2026-10-10T10:00:00+08:00"},
        "info": ready.info(),
        "agency": ready.agency(),
    }
    done = [s.slug for s in steps.STEPS[:5]]
    return draft_at(ready.teacher, done, answers, **extra)


def hand_certificate_to_another_account(ready: Ready) -> Any:
    """The certificate re-linked to a second account (an identity correction), which has its
    own records and photo; ``ready`` then describes that account."""
    other = ApplicantFactory(identity_status=IdentityStatus.VERIFIED, birth_date=BIRTH, name="薛明")
    ready.certificate.holder = other
    ready.certificate.save()
    accepted_photo(other)
    ready.teacher = other
    ready.mandarin = NationalMandarinFactory(person=other, grade=ready.mandarin.grade)
    ready.education = NationalEducationFactory(person=other, education_level=ready.education.education_level)
    ready.degree = NationalDegreeFactory(person=other, degree=ready.degree.degree)
    return other
