"""Fixtures of the records tests: a private folder per test, the code tables they use, an
applicant, and scans made in the test."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.reference.models import GraduationSchool
from tests.documents.images import jpeg
from tests.factories import ApplicantFactory, CodeItemFactory

BACKEND = APPLICANT_BACKEND


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "private"


@pytest.fixture
def codes(db) -> dict[str, object]:
    """The rows of the four code tables these modules use, in the real files' order."""
    rows = {
        "1A": ("mandarin_grade", "一级甲等", 0),
        "1B": ("mandarin_grade", "一级乙等", 1),
        "2A": ("mandarin_grade", "二级甲等", 2),
        "2B": ("mandarin_grade", "二级乙等", 3),
        "postgraduate": ("education_level", "研究生", 0),
        "bachelor": ("education_level", "大学本科", 1),
        "associate": ("education_level", "大学专科", 2),
        "doctor": ("degree", "博士", 0),
        "master": ("degree", "硕士", 1),
        "bachelor_degree": ("degree", "学士", 2),
        "full_time": ("study_form", "普通全日制", 0),
    }
    made = {}
    for key, (kind, name, order) in rows.items():
        code = "bachelor" if key == "bachelor_degree" else key
        made[key] = CodeItemFactory(kind=kind, code=code, name=name, sort_order=order)
    return made


@pytest.fixture
def school(db) -> GraduationSchool:
    return GraduationSchool.objects.create(name="北京师范大学")


@pytest.fixture
def teacher(db):
    return ApplicantFactory(name="薛明")


@pytest.fixture
def scan() -> bytes:
    return jpeg((900, 600))


def mandarin_data(codes, **overrides) -> dict:
    data = {
        "grade": codes["2A"],
        "certificate_number": "1121001900518",
        "issued_on": datetime.date(2019, 5, 18),
        "issuing_body": "北京市语言文字工作委员会",
    }
    data.update(overrides)
    return data
