"""The help in English in a real browser (issue 8 item 4: the English pages).

Given the seeded questions, when a visitor on 咨询服务 switches to English, then the help page,
the common questions (their English edition, with a search in English that finds the password
question and a "Common question N" link inside an answer) and the how-to guides (the English
edition of the applicant guide, its contents, a section link and its PDF) are all in English.
Screenshots at 1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.faq.loading import load_seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path / "manuals")


def test_a_visitor_reads_the_help_in_english(page: Page, live_server, axe, shoot):
    load_seed()
    page.goto(live_server.url + "/help/")
    settled(page)
    page.get_by_role("button", name="English").click()
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="See all common questions").click()
    settled(page)
    expect(page.get_by_role("heading", level=1, name="Common questions")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Accounts")).to_be_visible()
    expect(page.locator("#faq-1")).to_contain_text("How do I create an account, and what do I need?")
    axe(page)
    shoot(page, "faq-en")

    page.get_by_label("Keywords").fill("forgotten")
    page.get_by_role("button", name="Search").click()
    settled(page)
    expect(page.get_by_label("Keywords")).to_have_value("forgotten")
    expect(page.get_by_text("I have forgotten my password. What do I do?")).to_be_visible()
    axe(page)
    shoot(page, "faq-search-en")

    # An English answer that points at another question links to it.
    page.goto(live_server.url + "/help/faq/2/")
    settled(page)
    page.get_by_role("link", name="Common question 3").first.click()
    settled(page)
    expect(page).to_have_url(re.compile(r"/help/faq/3/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("I have forgotten my password")
    axe(page)

    page.goto(live_server.url + "/help/")
    settled(page)
    page.get_by_role("link", name="All how-to guides (including staff guides)").click()
    settled(page)
    expect(page.get_by_role("link", name="How-to guide for applicants", exact=True)).to_be_visible()
    expect(page.get_by_text("only available in Chinese")).to_have_count(0)
    axe(page)
    shoot(page, "manuals-en")

    page.get_by_role("link", name="How-to guide for applicants", exact=True).click()
    settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How-to guide for applicants")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Withdraw an application").click()
    expect(page).to_have_url(live_server.url + "/help/manuals/applicant/#withdraw")
    expect(page.get_by_role("heading", name="Withdraw an application", level=2)).to_be_in_viewport()
    axe(page)
    shoot(page, "manual-en")

    pdf = page.request.get(live_server.url + "/help/manuals/applicant.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-language"] == "en"
