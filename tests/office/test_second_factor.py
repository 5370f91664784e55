"""The staff second factor in front of /admin/ and /office/ (P22, security.md §1.5).

Personas: a county reviewer with an authenticator (Li), one without (Wang), a superuser, an
applicant, a security administrator. The clock stands at T of RFC 6238's test vectors, so
the right code is written out by hand.
"""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from teacherreg.accounts import totp
from teacherreg.audit.models import AuditEvent
from teacherreg.office.models import StaffSecondFactor
from tests.factories import PASSWORD, ApplicantFactory, MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.helpers import CODE_AT_T, CODE_STEP_BEFORE_T, RFC_SECRET, T, at

pytestmark = pytest.mark.django_db

VERIFY = "/office/verify/"
ENROL = "/office/enrol/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(T), tick=False) as traveller:
        yield traveller


@pytest.fixture
def li():
    user = StaffFactory(username="li", name="李审核", totp_secret=RFC_SECRET)
    MembershipFactory(user=user, organisation=OrganisationFactory(name="海淀区教育委员会"), role="county_reviewer")
    return user


def signed_in(user) -> Client:
    """Past the password, through the real admin login form."""
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def verified(user, code: str = CODE_AT_T) -> Client:
    client = signed_in(user)
    response = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/office/", "/admin/no-such-page/"])
def test_a_staff_member_without_the_second_factor_is_sent_to_the_code_page(li, path):
    response = signed_in(li).get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}"


def test_a_post_to_the_admin_without_the_second_factor_is_refused(li):
    response = signed_in(li).post("/admin/accounts/user/", {"action": "delete_selected"})

    assert (response.status_code, response["Location"]) == (302, VERIFY)


def test_the_right_code_opens_the_admin_and_the_office(li):
    client = signed_in(li)

    page = client.get(VERIFY + "?next=/admin/")
    response = client.post(VERIFY, {"code": CODE_AT_T, "next": "/admin/"})

    assert page.status_code == 200
    assert "输入动态口令" in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
    assert client.get("/office/").status_code == 200
    event = AuditEvent.objects.filter(action="staff.second_factor.verify").get()
    assert (event.actor_id, event.result, event.ip) == (li.pk, "ok", "127.0.0.1")


def test_verifying_gives_the_session_a_new_key(li):
    client = signed_in(li)
    before = client.session.session_key

    client.post(VERIFY, {"code": CODE_AT_T})

    assert client.session.session_key != before


def test_a_wrong_code_is_refused(li):
    client = signed_in(li)

    response = client.post(VERIFY, {"code": "123456", "next": "/admin/"})

    assert response.status_code == 200
    assert "动态口令不正确，还可以再试 4 次。" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEvent.objects.get(action="staff.second_factor.verify").result == "failed"


def test_an_entry_that_is_not_six_digits_is_refused_without_counting(li):
    client = signed_in(li)

    response = client.post(VERIFY, {"code": "12a456"})

    assert "请输入6位数字动态口令。" in response.content.decode()
    assert not AuditEvent.objects.filter(action="staff.second_factor.verify").exists()


def test_a_code_used_by_one_session_is_refused_to_another(li):
    verified(li)
    second = signed_in(li)

    response = second.post(VERIFY, {"code": CODE_AT_T})

    assert "这个动态口令已经用过。请等应用显示新的口令后再输入。" in response.content.decode()
    assert second.get("/admin/").status_code == 302


def test_the_next_steps_code_works_for_the_second_session(li, clock):
    clock.move_to(at(1111111109))
    verified(li, code=CODE_STEP_BEFORE_T)
    clock.move_to(at(T))
    second = signed_in(li)

    assert second.post(VERIFY, {"code": CODE_AT_T}).status_code == 302


def test_five_wrong_codes_lock_the_second_factor(li):
    client = signed_in(li)
    for _ in range(4):
        client.post(VERIFY, {"code": "000000"})

    fifth = client.post(VERIFY, {"code": "000000"})
    right = client.post(VERIFY, {"code": CODE_AT_T})

    # T is 09:58:31 in Beijing; the lock runs 15 minutes.
    locked = "动态口令连续输错次数过多，已暂时锁定。请在 10:13 之后再试；手机丢失的，请联系安全管理员。"
    assert locked in fifth.content.decode()
    assert locked in right.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEvent.objects.filter(action="staff.second_factor.lockout", actor=li).count() == 1
    assert locked in client.get(VERIFY).content.decode()


