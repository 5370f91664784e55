"""公告 in the back office: who writes what, the form's messages, and the audit of every save.

Personas: 山东's province administrator (Alice), 湖南's (Bob), the system administrator
(Sam), and 山东's province reviewer (Rita), who has no business here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pyotp
import pytest
import time_machine

from teacherreg.accounts.models import StaffRole
from teacherreg.announcements.models import Announcement
from teacherreg.audit.models import AuditEvent
from teacherreg.organisations.models import Organisation, OrgLevel
from tests.announcements.world import OCT_1, announcement, province, shanghai
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.office_world import office_client

pytestmark = pytest.mark.django_db

R = StaffRole


@dataclass
class World:
    shandong: Organisation
    hunan: Organisation
    alice: object
    bob: object
    sam: object
    rita: object


@pytest.fixture(autouse=True)
def _october_20():
    with time_machine.travel(shanghai(2026, 10, 20, 9, 0, 0), tick=False):
        yield


@pytest.fixture
def world() -> World:
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)
    shandong, hunan = province("370000", "山东省"), province("430000", "湖南省")

    def staff(username: str, organisation: Organisation, role: str):
        user = StaffFactory(username=username, name=username.capitalize(), totp_secret=pyotp.random_base32())
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return World(
        shandong=shandong,
        hunan=hunan,
        alice=staff("alice", shandong, R.PROVINCE_ADMIN),
        bob=staff("bob", hunan, R.PROVINCE_ADMIN),
        sam=staff("sam", national, R.SYSTEM_ADMIN),
        rita=staff("rita", shandong, R.PROVINCE_REVIEWER),
    )


def _form(**changes: str) -> dict[str, str]:
    data = {
        "scope": "national",
        "title": "报名提示",
        "body": "第一段。\r\n\r\n第二段。",
        "starts_on": "2026-10-20",
        "ends_on": "2026-10-31",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _events(item: Announcement) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_object("announcements.announcement", item.pk))


# --- who writes what ------------------------------------------------------------------------


def test_a_province_administrator_writes_for_their_own_province_only(world):
    client = office_client(world.alice)

    page = client.get("/office/announcements/new/").content.decode()
    answer = client.post("/office/announcements/new/", _form(scope=str(world.shandong.pk)))

    assert f'<option value="{world.shandong.pk}" selected>山东省</option>' in page
    assert "全国" not in page.split('name="scope"', 1)[1].split("</select>")[0]
    assert str(world.hunan.pk) not in page.split('name="scope"', 1)[1].split("</select>")[0]
    assert answer.status_code == 302 and answer["Location"] == "/office/announcements/"
    saved = Announcement.objects.get()
    assert (saved.province, saved.title, saved.body, saved.is_published) == (
        world.shandong,
        "报名提示",
        "第一段。\n\n第二段。",
        False,
    )
    assert (saved.created_by, saved.updated_by) == (world.alice, world.alice)


@pytest.mark.parametrize("scope", ["national", "hunan"])
def test_a_province_administrator_cannot_choose_another_scope(world, scope):
    chosen = "national" if scope == "national" else str(world.hunan.pk)

    answer = office_client(world.alice).post("/office/announcements/new/", _form(scope=chosen))

    assert answer.status_code == 200
    assert "请选择列表中的发布范围。" in answer.content.decode()
    assert not Announcement.objects.exists()


def test_the_system_administrator_writes_national_and_any_province(world):
    client = office_client(world.sam)

    page = client.get("/office/announcements/new/").content.decode()
    client.post("/office/announcements/new/", _form(title="全国的"))
    client.post("/office/announcements/new/", _form(title="湖南的", scope=str(world.hunan.pk)))

    assert '<option value="national" selected>全国</option>' in page
    assert f'<option value="{world.shandong.pk}">山东省</option>' in page
    assert f'<option value="{world.hunan.pk}">湖南省</option>' in page
    assert dict(Announcement.objects.values_list("title", "province")) == {"全国的": None, "湖南的": world.hunan.pk}


def test_the_list_shows_only_what_the_member_may_change(world):
    announcement(title="全国的公告")
    announcement(title="山东的公告", province=world.shandong)
    announcement(title="湖南的公告", province=world.hunan)

    alice = office_client(world.alice).get("/office/announcements/").content.decode()
    sam = office_client(world.sam).get("/office/announcements/").content.decode()

    assert "山东的公告" in alice and "湖南的公告" not in alice and "全国的公告" not in alice
    assert "山东的公告" in sam and "湖南的公告" in sam and "全国的公告" in sam


@pytest.mark.parametrize("action", ["edit", "publish", "unpublish"])
def test_another_provinces_and_national_announcements_answer_404(world, action):
    hunan = announcement(title="湖南的公告", province=world.hunan)
    national = announcement(title="全国的公告")
    client = office_client(world.alice)

    for item in (hunan, national):
        url = f"/office/announcements/{item.pk}/{action}/"
        answer = client.get(url) if action == "edit" else client.post(url)
        assert answer.status_code == 404, (item.title, action)
    assert list(Announcement.objects.order_by("pk").values_list("is_published", flat=True)) == [True, True]
    assert not AuditEvent.objects.filter(action__startswith="announcement.").exists()


def test_bob_cannot_touch_shandongs_and_sam_can(world):
    item = announcement(title="山东的公告", province=world.shandong)

    assert office_client(world.bob).post(f"/office/announcements/{item.pk}/unpublish/").status_code == 404
    assert office_client(world.sam).post(f"/office/announcements/{item.pk}/unpublish/").status_code == 302
    item.refresh_from_db()
    assert item.is_published is False


def test_other_roles_get_404(world):
    client = office_client(world.rita)

    assert client.get("/office/announcements/").status_code == 404
    assert client.get("/office/announcements/new/").status_code == 404


def test_a_province_administrator_registered_below_a_province_has_nothing_to_write_for(world):
    city = OrganisationFactory(level=OrgLevel.CITY, name="济南市教育局", parent=world.shandong)
    carol = StaffFactory(username="carol", totp_secret=pyotp.random_base32())
    MembershipFactory(user=carol, organisation=city, role=R.PROVINCE_ADMIN)

    page = office_client(carol).get("/office/announcements/new/").content.decode()
    office_client(carol).post("/office/announcements/new/", _form(scope=str(world.shandong.pk)))

    assert "没有可以发布公告的省份" in page
    assert not Announcement.objects.exists()


# --- the form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"title": ""}, "title", "请填写公告标题。", id="title-missing"),
        pytest.param({"title": "   "}, "title", "请填写公告标题。", id="title-blank"),
        pytest.param({"title": "字" * 101}, "title", "标题最多 100 个字，现在有 101 个字。", id="title-101"),
        pytest.param({"body": ""}, "body", "请填写公告正文。", id="body-missing"),
        pytest.param({"body": "字" * 5001}, "body", "正文最多 5000 个字，现在有 5001 个字。", id="body-5001"),
        pytest.param({"starts_on": ""}, "starts_on", "请填写开始显示日期。", id="start-missing"),
        pytest.param(
            {"starts_on": "2026/10/20"}, "starts_on", "请按“年-月-日”填写日期，例如 2026-10-08。", id="start-format"
        ),
        pytest.param({"ends_on": "2026-10-19"}, "ends_on", "结束显示日期不能早于开始显示日期。", id="end-before-start"),
        pytest.param({"ends_on": "20261031"}, "ends_on", "请按“年-月-日”填写日期，例如 2026-10-08。", id="end-format"),
        pytest.param({"scope": ""}, "scope", "请选择发布范围。", id="scope-missing"),
    ],
)
def test_each_refusal_names_the_field_and_keeps_what_was_typed(world, changes, field, message):
    data = _form(**changes)

    answer = office_client(world.sam).post("/office/announcements/new/", data)

    assert answer.status_code == 200
    form = answer.context["form"]
    assert form.errors == {field: [message]}
    html = answer.content.decode()
    assert f'<a href="#id_{field}">' in html  # the summary links to the field
    for name, value in data.items():
        if name != "scope":
            assert form[name].value() == value, name
    assert not Announcement.objects.exists()


def test_the_limits_themselves_are_accepted(world):
    body = ("字" * 99 + "\r\n") * 49 + "字" * 100  # 5,000 characters once each line break counts one

    answer = office_client(world.sam).post("/office/announcements/new/", _form(title="题" * 100, body=body))

    assert answer.status_code == 302
    saved = Announcement.objects.get()
    assert (len(saved.title), len(saved.body)) == (100, 5000)


def test_an_end_on_the_first_day_and_no_end_at_all_are_accepted(world):
    client = office_client(world.sam)

    client.post("/office/announcements/new/", _form(title="一天", ends_on="2026-10-20"))
    client.post("/office/announcements/new/", _form(title="长期", ends_on=""))

    assert dict(Announcement.objects.values_list("title", "ends_on")) == {
        "一天": datetime.date(2026, 10, 20),
        "长期": None,
    }


# --- publishing and the audit ---------------------------------------------------------------


def test_save_and_publish_puts_it_on_the_home_page(world, client):
    office_client(world.alice).post(
        "/office/announcements/new/",
        _form(scope=str(world.shandong.pk), title="山东现场确认安排", action="publish"),
    )

    saved = Announcement.objects.get()
    assert saved.is_published is True
    assert "山东现场确认安排" in client.get("/").content.decode()
    assert [e.action for e in _events(saved)] == ["announcement.created", "announcement.published"]


def test_every_save_is_audited_with_who_in_which_role_and_what_changed(world):
    client = office_client(world.alice)
    client.post("/office/announcements/new/", _form(scope=str(world.shandong.pk)), REMOTE_ADDR="10.1.2.3")
    item = Announcement.objects.get()

    client.post(
        f"/office/announcements/{item.pk}/edit/",
        _form(scope=str(world.shandong.pk), title="报名提示（更新）", ends_on="", is_pinned="on"),
    )
    client.post(f"/office/announcements/{item.pk}/publish/")
    client.post(f"/office/announcements/{item.pk}/unpublish/")

    created, updated, published, unpublished = _events(item)
    assert (created.action, created.actor, created.actor_role, created.actor_organisation_id) == (
        "announcement.created",
        world.alice,
        "province_admin",
        world.shandong.pk,
    )
    assert created.data == {
        "values": {
            "province_id": world.shandong.pk,
            "title": "报名提示",
            "body": "第一段。\n\n第二段。",
            "starts_on": "2026-10-20",
            "ends_on": "2026-10-31",
            "is_pinned": False,
        }
    }
    assert created.ip == "10.1.2.3"
    assert updated.action == "announcement.updated"
    assert updated.data == {
        "changes": {
            "title": ["报名提示", "报名提示（更新）"],
            "ends_on": ["2026-10-31", None],
            "is_pinned": [False, True],
        }
    }
    assert (published.action, published.data) == ("announcement.published", {"title": "报名提示（更新）"})
    assert unpublished.action == "announcement.unpublished"


def test_the_system_administrator_is_audited_in_their_own_role(world):
    item = announcement(title="山东的公告", province=world.shandong, is_published=False)

    office_client(world.sam).post(f"/office/announcements/{item.pk}/publish/")

    (event,) = _events(item)
    assert (event.actor, event.actor_role, event.actor_organisation_id) == (
        world.sam,
        "system_admin",
        world.sam.memberships.get().organisation_id,
    )


def test_editing_a_published_one_keeps_it_published_and_publishing_twice_records_once(world):
    item = announcement(title="已发布", province=world.shandong, starts_on=OCT_1)
    client = office_client(world.alice)

    client.post(f"/office/announcements/{item.pk}/edit/", _form(scope=str(world.shandong.pk), title="已发布（改）"))
    answer = client.post(f"/office/announcements/{item.pk}/publish/", follow=True)

    item.refresh_from_db()
    assert (item.title, item.is_published) == ("已发布（改）", True)
    assert [e.action for e in _events(item)] == ["announcement.updated"]
    assert "《已发布（改）》已经是发布状态。" in answer.content.decode()


def test_publish_and_unpublish_take_a_post_only(world):
    item = announcement(province=world.shandong)

    assert office_client(world.alice).get(f"/office/announcements/{item.pk}/publish/").status_code == 405
    assert office_client(world.alice).get(f"/office/announcements/{item.pk}/unpublish/").status_code == 405


def test_the_office_list_shows_each_state(world):
    announcement(title="草稿", province=world.shandong, is_published=False)
    announcement(title="将来", province=world.shandong, starts_on=datetime.date(2026, 11, 1))
    announcement(title="现在", province=world.shandong, is_pinned=True)
    announcement(title="过去", province=world.shandong, ends_on=datetime.date(2026, 10, 19))

    html = office_client(world.alice).get("/office/announcements/").content.decode()

    rows = {title: html.split(f"{title}</td>", 1)[1].split("</tr>", 1)[0] for title in ("草稿", "将来", "现在", "过去")}
    assert "未发布" in rows["草稿"] and ">发布<" in rows["草稿"]
    assert "已发布，未到显示日期" in rows["将来"] and ">撤下<" in rows["将来"]
    assert "显示中" in rows["现在"]
    assert "已过显示期" in rows["过去"]
    assert "撤下为止" in rows["现在"]
