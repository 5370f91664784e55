"""The manual-review queue and the development registry in the Django admin (P21)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import IdentityStatus
from teacherreg.audit.models import AuditEvent
from teacherreg.common.fields import index_for
from teacherreg.identity.models import IdentityRecord, ManualReview, ReviewStatus
from teacherreg.identity.services import approve_review
from tests.factories import ApplicantFactory, StaffFactory
from tests.identity.conftest import register, sign_in_staff, submit_review
from tests.idnumbers import make_id_number

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.identity.urls")]

BACKEND = STAFF_BACKEND
QUEUE = "/admin/identity/manualreview/"


@pytest.fixture
def superuser():
    return StaffFactory(is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    sign_in_staff(client, superuser)
    return client


def applicant_with_review(name: str, when: datetime.datetime) -> ManualReview:
    person = ApplicantFactory(name=name, identity_status=IdentityStatus.FAILED)
    with time_machine.travel(when, tick=False):
        return submit_review(person)


def test_the_queue_lists_pending_reviews_oldest_first_with_due_date_and_overdue(admin_client, superuser, monkeypatch):
    newer = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    older = applicant_with_review("赵六", datetime.datetime(2026, 6, 1, 2, 0, tzinfo=datetime.UTC))
    decided = applicant_with_review("孙七", datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC))
    approve_review(decided, by=superuser)

    # Friday 19 June 2026: the older review (due Wed 10 June) is 7 working days late. (The
    # page's "today" is set rather than the clock, which the session policy watches.)
    monkeypatch.setattr("teacherreg.identity.admin.shanghai_today", lambda: datetime.date(2026, 6, 19))
    html = admin_client.get(QUEUE).content.decode()

    assert html.index("赵六") < html.index("王五")
    assert "孙七" not in html
    assert older.due_by == datetime.date(2026, 6, 10)
    assert "2026年6月10日" in html or "2026-06-10" in html
    assert "超期 7 个工作日" in html
    assert html.count("超期 ") == 1  # the newer one (due 24 June) is on time
    assert newer.document_type == "id_card"
    # The document number appears masked only.
    assert older.user.document_number not in html


def test_the_queue_can_show_decided_reviews(admin_client, superuser):
    decided = applicant_with_review("孙七", datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC))
    approve_review(decided, by=superuser)

    assert "孙七" in admin_client.get(QUEUE + "?status=approved").content.decode()
    assert "孙七" in admin_client.get(QUEUE + "?status=all").content.decode()


def test_the_change_view_shows_both_photos_through_the_admin_and_is_audited(admin_client, superuser):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    html = admin_client.get(f"{QUEUE}{review.pk}/change/").content.decode()

    assert f'src="{QUEUE}{review.pk}/photo/front/"' in html
    assert f'src="{QUEUE}{review.pk}/photo/back/"' in html
    assert review.front_photo.name not in html  # the stored name is never shown
    assert f'href="{QUEUE}{review.pk}/approve/"' in html
    assert f'href="{QUEUE}{review.pk}/reject/"' in html
    assert 'name="_save"' not in html
    assert AuditEvent.objects.filter(action="personal_data.view", object_ref=str(review.pk)).count() == 1


def test_the_photo_streams_with_no_store_and_is_audited(admin_client, superuser):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    response = admin_client.get(f"{QUEUE}{review.pk}/photo/back/")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == f'inline; filename="identity-review-{review.pk}-back.jpg"'
    # Reading the stream to its end closes the file (the test client's own close, which keeps
    # the test's database connection open).
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    event = AuditEvent.objects.get(action="personal_data.view")
    assert (event.actor_id, event.data, event.object_type) == (superuser.pk, {"photo": "back"}, "identity.manualreview")


def test_the_photo_is_not_for_applicants_or_staff_without_permission(client):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    url = f"{QUEUE}{review.pk}/photo/front/"

    client.force_login(review.user, backend=BACKEND)
    assert client.get(url).status_code == 302  # to the admin login
    sign_in_staff(client, StaffFactory())
    assert client.get(url).status_code == 404  # outside the staff member's scope: not there at all
    assert client.get(f"{QUEUE}{review.pk}/photo/other/").status_code == 404
    assert not AuditEvent.objects.filter(action="personal_data.view").exists()


def test_a_purged_photo_is_gone(admin_client, superuser):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    ManualReview.objects.filter(pk=review.pk).update(front_photo="")

    assert admin_client.get(f"{QUEUE}{review.pk}/photo/front/").status_code == 404
    assert "照片已按规定删除。" in admin_client.get(f"{QUEUE}{review.pk}/change/").content.decode()


def test_approving_from_the_change_view(admin_client, superuser):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    page = admin_client.get(f"{QUEUE}{review.pk}/approve/").content.decode()
    response = admin_client.post(f"{QUEUE}{review.pk}/approve/", {"note": "核对无误"})

    assert "确认通过" in page
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.note, review.reviewer) == (ReviewStatus.APPROVED, "核对无误", superuser)
    review.user.refresh_from_db()
    assert review.user.identity_status == IdentityStatus.VERIFIED


def test_rejecting_asks_for_a_reason_first(admin_client):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    without = admin_client.post(f"{QUEUE}{review.pk}/reject/", {"reason": ""})
    review.refresh_from_db()
    assert without.status_code == 200 and review.is_pending

    admin_client.post(f"{QUEUE}{review.pk}/reject/", {"reason": "照片不清楚。"})
    review.refresh_from_db()
    assert (review.status, review.reason) == (ReviewStatus.REJECTED, "照片不清楚。")


def test_the_reject_action_uses_an_intermediate_page(admin_client):
    first = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    second = applicant_with_review("赵六", datetime.datetime(2026, 6, 16, 2, 0, tzinfo=datetime.UTC))
    selected = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}

    page = admin_client.post(QUEUE, selected)
    assert page.status_code == 200
    assert "不通过原因" in page.content.decode()
    assert ManualReview.objects.filter(status=ReviewStatus.PENDING).count() == 2

    admin_client.post(QUEUE, {**selected, "reason": "证件已过期。"})
    assert set(ManualReview.objects.values_list("status", "reason")) == {(ReviewStatus.REJECTED, "证件已过期。")}


def test_the_approve_action(admin_client):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    admin_client.post(QUEUE, {"action": "approve_selected", "_selected_action": [review.pk]})

    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED


def test_a_reviewer_with_the_change_permission_can_decide(client):
    reviewer = StaffFactory()
    reviewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_manualreview", "change_manualreview"]))
    sign_in_staff(client, reviewer)
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    photo = client.get(f"{QUEUE}{review.pk}/photo/front/")
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    client.post(f"{QUEUE}{review.pk}/reject/", {"reason": "请重新拍摄。"})

    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED


def test_nobody_adds_or_deletes_reviews_in_the_admin(admin_client):
    review = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))

    assert admin_client.get(QUEUE + "add/").status_code == 403
    assert admin_client.get(f"{QUEUE}{review.pk}/delete/").status_code == 403


# ----------------------------------------------------------------------------------------
# The development registry


def test_the_registry_list_masks_numbers_and_searches_names_only(admin_client):
    person = ApplicantFactory()
    register(person, "钱八")
    register(ApplicantFactory(), "周九")

    listing = admin_client.get("/admin/identity/identityrecord/").content.decode()
    found = admin_client.get("/admin/identity/identityrecord/?q=钱八").content.decode()

    assert person.document_number not in listing
    assert person.document_number[:2] + "*****" + person.document_number[-2:] in listing
    assert "钱八" in found and "周九" not in found


def test_the_registry_imports_csv_in_the_admin(admin_client):
    known = ApplicantFactory()
    register(known, "旧名")
    new = ApplicantFactory.build()
    body = f"document_number,name\n{known.document_number},新名\n{new.document_number.lower()},吴十\n,无号\n"

    response = admin_client.post(
        "/admin/identity/identityrecord/import/",
        {"file": SimpleUploadedFile("registry.csv", body.encode("utf-8-sig"), content_type="text/csv")},
        follow=True,
    )

    assert "导入完成：新增 1 条，更新 1 条，跳过 1 条。" in response.content.decode()
    assert (
        IdentityRecord.objects.get(document_number_index=index_for("document_number", known.document_number)).name
        == "新名"
    )
    # Normalised (x → X) before it is indexed.
    assert IdentityRecord.objects.filter(
        document_number_index=index_for("document_number", new.document_number)
    ).exists()
    assert AuditEvent.objects.get(action="identity.registry_imported").data == {
        "created": 1,
        "updated": 1,
        "skipped": 1,
    }


def test_the_import_refuses_a_file_without_the_header(admin_client):
    response = admin_client.post(
        "/admin/identity/identityrecord/import/",
        {"file": SimpleUploadedFile("registry.csv", b"110101,zhang\n", content_type="text/csv")},
    )

    assert "CSV 文件的第一行必须是表头 document_number,name。" in response.content.decode()
    assert not IdentityRecord.objects.exists()


def test_a_record_is_added_once_in_the_admin(admin_client):
    person = ApplicantFactory()
    register(person, "钱八")

    response = admin_client.post(
        "/admin/identity/identityrecord/add/",
        {"document_number": person.document_number, "name": "钱八", "is_valid": "on"},
    )

    assert "核验库中已有这个证件号码。" in response.content.decode()
    assert IdentityRecord.objects.count() == 1


def test_a_province_administrator_reviews_only_their_own_province(client):
    from teacherreg.organisations.models import OrgLevel
    from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory

    beijing = OrganisationFactory(level=OrgLevel.PROVINCE, region=RegionFactory(code="110000", name="北京市"))
    admin_of_beijing = MembershipFactory(organisation=beijing, role="province_admin").user
    sign_in_staff(client, admin_of_beijing)
    ours = applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    other = ApplicantFactory(
        name="赵六", identity_status=IdentityStatus.FAILED, document_number=make_id_number(7, region="370102")
    )
    with time_machine.travel(datetime.datetime(2026, 6, 15, 3, 0, tzinfo=datetime.UTC), tick=False):
        theirs = submit_review(other)
    assert (ours.province_code, theirs.province_code) == ("11", "37")

    listing = client.get(QUEUE).content.decode()
    assert "王五" in listing and "赵六" not in listing
    assert client.get(f"{QUEUE}{ours.pk}/change/").status_code == 200
    assert client.get(f"{QUEUE}{theirs.pk}/photo/front/").status_code == 404
    client.post(f"{QUEUE}{theirs.pk}/reject/", {"reason": "不属于本省"})
    theirs.refresh_from_db()
    assert theirs.status == ReviewStatus.PENDING


def test_staff_without_a_province_administrator_role_see_no_reviews(client):
    from tests.factories import MembershipFactory

    county_reviewer = MembershipFactory(role="county_reviewer").user
    sign_in_staff(client, county_reviewer)
    applicant_with_review("王五", datetime.datetime(2026, 6, 15, 2, 0, tzinfo=datetime.UTC))
    assert client.get(QUEUE).status_code == 403
