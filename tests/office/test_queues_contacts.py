"""修改联系方式 in the office (issue 6 item 9; manual §1.2.2 item 3): find an account by its
document number within the province, change its phone or e-mail through
``staff_change_contact`` with a reason."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import pytest
from django.urls import reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.common.masking import mask
from teacherreg.notify.models import OutboxMessage
from tests.office.queue_fixtures import (  # noqa: F401 -- fixtures
    admin,
    as_admin,
    as_national_admin,
    as_their_admin,
    national_admin,
    private_root,
    views_of,
    world,
)
from tests.office.queue_world import applicant

pytestmark = pytest.mark.django_db

LOOKUP = reverse("office:queue_contacts")
CHANGE = {
    "identity_checked": "on",
    "new_phone": "13912345678",
    "new_email": "",
    "reason": "来信附证件照片，已与账号核对",
}


def url(account, name: str = "queue_contact") -> str:
    return reverse(f"office:{name}", kwargs={"pk": account.pk})


def test_a_document_number_finds_our_provinces_account(world, as_admin):
    account = applicant("37")

    response = as_admin.post(LOOKUP, {"document_number": " " + account.document_number.lower() + " "})

    assert response.status_code == 302 and response["Location"] == url(account)


def test_an_unknown_number_and_another_provinces_get_the_same_answer(world, as_admin):
    theirs = applicant("43")

    unknown = as_admin.post(LOOKUP, {"document_number": "370102199001011234"}).content.decode()
    elsewhere = as_admin.post(LOOKUP, {"document_number": theirs.document_number}).content.decode()

    assert "没有找到这个证件号码的申请人账号" in unknown and "没有找到这个证件号码的申请人账号" in elsewhere
    assert theirs.document_number in elsewhere  # what was typed stays in the box
    assert as_admin.get(url(theirs)).status_code == 404


def test_the_account_page_masks_the_contacts_and_is_recorded(world, admin, as_admin):
    account = applicant("37", phone="13611112222", email="xueming@example.cn")

    page = as_admin.get(url(account)).content.decode()

    assert mask("phone", "13611112222") in page and "13611112222" not in page
    assert mask("email", "xueming@example.cn") in page and "xueming@example.cn" not in page
    assert account.document_number not in page
    [event] = views_of(account, "contacts")
    assert event.actor == admin


def test_changing_goes_through_the_service_and_tells_both_phones(world, admin, as_admin):
    account = applicant("37", phone="13611112222")

    response = as_admin.post(url(account, "queue_contact_change"), CHANGE)

    assert response.status_code == 302 and response["Location"] == LOOKUP
    account.refresh_from_db()
    assert account.phone == "13912345678"
    event = AuditEvent.objects.get(action="account.contact_changed_by_staff")
    assert event.actor == admin and event.data["reason"] == CHANGE["reason"]
    assert OutboxMessage.objects.filter(template="contact_changed_by_staff").count() == 2
    # The lookup page lists the change among the member's recent ones.
    recent = as_admin.get(LOOKUP)
    assert [e.pk for e in recent.context["recent"]] == [event.pk]


def test_a_change_needs_a_reason_and_the_identity_check(world, as_admin):
    account = applicant("37", phone="13611112222")

    response = as_admin.post(url(account, "queue_contact_change"), {**CHANGE, "reason": "", "identity_checked": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写修改原因" in page and "请先核实来信或来电人的身份" in page
    assert 'value="13912345678"' in page  # nothing typed is lost
    account.refresh_from_db()
    assert account.phone == "13611112222"


def test_a_change_needs_something_to_change(world, as_admin):
    account = applicant("37", phone="13611112222")

    empty = as_admin.post(url(account, "queue_contact_change"), {**CHANGE, "new_phone": ""})
    same = as_admin.post(url(account, "queue_contact_change"), {**CHANGE, "new_phone": "13611112222"})

    assert "请填写新的手机号码或电子邮箱" in empty.content.decode()
    assert "没有需要修改的联系方式" in same.content.decode()


def test_another_provinces_account_cannot_be_changed(world, as_admin, as_their_admin):
    theirs = applicant("43", phone="13611112222")

    assert as_admin.post(url(theirs, "queue_contact_change"), CHANGE).status_code == 404
    theirs.refresh_from_db()
    assert theirs.phone == "13611112222"
    assert as_their_admin.get(url(theirs)).status_code == 200


def test_a_passport_holder_is_handled_at_the_national_level(world, as_admin, as_national_admin):
    foreigner = applicant("")

    assert as_admin.get(url(foreigner)).status_code == 404
    assert as_national_admin.post(LOOKUP, {"document_number": foreigner.document_number})["Location"] == url(foreigner)


def test_staff_accounts_are_never_found(world, admin, as_national_admin):
    assert as_national_admin.get(url(admin)).status_code == 404
