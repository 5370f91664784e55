"""操作手册 in a real browser (issue 8 item 2).

Given a visitor on 咨询服务, when they follow 全部操作手册 from the 操作手册 section, then the index
lists the applicant's and the staff manuals; when they open the applicant manual and follow the
contents entry 撤回报名, then the page scrolls to that heading (the address ends in #withdraw);
the PDF link answers with a PDF. Screenshots at 1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path / "manuals")


def test_a_visitor_reads_a_manual_and_jumps_to_a_section(page: Page, live_server, axe, shoot):
    page.goto(live_server.url + "/help/#guide")
    settled(page)
    page.get_by_role("link", name="全部操作手册（含工作人员手册）").click()
    settled(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("操作手册")
    expect(page.get_by_role("link", name="县级注册机构（初审）操作手册", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="系统管理员、安全管理员、审计管理员操作手册", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "index")

    page.get_by_role("link", name="申请人操作手册", exact=True).click()
    settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("申请人操作手册")
    contents = page.get_by_role("navigation", name="目录")
    expect(contents.get_by_role("link", name="网上报名的七个步骤")).to_be_visible()
    axe(page)
    shoot(page, "manual")

    contents.get_by_role("link", name="撤回报名").click()
    expect(page).to_have_url(live_server.url + "/help/manuals/applicant/#withdraw")
    heading = page.get_by_role("heading", name="撤回报名", level=2)
    expect(heading).to_be_in_viewport()
    shoot(page, "section", sizes=({"width": 1280, "height": 900},))

    pdf = page.request.get(live_server.url + "/help/manuals/applicant.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")


def test_the_manual_reads_on_a_phone(page: Page, live_server, axe, shoot):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/help/manuals/confirmation-point/")
    settled(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("确认点工作人员操作手册")
    # No sideways scrolling at 360 px: tables scroll inside their own box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_role("navigation", name="目录").get_by_role("link", name="批量确认").click()
    expect(page.get_by_role("heading", name="批量确认", level=2)).to_be_in_viewport()
    axe(page)
    shoot(page, "phone", sizes=({"width": 360, "height": 780},))
