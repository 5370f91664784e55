"""A person's notification language: the one they last used the site in (accounts.language).

SMS and e-mail often leave because of someone else's action (a reviewer's decision), so they
follow the recipient's remembered language, never the language of the request that sent them.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import RequestFactory
from django.utils import translation

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.language import remember
from teacherreg.notify.services import notify_user
from teacherreg.notify.sms.backends import MemorySmsProvider
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND


def _sign_in_in(language: str, user) -> None:
    with translation.override(language):
        user_logged_in.send(sender=type(user), request=RequestFactory().get("/"), user=user)


def test_signing_in_on_an_english_page_remembers_english():
    user = ApplicantFactory()
    assert user.language == ""

    _sign_in_in("en", user)
    user.refresh_from_db()
    assert user.language == "en"

    _sign_in_in("zh-hans", user)
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_the_language_switch_remembers_the_choice_of_a_signed_in_person(client):
    user = ApplicantFactory()
    client.force_login(user, backend=BACKEND)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert user.language == "en"


def test_the_switch_still_works_for_a_visitor_and_ignores_a_language_we_do_not_offer(client):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    user = ApplicantFactory(language="en")
    remember(user, "fr")
    user.refresh_from_db()
    assert user.language == "en"


@pytest.fixture
def memory_sms(settings):
    settings.TEACHERREG_SMS_BACKEND = "teacherreg.notify.sms.backends.MemorySmsProvider"
    MemorySmsProvider.clear()
    yield MemorySmsProvider
    MemorySmsProvider.clear()


def test_a_decision_reaches_the_applicant_in_their_language_whoever_sends_it(
    memory_sms, django_capture_on_commit_callbacks
):
    user = ApplicantFactory(phone="13600000009", email="li@example.com", language="en")
    # A reviewer working on a Chinese page causes the notification.
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        notify_user(user, "identity_review_rejected", {"reason": "照片不清晰"}, dedupe_key="review-en")

    assert "Your identity documents did not pass the manual review. Reason: 照片不清晰." in memory_sms.sent[0].text
    assert "Identity review not accepted" in mail.outbox[0].subject
