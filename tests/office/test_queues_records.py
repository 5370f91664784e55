"""Records applicants entered (普通话, 学历, 学位, 其他证书) in the office (issue 6 item 9; issue 4
item 1): one queue per kind, now scoped by the owner's province, verdicts through
``records.services.verify_entry``."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teacherreg.audit.models import AuditEvent
from teacherreg.records.kinds import MANDARIN
from teacherreg.records.models import EducationRecord, RecordSource, VerificationState
from teacherreg.records.services import add_entry
from tests.documents.images import jpeg
from tests.factories import CodeItemFactory, NationalMandarinFactory
from tests.office.queue_fixtures import (  # noqa: F401 -- fixtures
    admin,
    as_admin,
    as_reviewer,
    as_their_admin,
    as_viewer,
    private_root,
    views_of,
    world,
)
from tests.office.queue_world import applicant, mandarin_entry, stored_photo

pytestmark = pytest.mark.django_db

# No session write in any count: it is saved only when it changes (session_policy).
LIST_QUERIES = 7
ITEM_QUERIES = 6


def queue_url(kind: str = "mandarin") -> str:
    return reverse("office:queue_records", kwargs={"kind": kind})


def url(entry, name: str = "queue_record", kind: str = "mandarin") -> str:
    return reverse(f"office:{name}", kwargs={"kind": kind, "pk": entry.pk})


def listed(response) -> list[int]:
    return [row.entry.pk for row in response.context["rows"]]


def education_entry(code: str = "37", **extra) -> EducationRecord:
    values = {
        "source": RecordSource.ENTERED,
        "owner": applicant(code),
        "education_level": CodeItemFactory(kind="education_level", code="bachelor", name="大学本科"),
        "study_form": CodeItemFactory(kind="study_form", code="full_time", name="普通全日制"),
        "school_name": "山东师范大学",
        "major_name": "汉语言文学",
        "graduated_on": datetime.date(2008, 7, 1),
        "certificate_number": "104451200805000123",
        "scan": stored_photo(),
        "verification_state": VerificationState.PENDING,
        "province_code": code,
    }
    values.update(extra)
    return EducationRecord.objects.create(**values)


def test_an_entry_takes_the_province_of_its_owners_document(db, private_root):
    grade = CodeItemFactory(kind="mandarin_grade", code="2A", name="二级甲等")
    data = {
        "grade": grade,
        "certificate_number": "PTH-1",
        "issued_on": datetime.date(2019, 5, 18),
        "issuing_body": "某委",
    }

    shandong = add_entry(applicant("37"), MANDARIN, data, jpeg())
    passport = add_entry(applicant(""), MANDARIN, data, jpeg())

    assert (shandong.province_code, passport.province_code) == ("37", "")


def test_it_lists_our_provinces_entries_of_one_kind_waiting_first(world, admin, as_admin, as_reviewer):
    first = mandarin_entry("37")
    second = mandarin_entry("37")
    done = mandarin_entry("37", verification_state=VerificationState.VERIFIED, reviewed_by=admin)
    mandarin_entry("43")
    mandarin_entry("37", removed_at=timezone.now())  # deleted by its owner: nothing to review
    NationalMandarinFactory(person=applicant("37"))  # from the national records: never reviewed
    education = education_entry("37")

    for client in (as_admin, as_reviewer):
        assert listed(client.get(queue_url())) == [first.pk, second.pk]
    assert listed(as_admin.get(queue_url(), {"state": "all"})) == [first.pk, second.pk, done.pk]
    assert listed(as_admin.get(queue_url("education"))) == [education.pk]


def test_an_unknown_kind_is_not_found(world, as_admin):
    assert as_admin.get(queue_url("exam")).status_code == 404


def test_the_list_masks_the_document_number(world, as_admin):
    entry = mandarin_entry("37")

    page = as_admin.get(queue_url()).content.decode()

    assert entry.owner.name in page and entry.certificate_number in page
    assert entry.owner.document_number not in page


def test_the_list_costs_the_same_queries_for_three_rows_or_thirty(world, as_admin, django_assert_num_queries):
    for _ in range(3):
        education_entry("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(queue_url("education")).context["rows"]) == 3
    for _ in range(27):
        education_entry("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(queue_url("education")).context["rows"]) == 30


def test_the_entry_page_shows_the_scan_and_is_recorded(world, admin, as_admin, django_assert_num_queries):
    entry = education_entry("37")

    with django_assert_num_queries(ITEM_QUERIES):
        page = as_admin.get(url(entry, kind="education")).content.decode()

    assert "汉语言文学" in page and "大学本科" in page and "普通全日制" in page
    assert url(entry, "queue_record_scan", kind="education") in page
    [event] = views_of(entry, "record_entry_education")
    assert event.actor == admin


def test_the_scan_is_served_privately_and_recorded(world, as_admin):
    entry = mandarin_entry("37")

    response = as_admin.get(url(entry, "queue_record_scan"))

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert len(views_of(entry, "record_scan_mandarin")) == 1


def test_an_entry_is_found_only_under_its_own_kind(world, as_admin):
    entry = mandarin_entry("37")  # no 其他证书 exists at all

    assert as_admin.get(url(entry)).status_code == 200
    assert as_admin.get(url(entry, kind="other")).status_code == 404


def test_verifying_goes_through_the_service(world, admin, as_reviewer):
    entry = mandarin_entry("37")

    response = as_reviewer.post(url(entry, "queue_record_verify"))

    assert response.status_code == 302 and response["Location"] == queue_url()
    entry.refresh_from_db()
    assert entry.verification_state == VerificationState.VERIFIED
    assert AuditEvent.objects.filter(action="records.entry_verified").count() == 1


def test_refusing_needs_a_reason(world, as_admin):
    entry = mandarin_entry("37")

    response = as_admin.post(url(entry, "queue_record_reject"), {"refuse-reason": " "})

    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    entry.refresh_from_db()
    assert entry.verification_state == VerificationState.PENDING


def test_refusing_with_a_reason_goes_through_the_service(world, admin, as_admin):
    entry = mandarin_entry("37")

    as_admin.post(url(entry, "queue_record_reject"), {"refuse-reason": "扫描件缺少发证单位印章"})

    entry.refresh_from_db()
    assert (entry.verification_state, entry.rejection_reason) == (VerificationState.REJECTED, "扫描件缺少发证单位印章")
    assert entry.reviewed_by == admin
    assert AuditEvent.objects.filter(action="records.entry_rejected", actor=admin).count() == 1


def test_another_provinces_entry_is_not_found(world, as_admin, as_their_admin):
    theirs = mandarin_entry("43")

    assert as_admin.get(url(theirs)).status_code == 404
    assert as_admin.get(url(theirs, "queue_record_scan")).status_code == 404
    assert as_admin.post(url(theirs, "queue_record_verify")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.verification_state == VerificationState.PENDING
    assert as_their_admin.get(url(theirs)).status_code == 200


def test_the_national_viewer_reads_but_cannot_decide(world, as_viewer):
    entry = mandarin_entry("43")

    assert "只能查看" in as_viewer.get(url(entry)).content.decode()
    assert as_viewer.post(url(entry, "queue_record_verify")).status_code == 404
