"""Portal pages: each answers in Chinese with its headings, and the header fits the visitor."""

import pytest
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND

# The home and 网上办事 pages read the announcements (issue 8 item 3).
pytestmark = pytest.mark.django_db

PAGES = {
    "portal:home": ["中小学教师资格定期注册", "网上办事", "证书查询", "咨询服务", "什么是定期注册", "谁需要注册"],
    "portal:services": ["网上办事", "中小学教师资格定期注册", "报名须知", "网上报名的七个步骤"],
    "portal:certificate_query": ["证书查询", "本人查询", "其他查询", "能查到哪些证书"],
    "portal:help": [
        "咨询服务",
        "常见问题",
        "账号问题",
        "认定申请问题",
        "证书相关问题",
        "定期注册相关问题",
        "考试相关问题",
        "姓名生僻字问题",
        "邮件咨询",
        "电话咨询",
        "操作手册",
    ],
}


@pytest.mark.parametrize(("name", "headings"), PAGES.items())
def test_it_answers_each_page_in_chinese_with_its_headings(client, name, headings):
    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    for heading in headings:
        assert f">{heading}</h" in html or f">{heading}</a></h" in html, heading


def test_it_routes_the_four_sections():
    assert reverse("portal:home") == "/"
    assert reverse("portal:services") == "/services/"
    assert reverse("portal:certificate_query") == "/certificate-query/"
    assert reverse("portal:help") == "/help/"


def test_it_shows_every_home_page_entry(client):
    html = client.get("/").content.decode()

    for entry in ["定期注册报名", "本人查询", "其他查询", "常见问题", "邮件咨询", "电话咨询", "操作手册"]:
        assert f">{entry}" in html, entry
    assert 'href="/services/">\n          开始' in html


def test_it_marks_the_current_section_in_the_navigation(client):
    html = client.get("/certificate-query/").content.decode()

    assert 'href="/certificate-query/" aria-current="page">证书查询</a>' in html
    assert 'href="/" aria-current="page"' not in html


def test_it_says_certification_is_handled_elsewhere(client):
    # P1: the business platform lists registration only and says where 认定 is handled.
    html = client.get("/services/").content.decode()

    assert "申请认定教师资格（申请、审核、发证）不在本平台办理" in html


def test_it_states_the_query_years(client):
    html = client.get("/certificate-query/").content.decode()

    assert "2008 年起" in html
    assert "广西壮族自治区从 2012 年起" in html


def test_it_shows_the_operator_in_the_footer_and_on_the_help_page(client, settings):
    settings.TEACHERREG_OPERATOR = {
        "name": "测试运行单位",
        "phone": "010-12345678",
        "email": "help@teacherreg.test",
        "icp": "京ICP备00000000号",
    }

    home = client.get("/").content.decode()
    help_page = client.get("/help/").content.decode()

    for html in (home, help_page):
        assert "测试运行单位" in html
        assert 'href="tel:010-12345678"' in html
        assert 'href="mailto:help@teacherreg.test"' in html
        assert "京ICP备00000000号" in html
    assert help_page.count("mailto:help@teacherreg.test") == 2  # e-mail section and footer


def test_it_leaves_out_the_icp_line_when_none_is_configured(client, settings):
    settings.TEACHERREG_OPERATOR = {"name": "单位", "phone": "1", "email": "a@b.test", "icp": ""}

    html = client.get("/").content.decode()

    assert "ICP" not in html


def test_it_offers_sign_in_to_visitors(client, settings):
    html = client.get("/").content.decode()

    assert 'href="/account/login/">登录</a>' in html
    assert "个人信息中心</a>" not in html
    assert "退出" not in html


@pytest.mark.django_db
def test_it_offers_sign_out_instead_of_sign_in_to_a_signed_in_user(client):
    from tests.factories import ApplicantFactory

    client.force_login(ApplicantFactory(), backend=APPLICANT_BACKEND)

    html = client.get("/").content.decode()

    assert ">登录</a>" not in html
    assert 'action="/account/logout/"' in html
    assert ">退出</button>" in html


@pytest.mark.django_db
def test_it_links_the_personal_centre_for_applicants_and_the_office_for_staff(client, django_user_model):
    from tests.factories import ApplicantFactory

    client.force_login(ApplicantFactory(), backend=APPLICANT_BACKEND)
    html = client.get("/").content.decode()
    assert 'href="/me/">个人信息中心</a>' in html
    assert "业务后台</a>" not in html

    client.force_login(django_user_model.objects.create_user("staff2", "pw-not-used"))
    html = client.get("/").content.decode()
    assert 'href="/office/">业务后台</a>' in html
    assert "个人信息中心</a>" not in html


@pytest.mark.urls("tests.portal.urls_with_accounts")
def test_it_renders_messages_as_live_regions(client):
    html = client.get("/messages-demo/").content.decode()

    assert '<div class="alert alert-danger"\n         role="alert">' in html
    assert '<span class="visually-hidden">错误：</span>\n      报名号格式不正确' in html
    assert '<div class="alert alert-success"\n         role="status">' in html
    assert "草稿已保存" in html


def test_the_accessibility_statement_says_what_we_meet_and_what_we_do_not(client):
    html = client.get("/accessibility/").content.decode()

    assert '<h1 class="mt-3">无障碍声明</h1>' in html
    assert "GB/T 37668-2019" in html and "WCAG 2.1 AA" in html
    for heading in ("我们遵循的标准", "我们怎样检查", "可以这样使用", "已知的不足", "遇到困难时"):
        assert heading in html
    assert "本声明最近一次核对于 2026-11-28" in html
