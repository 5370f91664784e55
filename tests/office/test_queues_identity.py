"""人工审核 in the office (issue 6 item 9; P10, P21): the queue scoped by province with the
working-day clock, the audited review page and photos, and verdicts through the identity
services."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from teacherreg.accounts.models import IdentityStatus
from teacherreg.audit.models import AuditEvent
from teacherreg.identity.models import ReviewStatus
from teacherreg.identity.services import approve_review
from teacherreg.reference.models import CalendarDay, CalendarDayKind
from teacherreg.reference.services import working_day_counter, working_days_between
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
from tests.office.queue_world import identity_review

pytestmark = pytest.mark.django_db

QUEUE = reverse("office:queue_identity")
# No session write in any count: it is saved only when it changes (session_policy).
LIST_QUERIES = 8
ITEM_QUERIES = 8
UTC = datetime.UTC


def url(review, name: str = "queue_identity_item", **extra) -> str:
    return reverse(f"office:{name}", kwargs={"pk": review.pk, **extra})


def listed(response) -> list[int]:
    return [row.review.pk for row in response.context["rows"]]


@pytest.fixture
def dragon_boat(db):
    # 端午节 2026 falls on Friday 19 June: the clock skips it (P10).
    return CalendarDay.objects.create(date=datetime.date(2026, 6, 19), kind=CalendarDayKind.HOLIDAY, name="端午节")


@pytest.fixture
def monday_22_june(monkeypatch):
    # The page's "today" is set rather than the clock, which the session policy watches.
    monkeypatch.setattr("teacherreg.office.views.queue_identity.shanghai_today", lambda: datetime.date(2026, 6, 22))


# --- the list ----------------------------------------------------------------------------------


def test_it_lists_our_provinces_waiting_reviews_oldest_first(world, admin, as_admin):
    newer = identity_review("37", submitted_at=datetime.datetime(2026, 6, 15, 2, tzinfo=UTC))
    older = identity_review("37", submitted_at=datetime.datetime(2026, 6, 1, 2, tzinfo=UTC))
    decided = identity_review("37", submitted_at=datetime.datetime(2026, 5, 1, 2, tzinfo=UTC))
    approve_review(decided, by=admin)
    identity_review("43")  # 湖南
    identity_review("")  # a passport: the national level only

    assert listed(as_admin.get(QUEUE)) == [older.pk, newer.pk]
    # Every state: the waiting ones still come first.
    assert listed(as_admin.get(QUEUE, {"state": "all"})) == [older.pk, newer.pk, decided.pk]
    assert listed(as_admin.get(QUEUE, {"state": "approved"})) == [decided.pk]


def test_the_national_level_sees_every_province_and_reviews_of_no_province(world, as_viewer, as_national_admin):
    ours = identity_review("37")
    theirs = identity_review("43")
    passport = identity_review("")

    for client in (as_viewer, as_national_admin):
        assert sorted(listed(client.get(QUEUE))) == sorted([ours.pk, theirs.pk, passport.pk])
        assert listed(client.get(QUEUE, {"province": "43"})) == [theirs.pk]
        assert listed(client.get(QUEUE, {"province": "none"})) == [passport.pk]


def test_the_list_masks_document_numbers(world, as_admin):
    review = identity_review("37", name="欧阳明华")

    page = as_admin.get(QUEUE).content.decode()

    assert "欧阳明华" in page
    assert review.user.document_number not in page
    assert review.user.document_number[:2] + "*****" + review.user.document_number[-2:] in page


def test_the_list_shows_the_working_day_clock(world, as_admin, dragon_boat, monday_22_june):
    # Submitted Monday 1 June: due Wednesday 10 June. Submitted Monday 15 June: 7 working days,
    # the holiday skipped, is Thursday 25 June.
    late = identity_review("37", submitted_at=datetime.datetime(2026, 6, 1, 2, tzinfo=UTC))
    on_time = identity_review("37", submitted_at=datetime.datetime(2026, 6, 15, 2, tzinfo=UTC))
    assert (late.due_by, on_time.due_by) == (datetime.date(2026, 6, 10), datetime.date(2026, 6, 25))

    response = as_admin.get(QUEUE)
    clocks = {row.review.pk: row.clock for row in response.context["rows"]}
    page = response.content.decode()

    # 11, 12, 15, 16, 17, 18 and 22 June are working days after the 10th: 7 (not 8: the 19th).
    assert (clocks[late.pk].overdue, clocks[late.pk].overdue_days) == (True, 7)
    assert (clocks[on_time.pk].overdue, clocks[on_time.pk].days_left) == (False, 3)
    assert "已超期 7 个工作日" in page and "还剩 3 个工作日" in page
    assert "2026-06-10" in page and "2026-06-25" in page


def test_the_overdue_filter_keeps_the_late_reviews(world, as_admin, monday_22_june):
    late = identity_review("37", submitted_at=datetime.datetime(2026, 6, 1, 2, tzinfo=UTC))
    identity_review("37", submitted_at=datetime.datetime(2026, 6, 18, 2, tzinfo=UTC))

    assert listed(as_admin.get(QUEUE, {"overdue": "on"})) == [late.pk]


def test_a_bad_filter_is_said_and_the_defaults_are_used(world, as_admin):
    waiting = identity_review("37")

    response = as_admin.get(QUEUE, {"state": "nonsense", "document_type": "<script>"})

    assert response.status_code == 200
    assert listed(response) == [waiting.pk]
    assert "筛选条件有误" in response.content.decode()


def test_the_list_is_one_access_event_per_page(world, admin, as_admin):
    identity_review("37")

    as_admin.get(QUEUE)

    event = AuditEvent.objects.get(action="personal_data.view")
    assert event.data == {"what": "queue_identity"} and event.actor == admin


def test_the_list_costs_the_same_queries_for_three_rows_or_thirty(world, as_admin, django_assert_num_queries):
    for _ in range(3):
        identity_review("37", submitted_at=datetime.datetime(2026, 6, 1, 2, tzinfo=UTC))
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(QUEUE).context["rows"]) == 3
    for _ in range(27):
        identity_review("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(QUEUE).context["rows"]) == 30


def test_one_calendar_read_counts_like_the_single_clock(db, dragon_boat):
    count = working_day_counter(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    for start, end in ((datetime.date(2026, 6, 10), datetime.date(2026, 6, 22)), (datetime.date(2026, 6, 22),) * 2):
        assert count(start, end) == working_days_between(start, end)
    with pytest.raises(ValueError):
        count(datetime.date(2026, 5, 31), datetime.date(2026, 6, 2))


# --- one review --------------------------------------------------------------------------------


def test_the_review_page_shows_what_is_needed_and_is_recorded(world, admin, as_admin, monday_22_june):
    review = identity_review("37", name="欧阳明华", submitted_at=datetime.datetime(2026, 6, 1, 2, tzinfo=UTC))

    page = as_admin.get(url(review)).content.decode()

    assert "欧阳明华" in page and review.user.document_number not in page
    assert url(review, "queue_identity_photo", side="front") in page
    assert url(review, "queue_identity_photo", side="back") in page
    assert "应办结日期：2026-06-10" in page and "已超期 8 个工作日" in page
    assert "审核通过" in page and "审核不通过" in page
    [event] = views_of(review, "identity_review")
    assert event.actor == admin and event.actor_role == "province_admin"


def test_the_photos_are_served_privately_and_recorded(world, as_admin):
    review = identity_review("37")

    response = as_admin.get(url(review, "queue_identity_photo", side="back"))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    assert len(views_of(review, "identity_photo_back")) == 1
    assert as_admin.get(url(review, "queue_identity_photo", side="left")).status_code == 404


def test_a_purged_photo_answers_404_and_the_page_says_so(world, as_admin):
    review = identity_review("37")
    review.front_photo = ""
    review.save(update_fields=["front_photo"])

    assert as_admin.get(url(review, "queue_identity_photo", side="front")).status_code == 404
    assert "照片已按规定删除" in as_admin.get(url(review)).content.decode()
    assert not views_of(review, "identity_photo_front")


def test_the_review_page_costs_a_fixed_number_of_queries(world, as_admin, django_assert_num_queries):
    review = identity_review("37")
    with django_assert_num_queries(ITEM_QUERIES):
        assert as_admin.get(url(review)).status_code == 200


# --- verdicts ----------------------------------------------------------------------------------


def test_approving_goes_through_the_service(world, admin, as_admin):
    review = identity_review("37", name="李静")

    response = as_admin.post(url(review, "queue_identity_approve"), {"approve-note": "照片清晰"})

    assert response.status_code == 302 and response["Location"] == QUEUE
    review.refresh_from_db()
    review.user.refresh_from_db()
    assert (review.status, review.note, review.reviewer) == (ReviewStatus.APPROVED, "照片清晰", admin)
    assert (review.user.identity_status, review.user.name) == (IdentityStatus.VERIFIED, "李静")
    assert AuditEvent.objects.filter(action="identity.review_approved", actor=admin).count() == 1


def test_refusing_needs_a_reason(world, as_admin):
    review = identity_review("37")

    response = as_admin.post(url(review, "queue_identity_reject"), {"refuse-reason": "   "})

    assert response.status_code == 200
    assert "请填写原因" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert not AuditEvent.objects.filter(action="identity.review_rejected").exists()


def test_refusing_with_a_reason_goes_through_the_service(world, admin, as_admin):
    review = identity_review("37")

    as_admin.post(url(review, "queue_identity_reject"), {"refuse-reason": "证件照片反光，看不清号码"})

    review.refresh_from_db()
    review.user.refresh_from_db()
    assert (review.status, review.reason) == (ReviewStatus.REJECTED, "证件照片反光，看不清号码")
    assert review.user.identity_status == IdentityStatus.FAILED
    assert AuditEvent.objects.filter(action="identity.review_rejected", actor=admin).count() == 1


def test_a_second_verdict_is_refused_with_the_reason_and_keeps_the_text(world, as_admin):
    review = identity_review("37")
    as_admin.post(url(review, "queue_identity_approve"))

    response = as_admin.post(url(review, "queue_identity_reject"), {"refuse-reason": "重复提交"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "该人工审核已经处理过" in page
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED


def test_another_provinces_review_is_not_found(world, as_admin, as_their_admin):
    theirs = identity_review("43")
    passport = identity_review("")

    for review in (theirs, passport):
        for name, method in (
            ("queue_identity_item", "get"),
            ("queue_identity_approve", "post"),
            ("queue_identity_reject", "post"),
        ):
            assert getattr(as_admin, method)(url(review, name)).status_code == 404
        assert as_admin.get(url(review, "queue_identity_photo", side="front")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ReviewStatus.PENDING
    assert as_their_admin.get(url(theirs)).status_code == 200


def test_the_national_viewer_reads_but_cannot_decide(world, as_viewer):
    review = identity_review("37")

    page = as_viewer.get(url(review)).content.decode()

    assert "只能查看" in page and url(review, "queue_identity_approve") not in page
    assert as_viewer.post(url(review, "queue_identity_approve")).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_the_national_level_decides_a_review_of_no_province(world, national_admin, as_national_admin):
    passport = identity_review("")

    as_national_admin.post(url(passport, "queue_identity_approve"))

    passport.refresh_from_db()
    assert (passport.status, passport.reviewer) == (ReviewStatus.APPROVED, national_admin)
