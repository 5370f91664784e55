"""The step dispatcher: starting after the pre-check, no skipping, resume at the first
incomplete step, the two-tab conflict, 不同意 twice, and submitting twice through the page."""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.common import session_flow as flow
from teacherreg.registration.models import Application, ApplicationDraft
from teacherreg.registration.services import drafts
from tests.registration.steps_world import accepted_photo, build_ready, complete_draft, draft_at

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
STEPS = "/me/registration/steps/"


def step(n: int) -> str:
    return f"{STEPS}{n}/"


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
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


def _pass_precheck(client, ready) -> None:
    session = client.session
    request = type("R", (), {"session": session})()
    flow.put(
        request,
        "registration_choice",
        {
            "agency": ready.world.lixia.pk,
            "point": ready.world.county_point.pk,
            "arrangement": ready.world.arrangement.pk,
            "window": ready.world.window.pk,
            "stage": "primary",
            "precheck_passed_at": time.time(),
        },
    )
    session.save()


def test_without_the_precheck_no_draft_starts(client_in):
    response = client_in.get(STEPS)

    assert response.status_code == 302 and response["Location"] == "/me/registration/apply/"
    assert not ApplicationDraft.objects.exists()


def test_after_the_precheck_the_draft_starts_with_the_chosen_point(client_in, ready):
    _pass_precheck(client_in, ready)

    response = client_in.get(STEPS)

    assert response["Location"] == step(1)
    saved = drafts.answers(drafts.load(ready.teacher), "agency")
    assert saved["arrangement"] == str(ready.world.arrangement.pk)
    assert saved["city"] == str(ready.world.jinan.pk) and saved["current_stage"] == "primary"


def test_the_precheck_continue_button_leads_to_step_1(client_in, ready):
    client_in.post(
        "/me/registration/apply/",
        {
            "province": ready.world.shandong.pk,
            "city": ready.world.jinan.pk,
            "stage": "primary",
            "agency": ready.world.lixia.pk,
            "arrangement": ready.world.arrangement.pk,
        },
    )

    response = client_in.post("/me/registration/precheck/", follow=True)

    assert response.redirect_chain[-1][0] == step(1)
    assert "网上申报协议" in response.content.decode()


def test_step_1_needs_the_box_ticked_and_records_the_version(client_in, ready):
    draft = draft_at(ready.teacher, [])

    refused = client_in.post(step(1), {"draft_version": draft.version, "next": "1"})
    accepted = client_in.post(step(1), {"draft_version": draft.version, "agree": "on", "next": "1"})

    assert "请阅读网上申报协议" in refused.content.decode()
    assert accepted["Location"] == step(2)
    assert drafts.answers(drafts.load(ready.teacher), "agreement")["version"] == "2026.1"


@pytest.mark.parametrize("later", [2, 3, 4, 5, 6])
def test_a_later_step_cannot_be_opened_before_step_1(client_in, ready, later):
    draft_at(ready.teacher, [])

    response = client_in.get(step(later))

    assert response.status_code == 302 and response["Location"] == step(1)


def test_no_skipping_past_an_incomplete_step_2(client_in, ready):
    draft_at(ready.teacher, ["agreement", "agency"])

    assert client_in.get(step(4))["Location"] == step(2)
    assert client_in.get(step(1)).status_code == 200  # going back is always allowed


def test_another_day_on_another_device_resumes_at_the_first_incomplete_step(client, ready):
    draft_at(ready.teacher, ["agreement", "info"], {"info": ready.info()})
    client.force_login(ready.teacher, backend=BACKEND)  # a fresh session: no window-query choice

    response = client.get(STEPS, follow=True)

    assert response.redirect_chain[-1][0] == step(3)
    assert "选择注册机构" in response.content.decode()


def test_step_2_saves_a_half_filled_page_as_a_draft(client_in, ready):
    draft = draft_at(ready.teacher, ["agreement"])
    data = {"draft_version": draft.version, "current_school": "济南市历下区实验小学", "postcode": "2500", "save": "1"}

    response = client_in.post(step(2), data)

    assert response["Location"] == step(2)
    saved = drafts.answers(drafts.load(ready.teacher), "info")
    assert saved["current_school"] == "济南市历下区实验小学"
    assert saved["postcode"] == "2500"  # kept as typed, shown again, not lost
    assert "info" not in drafts.payload(drafts.load(ready.teacher))["done"]
    page = client_in.get(step(2)).content.decode()
    assert 'value="济南市历下区实验小学"' in page and 'value="2500"' in page