def test_the_lock_ends_after_fifteen_minutes(li, clock):
    client = signed_in(li)
    clock.move_to(at(T - 15 * 60))
    for _ in range(5):
        client.post(VERIFY, {"code": "000000"})
    # Stay within the staff idle limit while waiting.
    clock.move_to(at(T - 60))
    client.get(VERIFY)
    clock.move_to(at(T))

    assert client.post(VERIFY, {"code": CODE_AT_T}).status_code == 302


def test_signing_in_again_needs_a_new_code(li, clock):
    client = verified(li)
    clock.move_to(at(T + 30))

    client.post("/admin/login/", {"username": "li", "password": PASSWORD, "next": "/admin/"})

    assert client.get("/admin/")["Location"].startswith(VERIFY)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_it_does_not_follow_a_next_address_elsewhere(li, next_url):
    client = signed_in(li)

    response = client.post(VERIFY, {"code": CODE_AT_T, "next": next_url})

    assert response["Location"] == "/office/"


def test_a_superuser_needs_the_second_factor_too():
    boss = StaffFactory(username="boss", is_superuser=True, totp_secret=RFC_SECRET)
    client = signed_in(boss)

    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    client.post(VERIFY, {"code": CODE_AT_T})
    assert client.get("/admin/").status_code == 200


