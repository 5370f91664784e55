"""The session store and the user read of every signed-in request (issue 7; ADR 0010).

Reading is ours (``common.row_fetch``); what a session and a sign-in mean is Django's, and these
tests hold the behaviour that matters: live sessions sign in, expired or unknown ones do not, a
client cannot choose its session key, and a disabled account is signed out.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, load_backend
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teacherreg.accounts.backends import APPLICANT_BACKEND, STAFF_BACKEND, DocumentNumberBackend, LoginNameBackend
from teacherreg.accounts.session_store import SessionStore
from tests.factories import PASSWORD, ApplicantFactory, StaffFactory

pytestmark = pytest.mark.django_db

CENTRE = "applicant:centre"


def _signed_in(client, user, backend: str = APPLICANT_BACKEND) -> str:
    client.force_login(user, backend=backend)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_signed_in_applicant_is_recognised(client):
    user = ApplicantFactory()
    _signed_in(client, user)
    response = client.get(reverse(CENTRE))
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk


def test_an_expired_session_row_signs_nobody_in(client):
    key = _signed_in(client, ApplicantFactory())
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse(CENTRE))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_key_the_client_made_up_is_never_adopted():
    chosen = "a" * 32
    store = SessionStore(chosen)
    assert store.load() == {}
    store["note"] = "x"
    store.save()
    assert store.session_key != chosen
    assert not Session.objects.filter(session_key=chosen).exists()
    assert SessionStore(store.session_key).load() == {"note": "x"}


def test_a_disabled_account_is_signed_out_on_its_next_request(client):
    user = ApplicantFactory()
    _signed_in(client, user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse(CENTRE))
    assert not response.wsgi_request.user.is_authenticated


def test_both_backends_read_the_user_in_one_query():
    applicant, staff = ApplicantFactory(), StaffFactory()
    with CaptureQueriesContext(connection) as queries:
        assert DocumentNumberBackend().get_user(applicant.pk) == applicant
        assert LoginNameBackend().get_user(staff.pk) == staff
        assert LoginNameBackend().get_user(10**9) is None
    assert len(queries) == 3


def test_a_staff_member_signs_in_through_the_login_name_backend(rf):
    staff = StaffFactory(username="zhang.office")
    user = authenticate(rf.post("/"), username="zhang.office", password=PASSWORD)
    assert user is not None and user.pk == staff.pk
    assert user.backend == STAFF_BACKEND
    assert authenticate(rf.post("/"), username="zhang.office", password=PASSWORD + "x") is None


def test_the_named_backend_paths_are_the_configured_backends():
    assert APPLICANT_BACKEND in settings.AUTHENTICATION_BACKENDS
    assert STAFF_BACKEND in settings.AUTHENTICATION_BACKENDS
    assert load_backend(APPLICANT_BACKEND).__class__ is DocumentNumberBackend
    assert load_backend(STAFF_BACKEND).__class__ is LoginNameBackend
