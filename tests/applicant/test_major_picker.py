"""所学专业 as a tree (issue 5 step 2; domain.md §6.1, §9): the plain grouped list drawn for
browsers without script, the tree data the script draws from, leaves only, the catalogue of
the chosen 最高学历, the narrowing by 师范教育类, and the 修改 page that shares the form."""

from __future__ import annotations

import datetime
import json
import re
import uuid

import pytest
import time_machine
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.applicant.forms.majors import build_tree, offer_key
from teacherreg.reference.models import CodeItem, Major
from teacherreg.registration.models import Application
from teacherreg.registration.services import drafts
from teacherreg.registration.services.amend import answers_of
from teacherreg.registration.services.submission import submit
from tests.factories import CodeItemFactory, NationalEducationFactory
from tests.registration.steps_world import accepted_photo, build_ready, complete_draft, draft_at
from tests.registration.world import TODAY

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
STEP2 = "/me/registration/steps/2/"


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


class Tree:
    """The ready world's 教育学类 › 小学教育 plus a discipline above it, a non-师范 major, a
    专科 catalogue, the 无 of 高中毕业及以下, and both 专业类别."""

    def __init__(self, ready) -> None:
        self.ready = ready
        self.education_discipline = Major.objects.create(
            catalogue="undergraduate", code="04", name="教育学", is_selectable=False
        )
        Major.objects.filter(pk=ready.major_group.pk).update(parent=self.education_discipline)
        Major.objects.filter(pk=ready.major.pk).update(is_teaching_related=True)
        self.group = ready.major_group
        self.primary = Major.objects.get(pk=ready.major.pk)
        economics = Major.objects.create(catalogue="undergraduate", code="02", name="经济学", is_selectable=False)
        economics_group = Major.objects.create(
            catalogue="undergraduate", code="0201", name="经济学类", parent=economics, is_selectable=False
        )
        self.economics = Major.objects.create(
            catalogue="undergraduate", code="020101", name="经济学", parent=economics_group
        )
        vocational = Major.objects.create(catalogue="vocational_higher", code="57", name="教育与体育大类")
        vocational_group = Major.objects.create(
            catalogue="vocational_higher", code="5701", name="教育类", parent=vocational, is_selectable=False
        )
        Major.objects.filter(pk=vocational.pk).update(is_selectable=False)
        self.vocational = Major.objects.create(
            catalogue="vocational_higher",
            code="570104K",
            name="小学语文教育",
            parent=vocational_group,
            is_teaching_related=True,
        )
        self.nothing = Major.objects.create(catalogue="none", code="none", name="无")
        self.normal = CodeItemFactory(kind="major_category", code="normal", name="师范教育类")
        self.non_normal = CodeItemFactory(kind="major_category", code="non_normal", name="非师范教育类")

    def education(self, code: str, name: str, catalogue: str):
        level, _ = CodeItem.objects.update_or_create(
            kind="education_level", code=code, defaults={"name": name, "extra": {"major_catalogues": [catalogue]}}
        )
        return NationalEducationFactory(person=self.ready.teacher, education_level=level)


@pytest.fixture
def ready():
    ready = build_ready()
    accepted_photo(ready.teacher)
    return ready


@pytest.fixture
def tree(ready):
    return Tree(ready)


@pytest.fixture
def client_in(client, ready):
    client.force_login(ready.teacher, backend=BACKEND)
    return client


def _open(client, ready, **saved):
    draft_at(ready.teacher, ["agreement"], {"info": saved} if saved else {})
    return client.get(STEP2).content.decode()


def _post(client, ready, **changes):
    draft = draft_at(ready.teacher, ["agreement"], {"agency": ready.agency()})
    return client.post(STEP2, {**ready.info(**changes), "draft_version": draft.version, "next": "1"})


def _accepted(response) -> bool:
    return response.status_code == 302 and response["Location"].endswith("/steps/3/")


def _select(html: str) -> str:
    return re.search(r'<select name="major".*?</select>', html, re.S).group(0)


