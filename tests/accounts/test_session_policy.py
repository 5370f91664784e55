"""Session timeouts (security.md §1.4, P22): staff 15 min idle / 8 h absolute, applicants
30 min idle / 12 h absolute, ended by the server with "登录已超时，请重新登录。"; the
timeout dialog's extend endpoint moves the idle limit only."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from teacherreg.accounts.session_policy import AUTH_STARTED_AT, LAST_ACTIVITY_AT, policy_for
from teacherreg.audit.models import AuditEvent
from tests.factories import ApplicantFactory, StaffFactory
from tests.office.helpers import office_middleware  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office_middleware")]

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PAGE = "/"  # any page: the policy applies everywhere a user is signed in
EXTEND = "/office/session/extend/"
STATUS = "/office/session/status/"
TIMEOUT = "登录已超时，请重新登录。"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def at(seconds: float) -> datetime.datetime:
    return START + datetime.timedelta(seconds=seconds)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)  # sends user_logged_in, which stamps the session
    return client


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def notices(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_limits_are_the_documented_ones():
    staff, applicant = StaffFactory.build(), ApplicantFactory.build()

    assert (policy_for(staff).idle_seconds, policy_for(staff).absolute_seconds) == (900, 28800)
    assert (policy_for(applicant).idle_seconds, policy_for(applicant).absolute_seconds) == (1800, 43200)
    assert policy_for(applicant).warning_seconds == 120


def test_signing_in_stamps_the_session(clock):
    client = signed_in(StaffFactory())

    assert client.session[AUTH_STARTED_AT] == START.timestamp()
    assert client.session[LAST_ACTIVITY_AT] == START.timestamp()


class TestStaff:
    def test_idle_for_14_59_is_still_signed_in(self, clock):
        client = signed_in(StaffFactory())

        clock.move_to(at(14 * 60 + 59))
        response = client.get(PAGE)

        assert response.status_code == 200
        assert is_signed_in(client)

    def test_idle_for_15_minutes_signs_out(self, clock):
        staff = StaffFactory()
        client = signed_in(staff)

        clock.move_to(at(15 * 60))
        response = client.get(PAGE)

        assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/")
        assert notices(response) == [TIMEOUT]
        assert not is_signed_in(client)
        event = AuditEvent.objects.get(action="auth.session_timeout")
        assert (event.actor_id, event.data) == (staff.pk, {"limit": "idle", "account": "staff"})

    def test_each_request_restarts_the_idle_clock(self, clock):
        client = signed_in(StaffFactory())
        clock.move_to(at(10 * 60))
        client.get(PAGE)

        clock.move_to(at(10 * 60 + 14 * 60 + 59))
        client.get(PAGE)

        assert is_signed_in(client)

    def test_requests_within_a_minute_do_not_write_the_session(self, clock):
        # Issue 7: the stamp moves at most once a minute, so most pages only read the session.
        client = signed_in(StaffFactory())
        clock.move_to(at(30))
        client.get(PAGE)
        assert client.session[LAST_ACTIVITY_AT] == START.timestamp()

        clock.move_to(at(61))
        client.get(PAGE)
        assert client.session[LAST_ACTIVITY_AT] == at(61).timestamp()

    def test_a_short_idle_limit_moves_the_stamp_at_a_tenth_of_it(self, clock, settings):
        settings.TEACHERREG_STAFF_IDLE_SECONDS = 20
        client = signed_in(StaffFactory())
        clock.move_to(at(3))
        client.get(PAGE)
        assert client.session[LAST_ACTIVITY_AT] == at(3).timestamp()

    def test_eight_hours_after_sign_in_it_ends_however_busy(self, clock):
        staff = StaffFactory()
        client = signed_in(staff)
        for minute in range(14, 8 * 60, 14):  # a request every 14 minutes, last at 7:56
            clock.move_to(at(minute * 60))
            client.get(PAGE)
        clock.move_to(at(8 * 3600 - 1))
        client.get(PAGE)
        assert is_signed_in(client)

        clock.move_to(at(8 * 3600))
        response = client.get(PAGE)

        assert response["Location"] == "/admin/login/?next=/"
        assert not is_signed_in(client)
        assert AuditEvent.objects.get(action="auth.session_timeout").data == {"limit": "absolute", "account": "staff"}

    def test_a_superuser_has_the_staff_limits(self, clock):
        client = signed_in(StaffFactory(is_superuser=True))

        clock.move_to(at(15 * 60))
        client.get(PAGE)

        assert not is_signed_in(client)


class TestApplicant:
    def test_idle_for_29_59_is_still_signed_in(self, clock):
        client = signed_in(ApplicantFactory())

        clock.move_to(at(29 * 60 + 59))
        client.get(PAGE)

        assert is_signed_in(client)

    def test_idle_for_30_minutes_signs_out_to_the_applicant_login(self, clock):
        client = signed_in(ApplicantFactory())

        clock.move_to(at(30 * 60))
        response = client.get(PAGE)

        assert response["Location"] == reverse("accounts:login") + "?next=/"
        assert notices(response) == [TIMEOUT]
        assert not is_signed_in(client)

    def test_twelve_hours_after_sign_in_it_ends_however_busy(self, clock):
        client = signed_in(ApplicantFactory())
        for minute in range(29, 12 * 60, 29):  # last at 11:36
            clock.move_to(at(minute * 60))
            client.get(PAGE)
        clock.move_to(at(12 * 3600 - 1))
        client.get(PAGE)
        assert is_signed_in(client)

        clock.move_to(at(12 * 3600))
        client.get(PAGE)

        assert not is_signed_in(client)
        assert AuditEvent.objects.get(action="auth.session_timeout").data == {
            "limit": "absolute",
            "account": "applicant",
        }


class TestExtend:
    def test_it_restarts_the_idle_clock_and_answers_the_new_expiry(self, clock):
        client = signed_in(StaffFactory())
        clock.move_to(at(13 * 60))

        response = client.post(EXTEND, HTTP_ACCEPT="application/json")

        assert response.status_code == 200
        assert response.json() == {
            "idle_remaining": 900,
            "absolute_remaining": 8 * 3600 - 13 * 60,
            "expires_at": "2026-03-02T09:28:00+08:00",
        }
        clock.move_to(at(13 * 60 + 14 * 60 + 59))
        client.get(PAGE)
        assert is_signed_in(client)

    def test_it_moves_the_stamp_even_within_the_minute(self, clock):
        client = signed_in(StaffFactory())
        clock.move_to(at(20))
        client.post(EXTEND, HTTP_ACCEPT="application/json")
        assert client.session[LAST_ACTIVITY_AT] == at(20).timestamp()

    def test_it_does_not_move_the_absolute_limit(self, clock):
        client = signed_in(ApplicantFactory())
        for minute in range(25, 12 * 60, 25):
            clock.move_to(at(minute * 60))
            client.post(EXTEND, HTTP_ACCEPT="application/json")
        clock.move_to(at(12 * 3600 - 100))
        last = client.post(EXTEND, HTTP_ACCEPT="application/json")

        assert last.json()["absolute_remaining"] == 100
        assert last.json()["idle_remaining"] == 1800
        clock.move_to(at(12 * 3600))
        expired = client.post(EXTEND, HTTP_ACCEPT="application/json")
        assert expired.status_code == 401
        assert expired.json() == {"redirect": reverse("accounts:login"), "expired": True}
        assert not is_signed_in(client)

    def test_without_javascript_it_returns_to_the_page(self, clock):
        client = signed_in(ApplicantFactory())

        response = client.post(EXTEND, {"next": "/services/"})

        assert (response.status_code, response["Location"]) == (302, "/services/")

    def test_it_needs_the_csrf_token(self, clock):
        client = Client(enforce_csrf_checks=True)
        client.force_login(ApplicantFactory())

        assert client.post(EXTEND, HTTP_ACCEPT="application/json").status_code == 403

    def test_it_works_with_the_csrf_token_from_the_dialog(self, clock):
        client = Client(enforce_csrf_checks=True)
        client.force_login(ApplicantFactory())
        client.get(PAGE)
        token = client.cookies["csrftoken"].value

        response = client.post(EXTEND, {"csrfmiddlewaretoken": token}, HTTP_ACCEPT="application/json")

        assert response.status_code == 200

    def test_a_signed_out_browser_is_told_where_to_sign_in(self):
        response = Client().post(EXTEND, HTTP_ACCEPT="application/json")

        assert response.status_code == 401
        assert response.json()["expired"] is True

    def test_a_staff_member_can_extend_before_the_second_factor(self, clock):
        client = signed_in(StaffFactory(totp_secret=None))

        assert client.post(EXTEND, HTTP_ACCEPT="application/json").status_code == 200


class TestStatus:
    def test_asking_does_not_count_as_activity(self, clock):
        client = signed_in(StaffFactory())
        clock.move_to(at(13 * 60))

        status = client.get(STATUS, HTTP_ACCEPT="application/json")

        assert status.json()["idle_remaining"] == 120
        clock.move_to(at(15 * 60))
        expired = client.get(STATUS, HTTP_ACCEPT="application/json")
        assert expired.status_code == 401
        assert json.loads(expired.content) == {"redirect": "/admin/login/", "expired": True}


class TestDialog:
    def test_it_is_on_pages_for_signed_in_users_with_their_limits(self, clock):
        page = signed_in(ApplicantFactory()).get(PAGE).content.decode()

        assert 'role="alertdialog"' in page
        assert 'data-idle-seconds="1800"' in page
        assert 'data-absolute-seconds="43200"' in page
        assert 'data-warning-seconds="120"' in page
        assert "您已较长时间未操作，将在 %(seconds)s 秒后退出登录。" in page
        assert "继续使用" in page and "退出登录" in page
        assert "/static/js/session-timeout.js" in page

    def test_staff_get_the_staff_limits(self, clock):
        client = signed_in(StaffFactory())
        clock.move_to(at(60))

        page = client.get(PAGE).content.decode()

        assert 'data-idle-seconds="900"' in page
        assert 'data-absolute-seconds="28740"' in page

    def test_visitors_get_no_dialog(self):
        page = Client().get(PAGE).content.decode()

        assert "alertdialog" not in page
        assert "session-timeout.js" not in page

    @pytest.mark.urls("tests.portal.urls_with_accounts")
    def test_a_site_without_the_office_mounted_renders_without_it(self, clock, settings):
        settings.LOGIN_URL = "/accounts/login/"  # a path: that URL configuration has no names for it
        page = signed_in(ApplicantFactory()).get(PAGE)

        assert page.status_code == 200
        assert "alertdialog" not in page.content.decode()
