"""毕业学校 directory (issue 4 item 6).

1. A signed-in applicant searches /me/schools/ for their school, does not find it, adds it
   with 办学类型 and sees it listed as 待核实.
2. The picker widget, on a small form page that only this test mounts (this module is its
   URLconf): search and 选择, then 新增学校 from inside the widget, each submitted; and the
   same form with JavaScript switched off, resolving a typed full name.
Every page passes axe and is shot at 1280 and 360 px.
"""

from __future__ import annotations

import pytest
from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from playwright.sync_api import Browser, Page, expect

from e2e.captcha import solve_slider
from e2e.harness import DESKTOP, settled
from teacherreg.applicant.forms.schools import GraduationSchoolField
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common.forms import StyledForm
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from tests.factories import PASSWORD, ApplicantFactory, CodeItemFactory, RegionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("e2e.test_school_directory")]


# -- a form page that uses the picker, as an education form would ------------------------


class EducationForm(StyledForm, forms.Form):
    graduation_school = GraduationSchoolField(help_text="选择学历证书上的毕业学校。")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduation_school"].for_user(user)


PICKER_PAGE = """{% extends "applicant/_page.html" %}
{% block heading_text %}学历信息（测试）{% endblock %}
{% block heading %}学历信息（测试）{% endblock %}
{% block body %}
{% if saved %}<p class="alert alert-success" role="status">已保存：{{ saved.name }}</p>{% endif %}
{% include "partials/form_errors.html" %}
<form method="post" novalidate>{% csrf_token %}
{% include "partials/form_fields.html" %}
<button type="submit" class="btn btn-primary">保存</button>
</form>
{% endblock %}"""


@applicant_required
def picker_page(request: HttpRequest) -> HttpResponse:
    form = EducationForm(request.POST or None, user=request.user)
    saved = form.cleaned_data["graduation_school"] if request.method == "POST" and form.is_valid() else None
    template = engines["django"].from_string(PICKER_PAGE)
    return HttpResponse(template.render({"form": form, "saved": saved}, request))


urlpatterns = [
    path("test/school-picker/", picker_page),
    path("", include("config.urls")),
]


# -- the journeys -------------------------------------------------------------------------


@pytest.fixture
def world():
    hunan = RegionFactory(code="430000", name="湖南省", is_municipality=False)
    RegionFactory(code="110000", name="北京市")
    university = CodeItemFactory(kind="school_type", code="regular_he", name="普通高等学校", sort_order=1)
    CodeItemFactory(kind="school_type", code="normal_sec", name="中等师范学校", sort_order=3)
    GraduationSchool.objects.create(name="湖南星河师范大学", province=hunan, school_type=university)
    GraduationSchool.objects.create(name="湖南星河职业技术学院", province=hunan, school_type=university)
    return {"hunan": hunan, "university": university}


def sign_in(page: Page, url: str, next_path: str):
    teacher = ApplicantFactory(name="薛明")
    page.goto(f"{url}/account/login/?next={next_path}")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    return teacher


def test_an_applicant_adds_a_missing_school_and_sees_it_pending(page: Page, live_server, axe, shoot, world):
    url = live_server.url
    teacher = sign_in(page, url, "/me/schools/")
    expect(page.get_by_role("heading", level=1)).to_have_text("毕业学校查询")
    expect(page.get_by_text("您还没有新增过学校。")).to_be_visible()
    axe(page)
    shoot(page, "directory")

    search = page.get_by_role("search")
    search.get_by_label("学校名称").fill("云杉")
    search.get_by_label("所在省份").select_option(label="湖南省")
    search.get_by_role("button", name="查询").click()
    expect(page.get_by_text("没有找到名称中含有“云杉”的学校。")).to_be_visible()
    expect(page).to_have_url(f"{url}/me/schools/search/?q=%E4%BA%91%E6%9D%89&province=430000")
    axe(page)
    shoot(page, "not-found")

    page.get_by_role("link", name="去新增学校").click()
    adding = page.locator("form[method=post]")
    adding.get_by_label("学校名称").fill("１２３")
    adding.get_by_role("button", name="新增确认").click()
    expect(page.get_by_role("alert")).to_contain_text("学校名称要包含汉字或字母，不能只有数字或符号。")
    expect(page.get_by_role("alert")).to_contain_text("请选择办学类型。")
    expect(adding.get_by_label("学校名称")).to_have_value("１２３")
    axe(page)
    shoot(page, "add-errors")

    adding.get_by_label("学校名称").fill("湖南云杉师范学院")
    adding.get_by_label("办学类型").select_option(label="普通高等学校")
    adding.get_by_label("所在省份").select_option(label="湖南省")
    adding.get_by_role("button", name="新增确认").click()

    expect(page.get_by_role("status")).to_contain_text("已新增“湖南云杉师范学院”")
    row = page.get_by_role("row", name="湖南云杉师范学院")
    expect(row).to_contain_text("待核实")
    expect(row).to_contain_text("普通高等学校")
    added = GraduationSchool.objects.get(created_by=teacher)
    assert (added.name, added.status, added.province.code) == ("湖南云杉师范学院", SchoolStatus.PENDING, "430000")
    axe(page)
    shoot(page, "added")

    search.get_by_label("学校名称").fill("云杉")
    search.get_by_role("button", name="查询").click()
    result = page.locator("#school-results li", has_text="湖南云杉师范学院")
    expect(result).to_contain_text("待核实")
    shoot(page, "found-pending")