class TestApplicants:
    @pytest.mark.parametrize("path", [VERIFY, ENROL, "/office/"])
    def test_they_never_see_the_office_pages(self, path):
        client = Client()
        client.force_login(ApplicantFactory())

        assert client.get(path).status_code == 404

    def test_the_admin_sends_them_to_its_own_login_not_to_the_code_page(self):
        client = Client()
        client.force_login(ApplicantFactory())

        response = client.get("/admin/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("path", [VERIFY, ENROL, "/office/"])
def test_visitors_are_sent_to_the_staff_login(path):
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


class TestEnrolment:
    @pytest.fixture
    def wang(self, monkeypatch):
        # The seed the page offers is random; pin it to the RFC seed so the code is known.
        monkeypatch.setattr(totp, "new_secret", lambda: RFC_SECRET)
        return StaffFactory(username="wang", name="王确认", totp_secret=None)

    def test_a_staff_member_without_an_authenticator_is_sent_to_enrolment(self, wang):
        client = signed_in(wang)

        assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
        assert client.get(VERIFY)["Location"] == f"{ENROL}?next=%2Foffice%2F"

    def test_the_page_shows_the_seed_as_text_and_as_a_qr_code(self, wang):
        page = signed_in(wang).get(ENROL).content.decode()

        assert "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ" in page
        assert (
            '<svg xmlns="http://www.w3.org/2000/svg" class="totp-qr" role="img" aria-label="绑定身份验证器的二维码"'
            in page
        )
        assert "教师资格定期注册（wang）" in page

    def test_the_seed_is_stored_only_after_a_right_code(self, wang):
        client = signed_in(wang)
        client.get(ENROL)

        wrong = client.post(ENROL, {"code": "000000", "next": "/admin/"})
        wang.refresh_from_db()
        assert "动态口令不正确，还可以再试 4 次。" in wrong.content.decode()
        assert wang.totp_secret is None

        right = client.post(ENROL, {"code": CODE_AT_T, "next": "/admin/"})
        wang.refresh_from_db()
        assert (right.status_code, right["Location"]) == (302, "/admin/")
        assert wang.totp_secret == RFC_SECRET
        # Binding counts as this session's second factor.
        assert client.get("/admin/").status_code == 200
        assert AuditEvent.objects.filter(action="staff.second_factor.enrol", actor=wang).count() == 1

    def test_the_seed_waits_in_the_session_encrypted(self, wang):
        client = signed_in(wang)
        client.get(ENROL)

        stored = client.session["_staff_totp_pending"]

        assert RFC_SECRET not in stored
        assert stored.startswith("t2:")

    def test_an_enrolled_staff_member_cannot_enrol_again(self, li):
        client = signed_in(li)

        assert client.get(ENROL)["Location"] == f"{VERIFY}?next=%2Foffice%2F"


class TestLogout:
    def test_it_ends_the_session(self, li):
        client = verified(li)
        key = client.session.session_key

        response = client.post("/office/logout/")

        assert (response.status_code, response["Location"]) == (302, "/admin/login/")
        assert "_auth_user_id" not in client.session
        assert not Session.objects.filter(session_key=key).exists()

    def test_it_takes_a_post_only(self, li):
        assert verified(li).get("/office/logout/").status_code == 405


class TestHome:
    def test_it_shows_name_roles_organisations_and_the_way_to_the_admin(self, li):
        MembershipFactory(user=li, organisation=OrganisationFactory(name="北京市教育委员会"), role="province_reviewer")
        MembershipFactory(
            user=li, organisation=OrganisationFactory(name="已撤销的机构"), role="city_reviewer", is_active=False
        )

        page = verified(li).get("/office/").content.decode()

        assert "您好，李审核（登录名 li）。" in page
        assert "县级注册机构（初审）" in page and "海淀区教育委员会" in page
        assert "省级注册机构（终审）" in page and "北京市教育委员会" in page
        assert "已撤销的机构" not in page
        # The office areas of their roles, and the admin (a province reviewer has admin pages).
        assert 'href="/office/review/"' in page and 'href="/office/plans/"' in page
        assert 'href="/admin/"' in page

    def test_a_county_reviewer_is_sent_to_the_office_not_to_an_empty_admin(self, li):
        page = verified(li).get("/office/").content.decode()

        # A county reviewer holds no admin page; the page offers the review area only.
        assert 'href="/office/review/"' in page
        assert 'href="/admin/"' not in page

    def test_a_superuser_is_not_told_the_admin_is_empty(self):
        boss = StaffFactory(username="boss", is_superuser=True, totp_secret=RFC_SECRET)

        page = verified(boss).get("/office/").content.decode()

        assert 'href="/admin/"' in page
        assert "此账号是超级管理员，可以使用管理后台的全部功能。" in page

    def test_it_says_so_when_there_is_no_role(self):
        loner = StaffFactory(username="loner", totp_secret=RFC_SECRET)

        page = verified(loner).get("/office/").content.decode()

        assert "您的账号还没有分配角色。请联系所在机构的管理员。" in page


class TestResetBySecurityAdministrator:
    CHANGELIST = "/admin/office/staffsecondfactor/"

    @pytest.fixture
    def security_admin(self, li):
        admin = StaffFactory(username="sec", totp_secret=RFC_SECRET)
        MembershipFactory(user=admin, role="security_admin")
        return admin

    def test_it_clears_the_authenticator_and_the_staff_member_must_enrol_again(self, li, security_admin):
        li_client = verified(li)
        # Codes are one-use per account: the administrator may use the same one.
        admin_client = verified(security_admin)

        page = admin_client.get(self.CHANGELIST)
        response = admin_client.post(
            self.CHANGELIST, {"action": "reset_second_factor", "_selected_action": [li.pk]}, follow=True
        )

        assert page.status_code == 200
        assert "已重置 1 名工作人员的身份验证器。他们下次登录时需要重新绑定。" in response.content.decode()
        li.refresh_from_db()
        assert li.totp_secret is None
        event = AuditEvent.objects.get(action="staff.second_factor.reset")
        assert (event.actor_id, event.actor_role, event.object_ref) == (security_admin.pk, "security_admin", str(li.pk))
        # Li's verified session no longer counts.
        assert li_client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"

    def test_other_staff_cannot_open_the_page_or_reset(self, li):
        reviewer = StaffFactory(username="rev", totp_secret=RFC_SECRET)
        MembershipFactory(user=reviewer, role="county_reviewer")
        client = verified(reviewer)

        assert client.get(self.CHANGELIST).status_code == 403
        response = client.post(self.CHANGELIST, {"action": "reset_second_factor", "_selected_action": [li.pk]})
        assert response.status_code == 403
        li.refresh_from_db()
        assert li.totp_secret == RFC_SECRET

    def test_the_list_holds_staff_only(self, li):
        ApplicantFactory()

        assert set(StaffSecondFactor.objects.staff().values_list("username", flat=True)) == {"li"}
