"""Step 2's and step 3's rules at their boundaries (domain.md §9): lengths, the postcode,
dates in the future, birth + 14 / + 16 years, 聘用 before 参加工作, the major leaf, the
certificate table, the photo; the agency, stage and subject of step 3."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.registration.services import drafts
from tests.registration.steps_world import accepted_photo, build_ready, draft_at
from tests.registration.world import qualified

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
STEP2 = "/me/registration/steps/2/"
STEP3 = "/me/registration/steps/3/"


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    # 10:00 on 10 October 2026 in Shanghai.
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def ready():
    ready = build_ready()
    accepted_photo(ready.teacher)
    return ready


@pytest.fixture
def client_in(client, ready):
    client.force_login(ready.teacher, backend=BACKEND)
    return client


def _post2(client, ready, **changes):
    draft = draft_at(ready.teacher, ["agreement"], {"agency": ready.agency()})
    return client.post(STEP2, {**ready.info(**changes), "draft_version": draft.version, "next": "1"})


def _accepted(response) -> bool:
    return response.status_code == 302 and response["Location"].endswith("/steps/3/")


@pytest.mark.parametrize(
    ("field", "value", "ok", "message"),
    [
        ("current_school", "校" * 60, True, ""),
        ("current_school", "校" * 61, False, "60"),
        ("household_registration", "籍" * 60, True, ""),
        ("household_registration", "籍" * 61, False, "60"),
        ("postal_address", "址" * 100, True, ""),
        ("postal_address", "址" * 101, False, "100"),
        ("postcode", "25001", False, "通讯邮编应为 6 位数字"),
        ("postcode", "250014", True, ""),
        ("postcode", "2500141", False, ""),
        ("postcode", "25001a", False, "通讯邮编应为 6 位数字"),
        ("graduated_on", "2026-10-10", True, ""),
        ("graduated_on", "2026-10-11", False, "毕业时间不能晚于今天"),
        ("graduated_on", "2000-06-11", False, "毕业时间应在出生日期 14 年以后"),
        ("graduated_on", "2000-06-12", True, ""),
        ("graduated_on", "2008-02-30", False, "请输入有效的日期"),
        ("started_work_on", "2002-06-11", False, "开始参加工作时间应在出生日期 16 年以后"),
        ("started_work_on", "2002-06-12", True, ""),
        ("employed_since", "2026-10-11", False, "本单位聘用起始日期不能晚于今天"),
        ("employed_since", "2008-08-31", False, "本单位聘用起始日期不能在开始参加工作时间之前"),
        ("employed_since", "2008-09-01", True, ""),
    ],
)
def test_step_2_boundaries(client_in, ready, field, value, ok, message):
    response = _post2(client_in, ready, **{field: value})

    assert _accepted(response) is ok, response.content.decode()[:2000] if ok else ""
    if not ok:
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        saved = drafts.answers(drafts.load(ready.teacher), "info")
        assert saved[field] == value  # what was typed is kept in the draft too
        assert "info" not in drafts.payload(drafts.load(ready.teacher))["done"]


def test_started_work_in_the_future_is_refused(client_in, ready):
    response = _post2(client_in, ready, started_work_on="2026-10-11", employed_since="2026-10-11")

    assert "开始参加工作时间不能晚于今天" in response.content.decode()


def test_a_group_of_majors_is_not_a_major(client_in, ready):
    response = _post2(client_in, ready, major=str(ready.major_group.pk))

    assert not _accepted(response)
    assert "所学专业" in response.content.decode()


def test_identity_fields_are_shown_locked(client_in, ready):
    draft_at(ready.teacher, ["agreement"])

    html = client_in.get(STEP2).content.decode()

    assert "薛明" in html and "汉族" in html and "1986-06-12" in html
    assert ready.teacher.document_number not in html  # masked
    assert 'name="name"' not in html and 'name="document_number"' not in html


def test_an_unusable_certificate_is_shown_disabled_with_the_reason(client_in, ready):
    qualified(ready.certificate, datetime.date(2024, 5, 1))
    draft_at(ready.teacher, ["agreement"])

    html = client_in.get(STEP2).content.decode()

    assert ready.certificate.number_as_printed in html
    assert "不能选择" in html and "现在无需再注册" in html
    assert f'id="cert-{ready.certificate.pk}"' not in html  # no radio to choose it
    assert "添加教师资格证书信息" in html and "/me/certificates/add/" in html


def test_an_unusable_certificate_posted_anyway_is_refused(client_in, ready):
    qualified(ready.certificate, datetime.date(2024, 5, 1))

    response = _post2(client_in, ready)

    assert not _accepted(response)


def test_the_records_come_from_the_personal_centre_with_links_to_add_more(client_in, ready):
    draft_at(ready.teacher, ["agreement"])

    html = client_in.get(STEP2).content.decode()

    assert "二级甲等" in html and "大学本科" in html and "学士" in html
    assert "/me/records/mandarin/" in html and "/me/records/education/" in html and "/me/records/degree/" in html


def test_another_persons_record_cannot_be_posted(client_in, ready):
    from tests.factories import NationalMandarinFactory

    foreign = NationalMandarinFactory()

    response = _post2(client_in, ready, mandarin_record=str(foreign.pk))

    assert not _accepted(response)


def test_without_a_photo_step_2_cannot_be_left(client_in, ready):
    ready.teacher.photos.all().delete()

    response = _post2(client_in, ready)

    assert not _accepted(response)
    assert "请先上传或制作个人照片" in response.content.decode()
    # The answers were saved all the same.
    assert drafts.answers(drafts.load(ready.teacher), "info")["current_school"] == "济南市历下区实验小学"


# --- step 3 --------------------------------------------------------------------------------


def _post3(client, ready, **changes):
    draft = draft_at(ready.teacher, ["agreement", "info"], {"info": ready.info(), "agency": ready.agency()})
    agency = ready.agency()
    data = {
        "province": agency["province"],
        "city": agency["city"],
        "stage": "primary",
        "agency": agency["agency"],
        "arrangement": agency["arrangement"],
        "current_subject": agency["current_subject"],
        "draft_version": draft.version,
        "next": "1",
    }
    data.update(changes)
    return client.post(STEP3, data)


def test_step_3_accepts_an_open_point_and_a_subject(client_in, ready):
    response = _post3(client_in, ready)

    assert response["Location"].endswith("/steps/4/")
    saved = drafts.answers(drafts.load(ready.teacher), "agency")
    assert saved["arrangement"] == str(ready.world.arrangement.pk) and saved["current_stage"] == "primary"


def test_step_3_needs_the_current_subject(client_in, ready):
    response = _post3(client_in, ready, current_subject="")

    assert response.status_code == 200
    assert "请选择现任教学科" in response.content.decode()


def test_step_3_refuses_a_point_that_is_not_published(client_in, ready):
    ready.world.arrangement.is_published = False
    ready.world.arrangement.save()

    response = _post3(client_in, ready)

    assert response.status_code == 200
    assert "确认点" in response.content.decode()


def test_step_3_outside_the_window_gives_the_official_reason(client_in, ready):
    ready.world.window.starts_on = datetime.date(2026, 10, 1)
    ready.world.window.ends_on = datetime.date(2026, 10, 9)  # closed yesterday
    ready.world.window.save()

    response = _post3(client_in, ready)

    assert response.status_code == 200
    assert "网报时间已经截止" in response.content.decode()
    assert "agency" not in drafts.payload(drafts.load(ready.teacher))["done"]


def test_step_3_does_not_offer_a_county_agency_for_a_senior_stage(client_in, ready):
    response = _post3(client_in, ready, stage="senior", current_subject="")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="arr-{ready.world.arrangement.pk}"' not in html
    assert "agency" not in drafts.payload(drafts.load(ready.teacher))["done"]


def test_the_stage_rule_itself_names_the_agency(ready):
    from teacherreg.reference.models import TeachingStage
    from teacherreg.registration.services.steps import check_stage_and_subject
    from tests.registration.world import TODAY

    errors = check_stage_and_subject(ready.world.lixia, TeachingStage.objects.get(code="senior"), None, TODAY)

    assert "不负责高级中学教师的定期注册" in errors["agency"]


def test_an_empty_answer_names_the_field_not_a_generic_message(client_in, ready):
    """Step 2 (and 修改, which uses the same form): each missing answer says which it is."""
    page = _post2(client_in, ready, study_form="", mandarin_record="", current_school="").content.decode()

    assert "请选择学习形式。" in page
    assert "请选择普通话证书信息。" in page
    assert "请填写现任教学校。" in page
    assert "这个字段是必填项" not in page