def test_the_picker_searches_chooses_and_adds_with_and_without_javascript(
    page: Page, browser: Browser, live_server, axe, shoot, world
):
    url = live_server.url
    teacher = sign_in(page, url, "/test/school-picker/")
    expect(page.get_by_role("heading", level=1)).to_have_text("学历信息（测试）")
    picker = page.locator("[data-school-picker]")
    expect(picker.get_by_role("button", name="查询")).to_be_visible()  # the script has taken over
    axe(page)
    shoot(page, "picker")

    # A partial name submitted as it is comes back with the error and the close matches.
    page.get_by_role("searchbox", name="毕业学校").fill("湖南星河")
    results = picker.locator("[data-picker-results]")
    expect(results).to_contain_text("找到 2 所学校。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("没有找到名为“湖南星河”的学校")
    expect(picker.get_by_role("radio")).to_have_count(2)
    settled(page)
    expect(picker.get_by_role("button", name="查询")).to_be_visible()
    axe(page)
    shoot(page, "picker-choices")

    # Search and 选择, all by keyboard.
    page.get_by_role("searchbox", name="毕业学校").fill("星河")
    expect(results).to_contain_text("找到 2 所学校。")
    choose = results.get_by_role("button", name="选择 湖南星河师范大学")
    choose.focus()
    page.keyboard.press("Enter")
    expect(picker.locator("[data-picker-chosen]")).to_contain_text("已选择：湖南星河师范大学")
    expect(page.get_by_role("searchbox", name="毕业学校")).to_be_focused()
    expect(page.get_by_label("毕业学校所在省份")).to_have_value("430000")
    axe(page)
    shoot(page, "picker-chosen")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已保存：湖南星河师范大学")
    settled(page)
    expect(picker.get_by_role("button", name="查询")).to_be_visible()

    # Not found → 新增学校 inside the widget, which selects the new school.
    page.get_by_role("searchbox", name="毕业学校").fill("云杉学院")
    expect(results).to_contain_text("没有找到名称中含有“云杉学院”的学校")
    results.get_by_role("button", name="新增学校").click()
    new_name = picker.get_by_label("学校名称")
    expect(new_name).to_be_focused()
    expect(new_name).to_have_value("云杉学院")
    picker.get_by_role("button", name="新增确认").click()
    expect(picker.get_by_role("alert")).to_contain_text("请选择办学类型。")
    expect(picker.get_by_label("所在省份", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "picker-add-error")
    picker.get_by_label("办学类型").select_option(label="普通高等学校")
    picker.get_by_label("所在省份", exact=True).select_option(label="湖南省")
    picker.get_by_role("button", name="新增确认").click()
    expect(picker.locator("[data-picker-chosen]")).to_contain_text("已选择：云杉学院")
    expect(picker.locator("[data-picker-chosen]")).to_contain_text("待核实")
    added = GraduationSchool.objects.get(created_by=teacher)
    assert added.status == SchoolStatus.PENDING
    axe(page)
    shoot(page, "picker-added")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已保存：云杉学院")

    # Without JavaScript: type the full name; a partial one comes back with choices.
    plain = browser.new_context(viewport=DESKTOP, locale="zh-CN", java_script_enabled=False)
    try:
        plain.add_cookies(page.context.cookies())
        nojs = plain.new_page()
        nojs.goto(f"{url}/test/school-picker/")
        expect(nojs.get_by_role("button", name="查询")).to_be_hidden()
        nojs.get_by_text("找不到学校？新增学校").click()  # <details> opens without a script
        expect(nojs.get_by_role("link", name="打开毕业学校查询页面")).to_have_attribute("target", "_blank")
        expect(nojs.get_by_role("button", name="新增确认")).to_be_hidden()
        nojs.get_by_role("searchbox", name="毕业学校").fill("湖南星河")
        nojs.get_by_role("button", name="保存").click()
        expect(nojs.get_by_role("alert")).to_contain_text("没有找到名为“湖南星河”的学校")
        expect(nojs.get_by_role("searchbox", name="毕业学校")).to_have_value("湖南星河")
        shoot(nojs, "picker-nojs-choices")  # axe needs scripts: the same page is checked above
        nojs.get_by_label("湖南星河职业技术学院").check()
        nojs.get_by_role("button", name="保存").click()
        expect(nojs.get_by_role("status")).to_have_text("已保存：湖南星河职业技术学院")
        nojs.get_by_role("searchbox", name="毕业学校").fill("云杉学院")  # the applicant's own pending school
        nojs.get_by_role("button", name="保存").click()
        expect(nojs.get_by_role("status")).to_have_text("已保存：云杉学院")
        shoot(nojs, "picker-nojs-saved")
    finally:
        plain.close()
