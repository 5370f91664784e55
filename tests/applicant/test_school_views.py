"""毕业学校查询 pages and the graduation-school picker field (issue 4 item 6)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND, STAFF_BACKEND
from teacherreg.applicant.forms.schools import GraduationSchoolField, TypedSchool
from teacherreg.common.forms import StyledForm
from teacherreg.reference import services
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from tests.factories import ApplicantFactory, CodeItemFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db

BACKEND = APPLICANT_BACKEND
PAGE = "/me/schools/"
SEARCH = "/me/schools/search/"
NEW = "/me/schools/new/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def hunan():
    return RegionFactory(code="430000", name="湖南省", is_municipality=False)


@pytest.fixture
def beijing():
    return RegionFactory(code="110000", name="北京市")


@pytest.fixture
def university():
    return CodeItemFactory(kind="school_type", code="regular_he", name="普通高等学校")


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明")


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    return client


def school(name, province=None, status=SchoolStatus.VERIFIED, **extra) -> GraduationSchool:
    return GraduationSchool.objects.create(name=name, province=province, status=status, **extra)


def text(response) -> str:
    return response.content.decode()


# -- the directory page ---------------------------------------------------------------------


def test_the_urls_have_their_names():
    assert (reverse("applicant:schools"), reverse("applicant:school_search"), reverse("applicant:school_propose")) == (
        PAGE,
        SEARCH,
        NEW,
    )


def test_the_pages_are_for_signed_in_applicants_only(client):
    assert client.get(PAGE).status_code == 302
    assert client.get(SEARCH, {"q": "星河"}, **HTMX).status_code == 302
    assert client.post(NEW, {"name": "星河大学"}).status_code == 302
    client.force_login(StaffFactory(), backend=STAFF_BACKEND)
    assert "/me/" not in client.get(PAGE).headers.get("Location", "/me/")


def test_the_page_lists_my_proposals_with_their_status(signed_in, teacher, hunan):
    kept = school("星河师范大学", hunan)
    school("星河学院", hunan, SchoolStatus.PENDING, created_by=teacher)
    school("星河书院", hunan, SchoolStatus.VERIFIED, created_by=teacher)
    school("星大", hunan, SchoolStatus.REJECTED, created_by=teacher)
    school("星河師範大學", hunan, SchoolStatus.MERGED, merged_into=kept, created_by=teacher)
    school("云杉学院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())

    page = text(signed_in.get(PAGE))

    assert "<h1" in page and "毕业学校查询" in page
    rows = re.findall(r'data-label="学校名称">([^<]+)</td>.*?data-label="状态">(.*?)</td>', page, re.S)
    statuses = {name: re.sub(r"<[^>]+>", "", status).strip() for name, status in rows}
    assert statuses == {
        "星河学院": "待核实",
        "星河书院": "已核实",
        "星大": "已驳回",
        "星河師範大學": "已合并 改用“星河师范大学”",
    }


def test_without_javascript_the_search_is_a_full_page_without_choose_buttons(signed_in, hunan):
    school("星河师范大学", hunan)

    response = signed_in.get(SEARCH, {"q": "星河", "province": "430000"})

    page = text(response)
    assert response.status_code == 200
    assert "<html" in page and "找到 1 所学校" in page and "星河师范大学" in page
    assert "data-pick" not in page
    assert 'value="星河"' in page  # the search box keeps what was typed


def test_htmx_gets_the_results_fragment_and_the_picker_gets_choose_buttons(signed_in, hunan):
    wanted = school("星河师范大学", hunan)

    fragment = text(signed_in.get(SEARCH, {"q": "星河"}, **HTMX))
    for_picker = text(signed_in.get(SEARCH, {"q": "星河", "picker": "1"}, **HTMX))

    assert "<html" not in fragment and "星河师范大学" in fragment and "data-pick" not in fragment
    assert f'data-id="{wanted.pk}"' in for_picker and 'data-name="星河师范大学"' in for_picker
    assert "选择" in for_picker


def test_a_history_restore_gets_the_full_page(signed_in):
    page = text(signed_in.get(SEARCH, {"q": "星河"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"))

    assert "<html" in page


def test_the_search_shows_my_pending_school_but_not_someone_elses(signed_in, teacher, hunan):
    school("星河学院", hunan, SchoolStatus.PENDING, created_by=teacher)
    school("星河书院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())

    fragment = text(signed_in.get(SEARCH, {"q": "星河"}, **HTMX))

    assert "星河学院" in fragment and "待核实" in fragment
    assert "星河书院" not in fragment


def test_nothing_found_offers_to_add_the_school_with_the_typed_name(signed_in, hunan):
    page = text(signed_in.get(PAGE, {"q": "云杉大学", "province": "430000"}))
    fragment = text(signed_in.get(SEARCH, {"q": "云杉大学", "picker": "1"}, **HTMX))

    assert "没有找到名称中含有“云杉大学”的学校" in page
    assert re.search(r'name="new-name" value="云杉大学"', page)
    assert re.search(r'<option value="430000" selected>湖南省</option>', page)
    assert "data-open-new" in fragment


@pytest.mark.parametrize(
    ("query", "message"),
    [({"q": "星" * 101}, "学校名称最多 100 个字。"), ({"q": "星河", "province": "999999"}, "请重新选择省份。")],
)
def test_a_bad_search_says_why_and_keeps_the_input(signed_in, query, message):
    page = signed_in.get(PAGE, query)
    fragment = signed_in.get(SEARCH, query, **HTMX)

    assert page.status_code == fragment.status_code == 200
    assert message in text(page) and message in text(fragment)
    assert query["q"] in text(page)


# -- 新增学校 --------------------------------------------------------------------------------


def test_adding_a_school_without_javascript_redirects_to_the_list(signed_in, teacher, hunan, university):
    response = signed_in.post(
        NEW, {"new-name": " 云杉 师范学院 ", "new-school_type": university.pk, "new-province": "430000"}, follow=True
    )

    added = GraduationSchool.objects.get(created_by=teacher)
    page = text(response)
    assert response.redirect_chain == [(PAGE + "#my-schools", 302)]
    assert (added.name, added.status, added.province, added.school_type) == (
        "云杉师范学院",
        SchoolStatus.PENDING,
        hunan,
        university,
    )
    assert "已新增“云杉师范学院”" in page
    assert re.search(r'data-label="学校名称">云杉师范学院</td>.*?待核实', page, re.S)


def test_adding_a_school_already_listed_says_so(signed_in, hunan, university):
    school("星河师范大学", hunan)

    response = signed_in.post(
        NEW, {"new-name": "星河师范大学", "new-school_type": university.pk, "new-province": "430000"}, follow=True
    )

    assert "“星河师范大学”已在学校名录中，可以直接选用，无需新增。" in text(response)
    assert GraduationSchool.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new-name": "", "new-school_type": "type", "new-province": "430000"}, "请填写学校名称。"),
        ({"new-name": "12345", "new-school_type": "type", "new-province": "430000"}, "学校名称要包含汉字或字母"),
        ({"new-name": "云杉学院", "new-school_type": "", "new-province": "430000"}, "请选择办学类型。"),
        ({"new-name": "云杉学院", "new-school_type": "99999", "new-province": "430000"}, "办学类型无效，请重新选择。"),
        ({"new-name": "云杉学院", "new-school_type": "type", "new-province": ""}, "请选择学校所在省份"),
        ({"new-name": "云杉学院", "new-school_type": "type", "new-province": "xx"}, "所在省份无效，请重新选择。"),
    ],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(signed_in, hunan, university, data, message):
    data = {key: (university.pk if value == "type" else value) for key, value in data.items()}

    response = signed_in.post(NEW, data)

    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert 'class="alert alert-danger"' in page
    if data["new-name"]:
        assert f'value="{data["new-name"]}"' in page
    if data["new-school_type"] == university.pk:
        assert f'<option value="{university.pk}" selected>' in page
    assert not GraduationSchool.objects.exists()


def test_the_picker_adds_a_school_and_gets_it_back_to_select(signed_in, teacher, hunan, university):
    response = signed_in.post(NEW, {"name": "云杉学院", "school_type": university.pk, "province": "430000"}, **HTMX)

    added = GraduationSchool.objects.get(created_by=teacher)
    fragment = text(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert f'data-proposed data-id="{added.pk}" data-name="云杉学院"' in fragment
    assert "待核实" in fragment


def test_the_picker_gets_the_errors_as_a_fragment(signed_in, university):
    response = signed_in.post(NEW, {"name": "云", "school_type": "", "province": ""}, **HTMX)

    fragment = text(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert "data-proposed" not in fragment
    assert "办学类型：请选择办学类型。" in fragment


def test_too_many_new_schools_in_a_day_get_a_clear_message(signed_in, hunan, university, monkeypatch):
    monkeypatch.setattr(services, "PROPOSALS_PER_DAY", services.Limit("test-school-propose", 1, 24 * 3600))
    signed_in.post(NEW, {"new-name": "云杉学院", "new-school_type": university.pk, "new-province": "430000"})

    response = signed_in.post(NEW, {"new-name": "云杉书院", "new-school_type": university.pk, "new-province": "430000"})

    assert "您今天新增学校的次数已达上限（1 次）" in text(response)
    assert 'value="云杉书院"' in text(response)
    assert GraduationSchool.objects.count() == 1


def test_the_page_only_answers_get_and_the_new_endpoint_only_post(signed_in):
    assert signed_in.post(PAGE).status_code == 405
    assert signed_in.get(NEW).status_code == 405


# -- the picker field -------------------------------------------------------------------------


class EducationForm(StyledForm, forms.Form):
    graduation_school = GraduationSchoolField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduation_school"].for_user(user)


def test_for_user_offers_verified_schools_and_the_users_own_pending_ones(teacher, hunan):
    verified = school("星河大学", hunan)
    mine = school("星河学院", hunan, SchoolStatus.PENDING, created_by=teacher)
    school("星河书院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())
    school("星大", hunan, SchoolStatus.REJECTED, created_by=teacher)
    school("星河大學", hunan, SchoolStatus.MERGED, merged_into=verified)

    offered = EducationForm(user=teacher).fields["graduation_school"].queryset

    assert list(offered) == [verified, mine]


def test_posting_an_id_gives_the_school_as_with_any_model_choice_field(teacher, hunan):
    mine = school("星河学院", hunan, SchoolStatus.PENDING, created_by=teacher)
    theirs = school("星河书院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())

    good = EducationForm({"graduation_school": str(mine.pk)}, user=teacher)
    bad = EducationForm({"graduation_school": str(theirs.pk)}, user=teacher)
    junk = EducationForm({"graduation_school": "abc"}, user=teacher)
    empty = EducationForm({}, user=teacher)

    assert good.is_valid() and good.cleaned_data["graduation_school"] == mine
    assert bad.errors == {"graduation_school": ["请重新选择毕业学校。"]}
    assert junk.errors == {"graduation_school": ["请重新选择毕业学校。"]}
    assert empty.errors == {"graduation_school": ["请选择毕业学校。"]}


def test_an_id_of_a_school_merged_since_leads_to_the_kept_one(teacher, hunan):
    kept = school("星河大学", hunan)
    merged = school("星河大學", hunan, SchoolStatus.MERGED, merged_into=kept)

    form = EducationForm({"graduation_school": str(merged.pk)}, user=teacher)

    assert form.is_valid() and form.cleaned_data["graduation_school"] == kept


def test_without_javascript_a_typed_full_name_is_resolved(teacher, hunan):
    wanted = school("星河师范大学", hunan)

    form = EducationForm(
        {"graduation_school": "", "graduation_school_query": " 星河 师范大学", "graduation_school_province": ""},
        user=teacher,
    )

    assert form.is_valid() and form.cleaned_data["graduation_school"] == wanted


def test_a_typed_name_shared_by_two_schools_asks_to_choose_and_offers_both(teacher, hunan, beijing):
    first = school("星河学院", hunan)
    second = school("星河学院", beijing)
    data = {"graduation_school_query": "星河学院", "graduation_school_province": ""}

    form = EducationForm(data, user=teacher)
    narrowed = EducationForm({**data, "graduation_school_province": "110000"}, user=teacher)

    assert form.errors == {"graduation_school": ["有不止一所学校叫“星河学院”，请在下面的结果中选择一所。"]}
    html = str(form["graduation_school"])
    assert f'type="radio" name="graduation_school_candidate" value="{first.pk}"' in html
    assert f'type="radio" name="graduation_school_candidate" value="{second.pk}"' in html
    assert 'value="星河学院"' in html  # the typed name stays in the box
    assert narrowed.is_valid() and narrowed.cleaned_data["graduation_school"] == second


def test_a_typed_name_not_in_the_directory_shows_close_matches_or_the_way_to_add_it(teacher, hunan):
    close = school("星河师范大学", hunan)

    form = EducationForm({"graduation_school_query": "星河师范"}, user=teacher)
    html = str(form["graduation_school"])
    nothing = EducationForm({"graduation_school_query": "云杉大学"}, user=teacher)

    assert form.errors["graduation_school"] == [
        "没有找到名为“星河师范”的学校。请在下面的相近结果中选择；都不是的，请先新增学校。"
    ]
    assert f'value="{close.pk}"' in html and "相近的学校（请选择一所）" in html
    assert "名录中没有与“云杉大学”相近的学校" in str(nothing["graduation_school"])
    assert 'href="/me/schools/#new-school"' in str(nothing["graduation_school"])


def test_a_radio_choice_after_a_typed_name_wins(teacher, hunan):
    close = school("星河师范大学", hunan)
    data = {"graduation_school": "", "graduation_school_query": "星河师范", "graduation_school_candidate": close.pk}

    form = EducationForm(data, user=teacher)

    assert form.is_valid() and form.cleaned_data["graduation_school"] == close


def test_the_name_box_wins_over_an_id_left_from_an_earlier_choice(teacher, hunan):
    earlier = school("星河师范大学", hunan)
    other = school("星河职业技术学院", hunan)
    kept = {"graduation_school": str(earlier.pk), "graduation_school_query": "星河师范大学"}
    retyped = {"graduation_school": str(earlier.pk), "graduation_school_query": "星河职业技术学院"}

    same = EducationForm(kept, user=teacher)
    changed = EducationForm(retyped, user=teacher)

    assert same.is_valid() and same.cleaned_data["graduation_school"] == earlier
    assert changed.is_valid() and changed.cleaned_data["graduation_school"] == other


def test_a_resolved_typed_name_renders_as_chosen_when_another_field_fails(teacher, hunan):
    wanted = school("星河师范大学", hunan)

    form = EducationForm({"graduation_school_query": "星河师范大学"}, user=teacher)
    form.is_valid()
    html = str(form["graduation_school"])

    assert f'type="hidden" name="graduation_school" value="{wanted.pk}"' in html
    assert "已选择：" in html and "radio" not in html


def test_the_widget_renders_the_chosen_school_and_labels_its_parts(teacher, hunan, university):
    chosen = school("星河学院", hunan, SchoolStatus.PENDING, created_by=teacher, school_type=university)

    form = EducationForm(initial={"graduation_school": chosen}, user=teacher)
    html = str(form["graduation_school"])

    assert form["graduation_school"].id_for_label == "id_graduation_school_query"
    assert 'id="id_graduation_school_query"' in html and 'class="form-control"' in html
    assert f'type="hidden" name="graduation_school" value="{chosen.pk}"' in html
    assert "已选择：<strong data-picker-chosen-name>星河学院</strong>" in html
    assert '<option value="430000" selected>湖南省</option>' in html
    assert 'aria-live="polite"' in html
    assert 'for="id_graduation_school_province"' in html and 'for="id_graduation_school_new_type"' in html
    assert f'<option value="{university.pk}">普通高等学校</option>' in html
    assert 'aria-describedby="id_graduation_school_hint"' in html
    assert "js/school-picker.js" in html


def test_a_rejected_choice_is_shown_as_such_and_must_be_chosen_again(teacher, hunan):
    rejected = school("星大", hunan, SchoolStatus.REJECTED, created_by=teacher)

    html = str(EducationForm(initial={"graduation_school": rejected.pk}, user=teacher)["graduation_school"])

    assert "原来选择的“星大”没有通过核实" in html
    assert 'type="hidden" name="graduation_school" value=""' in html


def test_the_widget_says_whether_its_value_was_posted():
    widget = GraduationSchoolField().widget

    assert widget.value_omitted_from_data({}, {}, "graduation_school")
    assert not widget.value_omitted_from_data({"graduation_school_query": ""}, {}, "graduation_school")
    assert widget.value_from_datadict({"graduation_school_query": " 星河 "}, {}, "graduation_school") == TypedSchool(
        "星河", "", ""
    )
    assert widget.value_from_datadict({"graduation_school": "7"}, {}, "graduation_school") == "7"
    assert widget.value_from_datadict({"graduation_school": ""}, {}, "graduation_school") is None
