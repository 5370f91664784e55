"""The review queues' index (issue 6 item 9): each queue the member works with its waiting
count in their province; and the admin pages, kept as a fallback, point to the office."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import pyotp
import pytest
from django.urls import reverse

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.identity.services import reject_review
from tests.factories import StaffFactory
from tests.office.queue_fixtures import (  # noqa: F401 -- fixtures
    admin,
    as_admin,
    as_reviewer,
    as_their_admin,
    as_viewer,
    private_root,
    world,
)
from tests.office.queue_world import identity_review, mandarin_entry, manual_certificate, proposed_school

pytestmark = pytest.mark.django_db

INDEX = reverse("office:queue_index")
# No session write in any count: it is saved only when it changes (session_policy).
INDEX_QUERIES = 11


def counts(response) -> dict[str, int | None]:
    return {str(line.queue.label): line.waiting for line in response.context["lines"]}


@pytest.fixture
def items(world, admin):
    identity_review("37")
    reject_review(identity_review("37"), by=admin, reason="照片模糊")  # decided: not counted
    identity_review("43")
    manual_certificate("37")
    manual_certificate("43")
    mandarin_entry("37")
    proposed_school("37")
    proposed_school("37")


def test_a_province_administrator_sees_every_queue_counted_in_their_province(items, as_admin):
    assert counts(as_admin.get(INDEX)) == {
        "人工审核": 1,
        "手动添加证书核验": 1,
        "普通话证书录入核验": 1,
        "学历录入核验": 0,
        "学位录入核验": 0,
        "其他证书录入核验": 0,
        "新增毕业学校": 2,
        "修改联系方式": None,
    }


def test_a_province_reviewer_sees_the_certificate_and_record_queues_only(items, as_reviewer):
    assert counts(as_reviewer.get(INDEX)) == {
        "手动添加证书核验": 1,
        "普通话证书录入核验": 1,
        "学历录入核验": 0,
        "学位录入核验": 0,
        "其他证书录入核验": 0,
    }


def test_the_other_province_counts_its_own(items, as_their_admin):
    found = counts(as_their_admin.get(INDEX))
    assert (found["人工审核"], found["手动添加证书核验"], found["新增毕业学校"]) == (1, 1, 0)


def test_the_national_viewer_counts_everywhere_and_only_reads(items, as_viewer):
    response = as_viewer.get(INDEX)

    found = counts(response)
    assert (found["人工审核"], found["手动添加证书核验"]) == (2, 2)
    assert "修改联系方式" not in found
    assert all(line.reads_only for line in response.context["lines"])
    assert "只能查看" in response.content.decode()


def test_the_index_costs_one_count_per_queue(items, as_admin, django_assert_num_queries):
    with django_assert_num_queries(INDEX_QUERIES):
        as_admin.get(INDEX)


@pytest.mark.parametrize(
    ("admin_page", "office_page"),
    [
        ("/admin/identity/manualreview/", "office:queue_identity"),
        ("/admin/certificates/manualcertificate/", "office:queue_certificates"),
        ("/admin/records/mandarinentry/", "office:queue_records"),
        ("/admin/reference/graduationschool/", "office:queue_schools"),
    ],
)
def test_the_admin_queues_point_to_the_office(db, client, admin_page, office_page):
    superuser = StaffFactory(is_superuser=True, totp_secret=pyotp.random_base32())
    client.force_login(superuser, backend=STAFF_BACKEND)
    client.post("/office/verify/", {"code": pyotp.TOTP(superuser.totp_secret).now(), "next": "/admin/"})
    kwargs = {"kind": "mandarin"} if office_page == "office:queue_records" else None

    page = client.get(admin_page)

    assert page.status_code == 200
    assert f'href="{reverse(office_page, kwargs=kwargs)}"' in page.content.decode()
