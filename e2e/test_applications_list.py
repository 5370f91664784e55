"""查询报名信息 (manual §3.2): an applicant with a submitted application sees the list, opens
详情, reads the confirmation point's message and answers it."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from teacherreg.common.dates import today
from teacherreg.registration.models import Message
from teacherreg.registration.services.messages import post_staff_message
from tests.factories import PASSWORD, ApplicantFactory, ApplicationFactory, ArrangementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _submitted_application():
    day = today()
    arrangement = ArrangementFactory(
        window__batch__plan__year=day.year,
        window__batch__plan__starts_on=day - datetime.timedelta(days=30),
        window__batch__plan__ends_on=day + datetime.timedelta(days=60),
        window__batch__agency__name="济南市历下区教育和体育局",
        window__starts_on=day - datetime.timedelta(days=5),
        window__ends_on=day + datetime.timedelta(days=10),
        point__name="历下区确认点（文化东路）",
        confirm_from=day - datetime.timedelta(days=5),
        confirm_until=day + datetime.timedelta(days=20),
        notes="请携带申请表两份和教师资格证书原件，到文化东路 58 号二楼办理。",
    )
    teacher = ApplicantFactory(name="薛明", email="xue.ming@example.com")
    app = ApplicationFactory(applicant=teacher, arrangement=arrangement, number=f"{day.year}37010200001")
    post_staff_message(app, author=None, organisation=arrangement.point, body="请在确认时带上学历证书原件。")
    return app


def test_an_applicant_reads_the_list_the_detail_and_answers_a_message(page: Page, live_server, axe, shoot):
    app = _submitted_application()
    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/registration/")
    page.get_by_label("证件号码").fill(app.applicant.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("业务平台")

    page.get_by_role("link", name="查看报名信息、注意事项、留言和办理进度").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("查询报名信息")
    row = page.get_by_role("row").filter(has_text=app.number)
    expect(row.get_by_role("cell", name="网报待确认")).to_be_visible()
    expect(row.get_by_role("link", name=f"撤回 {app.number}")).to_be_visible()
    expect(row.get_by_role("link", name=f"有留言（1 条未读） {app.number}")).to_be_visible()
    axe(page)
    shoot(page, "list")

    row.get_by_role("link", name=f"详情 {app.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("报名详情")
    expect(page.get_by_text("薛*", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="办理进度")).to_be_visible()
    expect(page.get_by_text("报名信息可以修改，截止到确认点的确认结束日期")).to_be_visible()
    axe(page)
    shoot(page, "detail")

    page.get_by_role("link", name=f"有留言（1 条未读） {app.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("留言")
    expect(page.get_by_text("请在确认时带上学历证书原件。")).to_be_visible()
    expect(page.get_by_text("历下区确认点（文化东路）", exact=True)).to_be_visible()
    page.get_by_label("回复内容").fill("好的，确认时一并带上。")
    page.get_by_role("button", name="发送").click()
    expect(page.get_by_text("留言已发送。")).to_be_visible()
    expect(page.get_by_text("好的，确认时一并带上。")).to_be_visible()
    axe(page)
    shoot(page, "messages")

    assert Message.objects.get(from_applicant=False).read_at is not None
    assert Message.objects.get(from_applicant=True).to_organisation == app.confirmation_point
    page.get_by_role("link", name="返回查询报名信息").click()
    expect(page.get_by_role("link", name=f"留言 {app.number}")).to_be_visible()
    page.get_by_role("row").filter(has_text=app.number).get_by_role("link", name=f"注意事项 {app.number}").click()
    expect(page.get_by_text("文化东路 58 号二楼")).to_be_visible()
    axe(page)
    shoot(page, "notes")

    # 修改 (P17): from the edit page on to step 2's form over the application, prefilled,
    # certificate shown and not asked; a wrong postcode is refused and what was typed stays.
    page.goto(f"{url}/me/registration/applications/{app.number}/edit/")
    page.get_by_role("link", name="修改报名信息").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("修改报名信息")
    expect(page.get_by_label("现任教学校")).to_have_value(app.current_school)
    expect(page.get_by_role("heading", name="本次注册的教师资格证书")).to_be_visible()
    expect(page.locator("input[name=certificate]")).to_have_count(0)
    page.get_by_label("通讯邮编").fill("2500")
    page.get_by_role("button", name="提交修改").click()
    expect(page.get_by_label("通讯邮编")).to_have_value("2500")
    expect(page.get_by_role("heading", level=1)).to_have_text("修改报名信息")
    axe(page)
    shoot(page, "amend")
