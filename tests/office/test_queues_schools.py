"""新增毕业学校 in the office (issue 6 item 9; issue 4 item 6): schools applicants proposed,
scoped by the school's province; verify, reject with a reason (``decide_school_proposal``) or
merge into the school it duplicates (``merge_graduation_schools``)."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import pytest
from django.urls import reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.records.models import EducationRecord, RecordSource
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from teacherreg.reference.services import decide_school_proposal
from tests.factories import CodeItemFactory, StaffFactory
from tests.office.queue_fixtures import (  # noqa: F401 -- fixtures
    admin,
    as_admin,
    as_national_admin,
    as_their_admin,
    as_viewer,
    national_admin,
    private_root,
    views_of,
    world,
)
from tests.office.queue_world import applicant, proposed_school, province

pytestmark = pytest.mark.django_db

QUEUE = reverse("office:queue_schools")
# No session write in any count: it is saved only when it changes (session_policy).
LIST_QUERIES = 7
ITEM_QUERIES = 11


def url(school, name: str = "queue_school") -> str:
    return reverse(f"office:{name}", kwargs={"pk": school.pk})


def listed(response) -> list[int]:
    return [school.pk for school, _proposer, _pending in response.context["rows"]]


def verified(name: str, code: str | None = "37") -> GraduationSchool:
    return GraduationSchool.objects.create(name=name, province=province(code) if code else None)


# --- the service ---------------------------------------------------------------------------------


def test_a_proposal_is_rejected_only_with_a_reason_and_only_while_pending(world, admin):
    school = proposed_school("37")

    with pytest.raises(DomainError) as refused:
        decide_school_proposal(school, SchoolStatus.REJECTED, actor=admin, reason="  ")
    assert refused.value.code == "school_reject_reason_required"

    decided = decide_school_proposal(school, SchoolStatus.REJECTED, actor=admin, reason="不是学校全称")
    assert (decided.status, decided.decided_by) == (SchoolStatus.REJECTED, admin)
    event = AuditEvent.objects.get(action="reference.school_rejected")
    assert event.data["reason"] == "不是学校全称" and event.data["from"] == SchoolStatus.PENDING

    with pytest.raises(DomainError) as again:
        decide_school_proposal(school, SchoolStatus.VERIFIED, actor=admin)
    assert again.value.code == "school_not_pending"
    school.refresh_from_db()
    assert school.status == SchoolStatus.REJECTED


# --- the list ------------------------------------------------------------------------------------


def test_it_lists_our_provinces_proposals_waiting_first(world, admin, as_admin):
    first = proposed_school("37")
    second = proposed_school("37")
    done = proposed_school("37", status=SchoolStatus.VERIFIED)
    proposed_school("43")
    proposed_school(None)  # abroad: the national level only
    verified("山东师范大学")  # seeded: never waits for review

    assert listed(as_admin.get(QUEUE)) == [first.pk, second.pk]
    assert listed(as_admin.get(QUEUE, {"state": "all"})) == [first.pk, second.pk, done.pk]
    assert listed(as_admin.get(QUEUE, {"q": second.name[-6:]})) == [second.pk]


def test_the_national_level_sees_schools_abroad(world, as_viewer, as_national_admin):
    abroad = proposed_school(None)
    theirs = proposed_school("43")

    for client in (as_viewer, as_national_admin):
        assert sorted(listed(client.get(QUEUE))) == sorted([abroad.pk, theirs.pk])
        assert listed(client.get(QUEUE, {"province": "none"})) == [abroad.pk]


def test_the_list_masks_the_proposer_and_costs_fixed_queries(world, as_admin, django_assert_num_queries):
    school = proposed_school("37")
    proposed_school("37")
    proposed_school("37")
    with django_assert_num_queries(LIST_QUERIES):
        page = as_admin.get(QUEUE).content.decode()
    assert school.created_by.name not in page and mask("name", school.created_by.name) in page
    for _ in range(27):
        proposed_school("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(QUEUE).context["rows"]) == 30


# --- one school ----------------------------------------------------------------------------------


def test_the_school_page_shows_references_and_candidates_and_is_recorded(world, admin, as_admin):
    school = proposed_school("37", name="山东师大")
    EducationRecord.objects.create(
        source=RecordSource.ENTERED,
        owner=applicant("37"),
        education_level=CodeItemFactory(kind="education_level", code="bachelor", name="大学本科"),
        graduation_school=school,
        school_name=school.name,
        major_name="数学",
        graduated_on="2008-07-01",
        certificate_number="1",
    )
    original = verified("山东师范大学")
    verified("湖南师范大学", "43")  # not in our reach: never a candidate

    page = as_admin.get(url(school), {"q": "师范大学"})

    assert page.context["references"] == 1
    assert [candidate.pk for candidate in page.context["candidates"]] == [original.pk]
    assert "1 条报名或学历、学位记录等指向这所学校" in page.content.decode()
    assert len(views_of(school, "proposed_school")) == 1


def test_the_school_page_costs_a_fixed_number_of_queries(world, as_admin, django_assert_num_queries):
    school = proposed_school("37")
    for n in range(5):
        verified(f"齐鲁师范学院{n}分院")
    with django_assert_num_queries(ITEM_QUERIES):
        as_admin.get(url(school), {"q": "齐鲁"})


def test_verifying_goes_through_the_service(world, admin, as_admin):
    school = proposed_school("37")

    response = as_admin.post(url(school, "queue_school_verify"))

    assert response.status_code == 302 and response["Location"] == QUEUE
    school.refresh_from_db()
    assert (school.status, school.decided_by) == (SchoolStatus.VERIFIED, admin)


def test_rejecting_needs_a_reason(world, as_admin):
    school = proposed_school("37")

    response = as_admin.post(url(school, "queue_school_reject"), {"refuse-reason": ""})

    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    school.refresh_from_db()
    assert school.status == SchoolStatus.PENDING


def test_rejecting_with_a_reason_goes_through_the_service(world, as_admin):
    school = proposed_school("37")

    as_admin.post(url(school, "queue_school_reject"), {"refuse-reason": "不是学校全称"})

    school.refresh_from_db()
    assert school.status == SchoolStatus.REJECTED
    assert AuditEvent.objects.get(action="reference.school_rejected").data["reason"] == "不是学校全称"


def test_a_stale_page_does_not_overturn_another_reviewers_verdict(world, as_admin):
    school = proposed_school("37")
    decide_school_proposal(school, SchoolStatus.REJECTED, actor=StaffFactory(), reason="重复")

    response = as_admin.post(url(school, "queue_school_verify"))

    assert response.status_code == 200 and "这所学校已经处理过" in response.content.decode()
    school.refresh_from_db()
    assert school.status == SchoolStatus.REJECTED


def test_merging_moves_the_references_to_the_chosen_school(world, admin, as_admin):
    school = proposed_school("37", name="山东师大")
    record = EducationRecord.objects.create(
        source=RecordSource.ENTERED,
        owner=applicant("37"),
        education_level=CodeItemFactory(kind="education_level", code="bachelor", name="大学本科"),
        graduation_school=school,
        school_name=school.name,
        major_name="数学",
        graduated_on="2008-07-01",
        certificate_number="1",
    )
    original = verified("山东师范大学")

    response = as_admin.post(url(school, "queue_school_merge"), {"q": "师范大学", "target": original.pk})

    assert response.status_code == 302
    school.refresh_from_db()
    record.refresh_from_db()
    assert (school.status, school.merged_into) == (SchoolStatus.MERGED, original)
    assert record.graduation_school == original
    assert AuditEvent.objects.filter(action="reference.school_merged", actor=admin).count() == 1


def test_merging_needs_a_target_among_the_candidates(world, as_admin):
    school = proposed_school("37")
    verified("山东师范大学")
    theirs = verified("湖南师范大学", "43")

    missing = as_admin.post(url(school, "queue_school_merge"), {"q": "师范"})
    outside = as_admin.post(url(school, "queue_school_merge"), {"q": "师范", "target": theirs.pk})

    assert missing.status_code == 200 and "请选择要合并到的学校" in missing.content.decode()
    assert outside.status_code == 200 and "不在候选范围内" in outside.content.decode()
    school.refresh_from_db()
    assert school.status == SchoolStatus.PENDING


def test_another_provinces_school_is_not_found(world, as_admin, as_their_admin):
    theirs = proposed_school("43")

    assert as_admin.get(url(theirs)).status_code == 404
    assert as_admin.post(url(theirs, "queue_school_verify")).status_code == 404
    assert as_admin.post(url(theirs, "queue_school_merge"), {"target": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SchoolStatus.PENDING
    assert as_their_admin.get(url(theirs)).status_code == 200


def test_the_national_viewer_reads_but_cannot_decide(world, as_viewer):
    school = proposed_school("43")

    page = as_viewer.get(url(school)).content.decode()

    assert "只能查看" in page and url(school, "queue_school_verify") not in page
    assert as_viewer.post(url(school, "queue_school_verify")).status_code == 404