def _tree_data(html: str) -> dict:
    found = re.search(r'<script id="id_major_tree_data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


# --- without script: the grouped list --------------------------------------------------------


def test_it_groups_the_leaves_under_the_path_of_their_category(client_in, ready, tree):
    select = _select(_open(client_in, ready))

    assert '<optgroup label="教育学 › 教育学类">' in select
    assert f'<option value="{tree.primary.pk}">小学教育</option>' in select
    assert '<optgroup label="经济学 › 经济学类">' in select
    # Categories are headings, never options.
    assert f'value="{tree.group.pk}"' not in select and f'value="{tree.education_discipline.pk}"' not in select


def test_it_lists_only_the_catalogue_of_the_saved_education(client_in, ready, tree):
    associate = tree.education("associate", "大学专科", "vocational_higher")

    select = _select(_open(client_in, ready, education_record=str(associate.pk)))

    assert "小学语文教育" in select
    assert "经济学" not in select and "小学教育<" not in select


def test_with_no_education_chosen_it_lists_every_catalogue_the_applicant_has(client_in, ready, tree):
    tree.education("associate", "大学专科", "vocational_higher")

    select = _select(_open(client_in, ready))

    assert "小学语文教育" in select and ">小学教育<" in select
    assert "普通高等学校本科专业目录 › 教育学 › 教育学类" in select  # two catalogues: named


def test_the_normal_category_narrows_the_list_to_teaching_majors(client_in, ready, tree):
    select = _select(_open(client_in, ready, major_category=str(tree.normal.pk)))

    assert ">小学教育<" in select and "经济学" not in select


def test_the_chosen_major_stays_listed_even_when_it_no_longer_fits(client_in, ready, tree):
    select = _select(_open(client_in, ready, major_category=str(tree.normal.pk), major=str(tree.economics.pk)))

    assert f'<option value="{tree.economics.pk}" selected>经济学</option>' in select


def test_the_page_says_to_enter_an_education_first_when_there_is_none(client_in, ready, tree):
    ready.education.delete()

    html = _open(client_in, ready)

    assert "请先在上面选择最高学历信息" in html


# --- with script: the tree data ---------------------------------------------------------------


def test_the_tree_data_holds_each_leaf_with_the_pairs_it_is_offered_for(client_in, ready, tree):
    associate = tree.education("associate", "大学专科", "vocational_higher")

    data = _tree_data(_open(client_in, ready))

    nodes = {n["id"]: n for n in data["nodes"]}
    bachelor_key = offer_key(ready.certificate.pk, ready.education.pk)
    associate_key = offer_key(ready.certificate.pk, associate.pk)
    assert nodes[tree.primary.pk]["offers"] == [bachelor_key] and nodes[tree.primary.pk]["leaf"]
    assert nodes[tree.vocational.pk]["offers"] == [associate_key]
    assert nodes[tree.group.pk]["leaf"] is False and nodes[tree.group.pk]["parent"] == tree.education_discipline.pk
    assert tree.nothing.pk not in nodes  # nobody here finished only 高中
    order = [n["id"] for n in data["nodes"]]
    assert order.index(tree.education_discipline.pk) < order.index(tree.group.pk) < order.index(tree.primary.pk)
    assert data["normalCategory"] == str(tree.normal.pk)
    assert sorted(data["narrowedByCategory"]) == sorted([bachelor_key, associate_key])


def test_high_school_offers_only_none_and_the_normal_category_does_not_narrow_it(ready, tree):
    high_school = tree.education("high_school", "高中毕业及以下", "none")

    built = build_tree([ready.certificate], [high_school])

    key = offer_key(ready.certificate.pk, high_school.pk)
    assert built.leaves_for({key}, str(tree.normal.pk)) == {tree.nothing.pk}
    assert key not in built.narrowed_by_category


def test_without_a_usable_certificate_the_tree_still_follows_the_education(ready, tree):
    built = build_tree([], [ready.education])

    assert built.leaves_for(built.keys(), "") == {tree.primary.pk, tree.economics.pk}


# --- the server decides -----------------------------------------------------------------------


def test_a_category_posted_as_the_major_is_refused_with_its_name(client_in, ready, tree):
    response = _post(client_in, ready, major=str(tree.group.pk))

    assert not _accepted(response)
    assert "“教育学类”是一类专业，不能直接选择。请选择它下面具体的所学专业（最末一级）。" in response.content.decode()
    assert drafts.answers(drafts.load(ready.teacher), "info")["major"] == str(tree.group.pk)  # kept as posted


def test_a_major_of_another_catalogue_is_refused(client_in, ready, tree):
    tree.education("associate", "大学专科", "vocational_higher")

    response = _post(client_in, ready, major=str(tree.vocational.pk))

    assert not _accepted(response)
    assert "不属于最高学历“大学本科”对应的专业目录" in response.content.decode()


def test_a_major_outside_the_applicants_catalogues_is_refused(client_in, ready, tree):
    response = _post(client_in, ready, major=str(tree.vocational.pk))

    assert not _accepted(response)
    assert "所选的所学专业不在您的最高学历可选的专业中，请重新选择。" in response.content.decode()


def test_no_major_is_refused(client_in, ready, tree):
    response = _post(client_in, ready, major="")

    assert "请选择所学专业。" in response.content.decode()


@pytest.mark.parametrize(
    ("category", "major", "ok"),
    [
        ("normal", "primary", True),
        ("normal", "economics", False),
        ("non_normal", "economics", True),
        ("non_normal", "primary", True),  # 汉语言文学 and the like are studied outside 师范 too
    ],
)
def test_the_category_and_the_major_agree(client_in, ready, tree, category, major, ok):
    response = _post(
        client_in, ready, major_category=str(getattr(tree, category).pk), major=str(getattr(tree, major).pk)
    )

    assert _accepted(response) is ok
    if not ok:
        assert "所学专业请在师范、教育类专业中选择" in response.content.decode()


def test_high_school_with_the_normal_category_takes_none(client_in, ready, tree):
    high_school = tree.education("high_school", "高中毕业及以下", "none")

    response = _post(
        client_in,
        ready,
        education_record=str(high_school.pk),
        major_category=str(tree.normal.pk),
        major=str(tree.nothing.pk),
        degree_record="none",
    )

    assert _accepted(response), response.content.decode()[:3000]


# --- the 修改 page shares the form ------------------------------------------------------------------


@pytest.fixture
def submitted(ready, tree):
    draft = complete_draft(ready, idempotency_key=str(uuid.uuid4()))
    app = submit(ready.teacher, draft.version, drafts.payload(draft)["idempotency_key"], TODAY)
    return app


def test_the_amend_page_shows_the_picker_with_the_chosen_major(client_in, submitted, tree):
    html = client_in.get(reverse("applicant:application_amend", args=[submitted.number])).content.decode()

    assert f'<option value="{tree.primary.pk}" selected>小学教育</option>' in _select(html)
    assert "js/major-picker.js" in html


def test_the_amend_page_changes_the_major_and_refuses_a_category(client_in, submitted, tree):
    url = reverse("applicant:application_amend", args=[submitted.number])
    answers = answers_of(Application.objects.get(pk=submitted.pk))

    refused = client_in.post(url, {**answers, "major": str(tree.group.pk), "version": "1"})
    saved = client_in.post(url, {**answers, "major": str(tree.economics.pk), "version": "1"})

    assert "“教育学类”是一类专业" in refused.content.decode()
    assert saved.status_code == 302
    assert Application.objects.get(pk=submitted.pk).major == tree.economics
