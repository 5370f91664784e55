"""Entry links: a page that does not exist yet is never linked; sign-in always is."""

import pytest

from teacherreg.portal.links import entry_links


def test_pages_not_built_yet_fall_back_to_sign_in_and_built_ones_are_linked():
    links = entry_links()

    assert links["login"] == "/account/login/"
    assert links["apply"] == "/me/registration/"  # the business platform (issue 5, first slice)
    assert links["own_certificates"] == "/me/certificates/"  # 本人查询 (issue 4, first slice)
    assert links["personal_centre"] == "/me/"
    assert links["third_party_query"] == "/certificate-query/other/"
    assert links["logout"] == "/account/logout/"


@pytest.mark.urls("tests.portal.urls_with_accounts")
def test_it_uses_the_account_pages_once_they_exist(settings):
    settings.LOGIN_URL = "/admin/login/"

    links = entry_links()

    assert links["personal_centre"] == "/me/"
    assert links["logout"] == "/accounts/logout/"


def test_it_resolves_a_named_login_url(settings):
    settings.LOGIN_URL = "portal:help"

    assert entry_links()["login"] == "/help/"
