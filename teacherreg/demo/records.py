"""The demo's personal-centre records (issue 4 item 1): national exam results, Mandarin
certificates, education and degrees for the featured applicant 薛明 and a few others, and one
Mandarin certificate that 薛明 entered and that waits in the admin's review queue.

Call ``build_records(people, today)`` from ``load_demo`` once the people exist (it runs only
when they are created, so it is not idempotent on its own). Numbers are made up and follow no
real issuing scheme.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from PIL import Image, ImageDraw

from teacherreg.demo.people import DemoPerson
from teacherreg.records.kinds import MANDARIN
from teacherreg.records.models import DegreeRecord, EducationRecord, ExamResult, MandarinRecord, RecordSource
from teacherreg.records.services import add_entry
from teacherreg.reference.models import CodeItem, GraduationSchool

# How many demo people after 薛明 get national records too.
OTHERS = 8
MAJORS = ("汉语言文学", "数学与应用数学", "英语", "学前教育", "小学教育", "物理学", "音乐学", "体育教育")
MANDARIN_BODIES = ("北京市语言文字工作委员会", "山东省语言文字工作委员会")


def build_records(people: list[DemoPerson], today: datetime.date) -> None:
    rng = random.Random(4242)
    codes = {(c.kind, c.code): c for c in CodeItem.objects.filter(kind__in=_KINDS)}
    schools = list(GraduationSchool.objects.filter(status="verified").order_by("name")[:40])
    for position, person in enumerate(people[: OTHERS + 1]):
        _national(rng, position, person, codes, schools)
    # 薛明 has no national Mandarin record: the one he typed in waits for review.
    featured = people[0].user
    add_entry(
        featured,
        MANDARIN,
        {
            "grade": codes[("mandarin_grade", "2A")],
            "certificate_number": "1121001900518",
            "issued_on": min(datetime.date(2019, 5, 18), today),
            "issuing_body": "北京市语言文字工作委员会",
        },
        _sample_scan("PSC 2A"),
    )


_KINDS = ("mandarin_grade", "education_level", "degree", "study_form")


def _national(rng: random.Random, position: int, person: DemoPerson, codes: dict, schools: list) -> None:
    user = person.user
    number = user.document_number
    graduated = datetime.date(user.birth_date.year + 22, 7, 1)
    school = schools[position % len(schools)] if schools else None
    school_name = school.name if school else "某师范大学"
    major = MAJORS[position % len(MAJORS)]
    source = RecordSource.NATIONAL if position % 3 else RecordSource.IMPORTED

    # 教师资格考试: two written subjects of one sitting, for the younger half.
    if position == 0 or user.birth_date.year >= 1988:
        session_year = max(graduated.year, 2012)
        session = f"{session_year}年下半年"
        for subject in ("综合素质", "教育教学知识与能力"):
            score = Decimal(rng.randint(72, 118))
            ExamResult.objects.create(
                source=source,
                person_document_number=number,
                subject_name=f"{subject}（小学）",
                exam_session=session,
                score=score,
                passed=True,
                certificate_number=f"{session_year % 100:02d}11010{position:02d}{rng.randint(100000, 899999)}",
                valid_until=datetime.date(session_year + 3, 3, 31),
            )
    # 普通话: everyone but 薛明 (who entered his own) has one on record.
    if position > 0:
        grade = ("1B", "2A", "2A", "2B")[position % 4]
        MandarinRecord.objects.create(
            source=source,
            person_document_number=number,
            grade=codes[("mandarin_grade", grade)],
            certificate_number=f"37{graduated.year % 100:02d}0{position:02d}{rng.randint(1000000, 8999999)}",
            issued_on=datetime.date(graduated.year - 1, 5, 20),
            issuing_body=MANDARIN_BODIES[position % 2],
        )
    # 学历 and 学位: a 本科 with a 学士, and for one person a 硕士 on top.
    EducationRecord.objects.create(
        source=source,
        person_document_number=number,
        education_level=codes[("education_level", "bachelor")],
        graduation_school=school,
        school_name=school_name,
        major_name=major,
        graduated_on=graduated,
        study_form=codes[("study_form", "full_time")],
        certificate_number=f"10{position:03d}1{graduated.year}05{rng.randint(100000, 899999)}",
    )
    DegreeRecord.objects.create(
        source=source,
        person_document_number=number,
        degree=codes[("degree", "bachelor")],
        graduation_school=school,
        school_name=school_name,
        major_name=major,
        awarded_on=graduated,
        certificate_number=f"10{position:03d}4{graduated.year}{rng.randint(100000, 899999)}",
    )
    if position == 4:
        later = datetime.date(graduated.year + 3, 6, 30)
        EducationRecord.objects.create(
            source=source,
            person_document_number=number,
            education_level=codes[("education_level", "postgraduate")],
            graduation_school=school,
            school_name=school_name,
            major_name=major,
            graduated_on=later,
            study_form=codes[("study_form", "full_time")],
            certificate_number=f"10{position:03d}1{later.year}02{rng.randint(100000, 899999)}",
        )
        DegreeRecord.objects.create(
            source=source,
            person_document_number=number,
            degree=codes[("degree", "master")],
            graduation_school=school,
            school_name=school_name,
            major_name=major,
            awarded_on=later,
            certificate_number=f"10{position:03d}2{later.year}{rng.randint(100000, 899999)}",
        )


def _sample_scan(label: str) -> bytes:
    """A drawn stand-in for a certificate scan (no real document)."""
    image = Image.new("RGB", (800, 560), (250, 246, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 780, 540), outline=(150, 30, 30), width=8)
    draw.rectangle((60, 80, 740, 130), fill=(200, 60, 60))
    for row in range(6):
        draw.rectangle((80, 190 + row * 50, 560 - row * 30, 205 + row * 50), fill=(90, 90, 90))
    draw.ellipse((580, 360, 720, 500), outline=(200, 40, 40), width=6)
    draw.text((80, 480), label, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
