"""Filters over code tables, subjects, majors and graduation schools."""

from __future__ import annotations

import pytest

from teacherreg.reference import services
from teacherreg.reference.models import (
    CodeItem,
    QualificationType,
    Region,
    TeachingStage,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def qualification(code: str) -> QualificationType:
    return QualificationType.objects.get(code=code)


def level(code: str) -> CodeItem:
    return CodeItem.objects.get(kind="education_level", code=code)


def codes(items) -> list[str]:
    return [item.code for item in items]


def test_it_does_not_let_higher_education_certificates_be_registered():
    assert qualification("7").usable_for_registration is False
    assert qualification("7").certifying_level == "province"
    assert codes(services.usable_qualification_types()) == ["1", "2", "3", "4", "5", "6"]


def test_it_gives_each_qualification_type_its_certifying_level_and_stage():
    levels = dict(QualificationType.objects.values_list("code", "certifying_level"))
    assert levels == {
        "1": "county",
        "2": "county",
        "3": "county",
        "4": "city",
        "5": "city",
        "6": "city",
        "7": "province",
    }
    assert qualification("3").stage.name == "初级中学"


def test_it_offers_education_levels_by_the_statutory_minimum():
    assert codes(services.education_levels_for(qualification("1"))) == [
        "postgraduate",
        "bachelor",
        "associate",
        "normal_school",
        "preschool_normal",
    ]
    assert codes(services.education_levels_for(qualification("4"))) == ["postgraduate", "bachelor"]
    assert len(services.education_levels_for(qualification("4"), include_below_minimum=True)) == 7


def test_it_offers_only_the_major_none_for_high_school_or_below():
    majors = services.majors_for(qualification("2"), level("high_school"))
    assert [(major.catalogue, major.name) for major in majors] == [("none", "无")]


def test_it_offers_undergraduate_majors_for_a_bachelor_and_marks_teaching_ones():
    majors = services.majors_for(qualification("3"), level("bachelor"))
    primary = majors.get(code="040107")

    assert {major.catalogue for major in majors} == {"undergraduate"}
    assert majors.filter(parent__isnull=True).count() == 12
    assert majors.filter(code__regex=r"^\d{4}$").count() == 92
    assert (primary.name, primary.is_teaching_related, primary.is_selectable) == ("小学教育", True, True)
    assert majors.get(code="0401").is_selectable is False


def test_it_offers_vocational_majors_for_a_junior_college_graduate():
    names = {
        major.name for major in services.selectable_majors(services.majors_for(qualification("1"), level("associate")))
    }
    assert {"学前教育", "小学语文教育", "语文教育"} <= names


def test_it_offers_only_no_degree_to_a_junior_college_graduate():
    assert codes(services.degrees_for(qualification("1"), level("associate"))) == ["none"]
    assert codes(services.degrees_for(qualification("4"), level("postgraduate"))) == [
        "doctor",
        "master",
        "bachelor",
        "none",
    ]


def test_it_has_no_current_subjects_for_kindergarten():
    kindergarten = TeachingStage.objects.get(name="幼儿园")
    assert services.current_subjects(kindergarten).count() == 0
    assert services.current_subjects(TeachingStage.objects.get(code="primary")).filter(name="语文").exists()


def test_it_gives_kindergarten_certificates_a_single_subject_node():
    subjects = services.certificate_subjects(qualification("1"))
    assert [(subject.code, subject.legacy_code) for subject in subjects] == [("1-kg", "D")]


def test_it_keeps_historic_subject_names_for_old_certificates():
    foreign = services.certificate_subjects(qualification("3"), search="外语").get()
    group = foreign.parent

    assert (foreign.is_historic, foreign.legacy_code, foreign.is_selectable) == (True, "C05", True)
    assert group.is_selectable is False
    assert services.certificate_subjects(qualification("2")).filter(name="自然", legacy_code="C09").exists()


def test_it_shows_province_specific_subjects_only_in_that_province():
    senior = TeachingStage.objects.get(code="senior")
    inner_mongolia = Region.objects.current().get(code="150000")
    beijing = Region.objects.current().get(code="110000")

    assert services.current_subjects(senior, inner_mongolia, search="蒙古语文").count() == 1
    assert services.current_subjects(senior, beijing, search="蒙古语文").count() == 0
    assert services.current_subjects(senior, search="蒙古语文").count() == 0


def test_it_searches_current_subjects_by_name_and_returns_only_choosable_ones():
    results = services.current_subjects(TeachingStage.objects.get(code="junior"), search="语")
    pairs = [(subject.name, subject.parent.name if subject.parent else None) for subject in results]

    assert pairs == [("语文", None), ("英语", "外语"), ("日语", "外语"), ("俄语", "外语"), ("其他外语", "外语")]


# Graduation schools (search, 新增学校, verdicts, merging): tests/reference/test_school_directory.py.