def test_two_tabs_the_older_save_shows_the_conflict_the_newer_data_and_what_was_typed(client_in, ready):
    draft = draft_at(ready.teacher, ["agreement"])
    old_version = draft.version
    # Tab A saves first.
    client_in.post(step(2), {"draft_version": old_version, "current_school": "甲学校", "save": "1"})

    # Tab B, drawn before A saved, saves with the old version.
    response = client_in.post(step(2), {"draft_version": old_version, "current_school": "乙学校", "save": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "另一个页面或设备上保存过" in html
    assert "甲学校" in html  # the newer saved data
    assert 'value="乙学校"' in html  # what tab B typed, re-shown
    assert drafts.answers(drafts.load(ready.teacher), "info")["current_school"] == "甲学校"
    newer = drafts.load(ready.teacher).version
    assert f'name="draft_version" value="{newer}"' in html

    # Saving again from tab B is now deliberate and goes through.
    again = client_in.post(step(2), {"draft_version": newer, "current_school": "乙学校", "save": "1"})
    assert again.status_code == 302
    assert drafts.answers(drafts.load(ready.teacher), "info")["current_school"] == "乙学校"


def test_the_whole_of_step_2_then_3_then_review_notes_and_submit(client_in, ready):
    # Step 3 comes prefilled with the window-query choice the draft started with.
    seed = ready.agency(current_subject="")
    draft = draft_at(ready.teacher, ["agreement"], {"agency": seed})

    r2 = client_in.post(step(2), {**ready.info(), "draft_version": draft.version, "next": "1"})
    assert r2["Location"] == step(3), r2.content.decode()[:3000]
    version = drafts.load(ready.teacher).version
    page3 = client_in.get(step(3)).content.decode()
    assert "历下区确认点（文化东路）" in page3
    agency = ready.agency()
    post3 = {
        "province": agency["province"],
        "city": agency["city"],
        "stage": "primary",
        "agency": agency["agency"],
        "arrangement": agency["arrangement"],
        "current_subject": agency["current_subject"],
        "draft_version": version,
        "next": "1",
    }
    r3 = client_in.post(step(3), post3)
    assert r3["Location"] == step(4), r3.content.decode()[:3000]
    review = client_in.get(step(4)).content.decode()
    assert "济南市历下区实验小学" in review and "修改" in review
    r4 = client_in.post(step(4), {"draft_version": drafts.load(ready.teacher).version})
    assert r4["Location"] == step(5)
    notes = client_in.get(step(5)).content.decode()
    assert "请携带证书原件。" in notes
    r5 = client_in.post(step(5), {"draft_version": drafts.load(ready.teacher).version})
    assert r5["Location"] == step(6)
    page6 = client_in.get(step(6)).content.decode()
    assert "个人承诺书" in page6
    key = drafts.payload(drafts.load(ready.teacher))["idempotency_key"]
    assert f'value="{key}"' in page6
    data = {"pledge": "agree", "idempotency_key": key, "draft_version": drafts.load(ready.teacher).version}

    first = client_in.post(step(6), data)
    # A double click or the back button and 提交 again: the same application.
    second = client_in.post(step(6), data)

    app = Application.objects.get()
    assert first["Location"] == f"{STEPS}done/{app.number}/"
    # No draft any more: the retry is answered with the same application's number (a retry on
    # another web instance behind the proxy lands here too: bench/scale_out.py).
    assert second["Location"] == first["Location"]
    again = client_in.post(f"{STEPS}6/", data)
    assert Application.objects.count() == 1 and again["Location"] == first["Location"]
    done = client_in.get(first["Location"]).content.decode()
    assert app.number in done and "现场确认" in done and "2026-10-30" in done


def test_resubmitting_with_the_same_key_after_the_draft_is_gone_returns_the_same_number(ready):
    from teacherreg.registration.services.submission import submit
    from tests.registration.world import TODAY

    draft = complete_draft(ready, idempotency_key="6f1c1f0e-8a47-4b43-9d6b-5c7d0e2b9a11")
    first = submit(ready.teacher, draft.version, "6f1c1f0e-8a47-4b43-9d6b-5c7d0e2b9a11", TODAY)

    assert submit(ready.teacher, 999, "6f1c1f0e-8a47-4b43-9d6b-5c7d0e2b9a11", TODAY).number == first.number


def test_disagreeing_asks_once_more_then_deletes_the_draft(client_in, ready):
    draft = complete_draft(ready)

    first = client_in.post(step(6), {"pledge": "decline", "draft_version": draft.version})

    assert first.status_code == 200
    assert "将放弃本次报名" in first.content.decode()
    assert ApplicationDraft.objects.filter(applicant=ready.teacher).exists()
    version = drafts.load(ready.teacher).version

    second = client_in.post(step(6), {"pledge": "decline", "draft_version": version}, follow=True)

    assert second.redirect_chain[-1][0] == "/me/registration/"
    assert "已放弃本次报名" in second.content.decode()
    assert not ApplicationDraft.objects.filter(applicant=ready.teacher).exists()
    assert not Application.objects.exists()


def test_a_refused_submit_shows_the_reason_and_keeps_the_draft(client_in, ready):
    ready.teacher.photos.all().delete()
    draft = complete_draft(ready)
    key = drafts.idempotency_key(ready.teacher)

    response = client_in.post(step(6), {"pledge": "agree", "idempotency_key": key, "draft_version": draft.version})

    assert response.status_code == 200
    assert "请先上传或制作个人照片" in response.content.decode()
    assert ApplicationDraft.objects.filter(applicant=ready.teacher).exists()


def test_step_7_shows_only_your_own_application(client, ready):
    from tests.factories import ApplicantFactory, ApplicationFactory

    other = ApplicationFactory(applicant=ApplicantFactory())
    client.force_login(ready.teacher, backend=BACKEND)

    assert client.get(f"{STEPS}done/{other.number}/").status_code == 404
