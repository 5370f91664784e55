"""The national records behind their lookup interface, and what step 2 of the application
may choose from (issue 4 item 1)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teacherreg.records.kinds import DEGREE, EDUCATION, MANDARIN
from teacherreg.records.models import MandarinRecord, RecordSource
from teacherreg.records.national import ExamResultRow, MandarinRow, TableNationalRecords, national_records
from teacherreg.records.overview import choices_for_application, module_rows, summaries
from teacherreg.records.services import add_entry, verify_entry
from teacherreg.registration.workflow import Status
from tests.documents.images import jpeg
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    ExamResultFactory,
    NationalDegreeFactory,
    NationalEducationFactory,
    NationalMandarinFactory,
    StaffFactory,
)
from tests.records.conftest import mandarin_data

pytestmark = pytest.mark.django_db

FEED = "tests.records.test_national.FeedRecords"


class FeedRecords:
    """A stand-in for a real national feed: rows that exist in no table of ours."""

    def exam_results(self, user):
        return [
            ExamResultRow("综合素质（中学）", "2016年上半年", Decimal("101"), True, "FEED-EXAM-1", None, "national")
        ]

    def mandarin_certificates(self, user):
        return [MandarinRow("1A", "FEED-PSC-1", datetime.date(2010, 5, 1), "国家语言文字工作委员会", "national")]

    def education(self, user):
        return []

    def degrees(self, user):
        return []


def test_the_table_backend_finds_a_persons_rows_by_document_number_only(teacher, codes):
    ExamResultFactory(person=teacher, subject_name="综合素质（小学）", score=98)
    ExamResultFactory(person=teacher, subject_name="教育教学知识与能力（小学）", score=87, source="imported")
    ExamResultFactory(person=ApplicantFactory(), subject_name="别人的科目")

    rows = TableNationalRecords().exam_results(teacher)

    assert sorted(r.subject_name for r in rows) == ["教育教学知识与能力（小学）", "综合素质（小学）"]
    assert {r.source for r in rows} == {"national", "imported"}
    assert isinstance(national_records(), TableNationalRecords)


def test_entered_rows_are_not_national(teacher, codes):
    add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    assert TableNationalRecords().mandarin_certificates(teacher) == []


def test_a_setting_swaps_the_backend(settings, teacher, codes):
    NationalMandarinFactory(person=teacher, grade=codes["2A"], certificate_number="TABLE-1")
    settings.TEACHERREG_NATIONAL_RECORDS_BACKEND = FEED

    rows = module_rows(teacher, MANDARIN)

    assert [r.values[1][1] for r in rows] == ["FEED-PSC-1"]
    assert rows[0].values[0][1] == "一级甲等"
    assert rows[0].source_label == "全国系统"
    assert summaries(teacher)["exams"].count == 1


def test_a_feed_row_chosen_for_an_application_becomes_one_snapshot_row(settings, teacher, codes):
    settings.TEACHERREG_NATIONAL_RECORDS_BACKEND = FEED

    first = choices_for_application(teacher).mandarin
    again = choices_for_application(teacher).mandarin

    assert [c.record.pk for c in first] == [c.record.pk for c in again]
    snapshot = MandarinRecord.objects.get(certificate_number="FEED-PSC-1")
    assert snapshot.source == RecordSource.NATIONAL
    assert snapshot.person_document_number == teacher.document_number
    assert snapshot.grade == codes["1A"]
    assert first[0].pending is False


def test_step_2_offers_national_and_own_entries_highest_first_pending_flagged(teacher, codes, school):
    staff = StaffFactory()
    national = NationalMandarinFactory(person=teacher, grade=codes["2B"], certificate_number="N-2B")
    pending = add_entry(teacher, MANDARIN, mandarin_data(codes, grade=codes["1B"], certificate_number="E-1B"), jpeg())
    refused = add_entry(teacher, MANDARIN, mandarin_data(codes, grade=codes["1A"], certificate_number="E-1A"), jpeg())
    verify_entry(staff, refused, False, "扫描件不清楚")
    NationalMandarinFactory(person=ApplicantFactory(), grade=codes["1A"])  # someone else's

    bachelor = NationalEducationFactory(person=teacher, education_level=codes["bachelor"])
    master_entry = add_entry(
        teacher,
        EDUCATION,
        {
            "education_level": codes["postgraduate"],
            "graduation_school": school,
            "major_name": "课程与教学论",
            "graduated_on": datetime.date(2011, 7, 1),
            "study_form": codes["full_time"],
            "certificate_number": "100271201102000077",
        },
        jpeg(),
    )
    verify_entry(staff, master_entry, True)
    degree = NationalDegreeFactory(person=teacher, degree=codes["bachelor_degree"])

    choices = choices_for_application(teacher)

    assert [c.record.pk for c in choices.mandarin] == [pending.pk, national.pk]
    assert [c.pending for c in choices.mandarin] == [True, False]
    assert choices.mandarin[0].label == "一级乙等 · E-1B"
    assert [c.record.pk for c in choices.education] == [master_entry.pk, bachelor.pk]
    assert [c.pending for c in choices.education] == [False, False]
    assert [c.record.pk for c in choices.degrees] == [degree.pk]
    assert DEGREE.application_field == "degree_record"


def test_module_rows_show_origin_state_and_lock(teacher, codes):
    national = NationalMandarinFactory(person=teacher, grade=codes["2A"], source="imported")
    entered = add_entry(teacher, MANDARIN, mandarin_data(codes, certificate_number="E-1"), jpeg())
    ApplicationFactory(applicant=teacher, mandarin_record=national, status=Status.SUBMITTED)

    rows = module_rows(teacher, MANDARIN)

    assert [(r.source_label, r.state_label, r.locked, r.pk) for r in rows] == [
        ("导入", "已核验", True, None),
        ("本人录入", "待核验", False, entered.pk),
    ]
    summary = summaries(teacher)["mandarin"]
    assert (summary.count, summary.pending, summary.rejected) == (2, 1, 0)
