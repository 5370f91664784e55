"""Entry links: a page that does not exist yet is never linked; sign-in always is."""

import pytest

from teacherreg.portal.links import entry_links


def test_it_falls_back_to_sign_in_while_the_applicant_pages_are_missing(settings):
    settings.LOGIN_URL = "/admin/login/"

    links = entry_links()

    assert links["login"] == "/admin/login/"
    assert links["apply"] == "/admin/login/"
    assert links["own_certificates"] == "/admin/login/"
    assert links["personal_centre"] is None
    assert links["third_party_query"] is None
    assert links["logout"] == "/admin/logout/"


@pytest.mark.urls("tests.portal.urls_with_accounts")
def test_it_uses_the_account_pages_once_they_exist(settings):
    settings.LOGIN_URL = "/admin/login/"

    links = entry_links()

    assert links["personal_centre"] == "/me/"
    assert links["logout"] == "/accounts/logout/"


def test_it_resolves_a_named_login_url(settings):
    settings.LOGIN_URL = "portal:help"

    assert entry_links()["login"] == "/help/"
