"""The applicant's registration pages: the business platform (P1), 须知, the first 报名 screen
carrying the chosen agency and point into the session, and the pre-check page."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.models import IdentityStatus
from teacherreg.common import session_flow as flow
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory, StaffFactory
from tests.registration.world import build_world, qualification_types, qualified

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
PLATFORM = "/me/registration/"
NOTES = "/me/registration/notes/"
APPLY = "/me/registration/apply/"
PRECHECK = "/me/registration/precheck/"


@pytest.fixture(autouse=True)
def _frozen():
    # 10:00 in Shanghai on 10 October 2026, inside the 历下 window.
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明", identity_status=IdentityStatus.VERIFIED)


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    return client


def _choice(client) -> dict | None:
    return flow.get(SimpleNamespace(session=client.session), "registration_choice", max_age=3600)


def _choose(client, world) -> object:
    return client.post(
        APPLY,
        {
            "province": world.shandong.pk,
            "city": world.jinan.pk,
            "stage": "primary",
            "agency": world.lixia.pk,
            "arrangement": world.arrangement.pk,
        },
    )


# --- who may see the pages --------------------------------------------------------------------


@pytest.mark.parametrize("url", [PLATFORM, NOTES, APPLY, PRECHECK])
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


def test_staff_are_sent_away(client, world):
    client.force_login(StaffFactory())

    assert client.get(PLATFORM).status_code == 302


# --- the platform and 须知 ----------------------------------------------------------------------


def test_the_platform_lists_the_business_and_says_certification_is_elsewhere(signed_in):
    html = signed_in.get(PLATFORM).content.decode()

    assert ">中小学教师资格定期注册</h2>" in html
    for entry in ("须知", "报名", "查询报名信息"):
        assert f'<span class="entry-list__label">{entry}</span>' in html
    assert "申请认定教师资格由教师资格认定业务自己的系统受理" in html
    assert "您还没有提交过定期注册申请。" in html


def test_the_platform_lists_the_applicants_own_applications(signed_in, teacher, world):
    mine = ApplicationFactory(applicant=teacher, arrangement=world.arrangement, number="202637010200007")
    ApplicationFactory(arrangement=world.arrangement, number="202637010200008")  # someone else's
    ApplicationFactory(
        applicant=teacher,
        arrangement=world.arrangement,
        number="202537010200003",
        registration_year=2025,
        status=Status.COUNTY_REVIEW,
    )

    html = signed_in.get(PLATFORM).content.decode()

    assert mine.number in html
    assert "202637010200008" not in html
    assert "网报待确认" in html
    assert "待注册审批（初审中）" in html
    assert mine.certificate.number not in html  # shown masked


def test_the_notes_cover_scope_conditions_materials_and_the_two_kinds(signed_in):
    html = signed_in.get(NOTES).content.decode()

    for heading in ("注册周期", "注册范围：哪些人要注册", "首次注册和定期注册", "注册条件", "注册材料"):
        assert f">{heading}</h2>" in html, heading
    assert "360 学时" in html
    assert "有效期为 5 年" in html
    assert "由教师资格认定系统受理" in html
    assert 'href="/me/registration/"' in html  # 返回业务平台


# --- 报名: the window query with the buttons ---------------------------------------------------


def test_the_first_screen_has_the_query_and_the_three_buttons(signed_in, world):
    html = signed_in.get(
        APPLY, {"province": world.shandong.pk, "city": world.jinan.pk, "agency": world.lixia.pk}
    ).content.decode()

    assert f'name="arrangement" value="{world.arrangement.pk}"' in html
    assert '<button type="submit" form="choose-point" class="btn btn-primary">定期注册报名</button>' in html
    assert 'href="/me/">个人信息维护</a>' in html
    assert 'action="/account/logout/"' in html and "退出系统" in html


def test_choosing_a_point_carries_the_agency_and_point_into_the_session(signed_in, world):
    response = _choose(signed_in, world)

    assert response.status_code == 302
    assert response["Location"] == PRECHECK
    assert _choice(signed_in) == {
        "agency": world.lixia.pk,
        "point": world.county_point.pk,
        "arrangement": world.arrangement.pk,
        "window": world.window.pk,
        "stage": "primary",
    }


def test_pressing_the_button_without_a_point_keeps_the_query_and_says_why(signed_in, world):
    response = signed_in.post(APPLY, {"province": world.shandong.pk, "city": world.jinan.pk, "agency": world.lixia.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "请先在确认点列表中选择一个确认点" in html
    assert f'<option value="{world.lixia.pk}" selected>' in html
    assert _choice(signed_in) is None


def test_a_point_of_a_closed_agency_is_refused_with_the_reason(signed_in, world):
    world.batch.is_open = False
    world.batch.save()

    html = _choose(signed_in, world).content.decode()

    assert "还没有安排网上报名（网报）的时间" in html
    assert _choice(signed_in) is None


def test_a_tampered_point_id_is_refused(signed_in, world):
    response = signed_in.post(APPLY, {"arrangement": "99999"})

    assert "所选的确认点现在不能报名" in response.content.decode()


# --- the pre-check page -------------------------------------------------------------------------


def test_the_precheck_needs_a_chosen_point_first(signed_in):
    response = signed_in.get(PRECHECK, follow=True)

    assert response.redirect_chain[-1][0] == APPLY
    assert "请先在确认点列表中选择一个确认点" in response.content.decode()


def test_the_precheck_shows_the_kind_and_groups_its_findings(signed_in, teacher, world):
    teacher.identity_status = IdentityStatus.UNVERIFIED
    teacher.save()
    CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    _choose(signed_in, world)

    html = signed_in.get(PRECHECK).content.decode()

    assert "<strong>首次注册</strong>" in html
    assert ">需要先完成</h2>" in html
    assert 'href="/me/identity/">去实名核验</a>' in html
    assert ">请注意</h2>" in html
    assert "没有找到您的试用期考核记录" in html
    assert ">不能报名</h2>" not in html
    assert "历下区确认点（文化东路）" in html
    assert ">继续</button>" in html


def test_continue_records_the_pass_and_goes_on_to_step_one(signed_in, teacher, world):
    CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    _choose(signed_in, world)

    response = signed_in.post(PRECHECK, follow=True)

    assert response.redirect_chain[-1][0] == "/me/registration/steps/1/"
    html = response.content.decode()
    assert "预检通过" in html
    assert "网上申报协议" in html
    assert _choice(signed_in)["precheck_passed_at"] > 0


def test_with_a_blocker_there_is_no_continue_and_a_forced_post_is_refused(signed_in, teacher, world):
    certificate = CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    qualified(certificate, datetime.date(2024, 5, 1))
    _choose(signed_in, world)

    html = signed_in.get(PRECHECK).content.decode()
    assert ">不能报名</h2>" in html
    assert "现在无需再注册" in html
    assert ">继续</button>" not in html

    refused = signed_in.post(PRECHECK)
    assert refused.status_code == 200
    assert "还有不能报名的情况，暂时不能继续" in refused.content.decode()
    assert "precheck_passed_at" not in _choice(signed_in)


def test_the_home_and_services_pages_lead_to_the_platform(client):
    assert 'href="/me/registration/"' in client.get("/services/").content.decode()
    assert 'href="/me/registration/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [(datetime.datetime(2026, 10, 23, 23, 59, 59), True), (datetime.datetime(2026, 10, 24, 0, 0, 0), False)],
    ids=["last second of the window", "first second after it"],
)
def test_the_choice_is_taken_until_the_last_second_of_the_windows_last_day(client, teacher, world, moment, accepted):
    from zoneinfo import ZoneInfo

    with time_machine.travel(moment.replace(tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(teacher, backend=BACKEND)
        response = _choose(client, world)
        chosen = _choice(client)

    assert response.status_code == (302 if accepted else 200)
    assert (chosen is not None) is accepted
    if accepted:
        assert response["Location"] == PRECHECK
    else:
        assert "网报时间已经截止" in response.content.decode()
