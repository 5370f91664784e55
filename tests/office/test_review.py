"""The review pages (issue 6 item 4): the queues per level, the case page with the actions a
role may take, 公示管理, the public 公示 list with objections, and the case timeline. Our region
is 山东 in ``office_world``: 历下区 (county) → 济南 (city) → 山东省 (province); the plan has a
7-day 公示 and a 复核 level. The clock stands at 10 Nov 2026, 10:00 in Shanghai."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import RegistrationRecord
from teacherreg.registration.models import Message, NoticeObjection
from teacherreg.registration.services import review, review_notice
from teacherreg.registration.workflow import Status
from tests.captcha.helpers import solve
from tests.factories import ApplicationFactory, MembershipFactory
from tests.office.office_world import build_office_world, office_client
from tests.registration.steps_world import jpeg_bytes

pytestmark = pytest.mark.django_db

R = StaffRole
S = Status
NOW = datetime.datetime(2026, 11, 10, 2, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 10)
QUEUE = reverse("office:review_queue")
# No session write in any count: it is saved only when it changes (session_policy). One query
# reads the member's agencies, so the case query can name them (office.scope).
QUEUE_QUERIES = 6
CASE_QUERIES = 21  # the timeline counts repeated views in one more query


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    return build_office_world()


def staff(world, role, region="ours"):
    return getattr(world, region).staff[role]


def client_for(world, role, region="ours"):
    return office_client(staff(world, role, region))


def confirmed(world, region="ours", **kwargs):
    return ApplicationFactory(arrangement=getattr(world, region).application.arrangement, status=S.CONFIRMED, **kwargs)


def by(world, level):
    role = {"county": R.COUNTY_REVIEWER, "city": R.CITY_REVIEWER, "province": R.PROVINCE_REVIEWER}[level]
    return {"by": staff(world, role), "organisation": world.ours.org(level)}


def case_url(app, name="review_case"):
    return reverse(f"office:{name}", args=[app.number])


def numbers(response):
    return [row.application.number for row in response.context["rows"]]


def to_city(world, clock, app):
    app = review.propose(app, outcome="qualified", **by(world, "county"))
    app = review_notice.start_notice(app, starts_on=TODAY, **by(world, "county"))
    clock.move_to(datetime.datetime(2026, 11, 16, 16, 0, tzinfo=datetime.UTC))  # 17 Nov 00:00, notice over
    return review_notice.end_notice(app, **by(world, "county"))


# --- the queues ---------------------------------------------------------------------------------


def test_each_level_sees_what_waits_for_it_in_its_own_region(world, clock):
    waiting = confirmed(world)
    confirmed(world, region="theirs")
    at_city = to_city(world, clock, confirmed(world))
    county = client_for(world, R.COUNTY_REVIEWER).get(QUEUE)
    assert county.context["level"] == "county" and numbers(county) == [waiting.number]
    assert numbers(client_for(world, R.CITY_REVIEWER).get(QUEUE)) == [at_city.number]
    assert numbers(client_for(world, R.PROVINCE_REVIEWER).get(QUEUE)) == []
    passed = client_for(world, R.COUNTY_REVIEWER).get(QUEUE, {"status": "passed"})
    assert numbers(passed) == [at_city.number]


def test_a_member_with_two_levels_switches_between_them(world):
    member = staff(world, R.COUNTY_REVIEWER)
    MembershipFactory(user=member, organisation=world.ours.city, role=R.CITY_REVIEWER)
    client = office_client(member)
    page = client.get(QUEUE)
    assert [key for key, _title, _url in page.context["tabs"]] == ["county", "city"]
    assert client.get(QUEUE, {"level": "city"}).context["level"] == "city"
    assert client.get(QUEUE, {"level": "province"}).context["level"] == "county"  # not held: the first


def test_the_queue_finds_a_case_by_number_whatever_its_status(world):
    submitted = world.ours.application
    page = client_for(world, R.PROVINCE_REVIEWER).get(QUEUE, {"q": submitted.number})
    assert numbers(page) == [submitted.number]
    assert numbers(client_for(world, R.PROVINCE_REVIEWER, "theirs").get(QUEUE, {"q": submitted.number})) == []


def test_the_queue_costs_the_same_queries_for_three_rows_or_thirty(world, django_assert_num_queries):
    client = client_for(world, R.COUNTY_REVIEWER)
    client.get(QUEUE)  # the session's first request saves it: not the page's cost
    for _ in range(3):
        review.propose(confirmed(world), outcome="qualified", **by(world, "county"))
    with django_assert_num_queries(QUEUE_QUERIES):
        assert len(client.get(QUEUE).context["rows"]) == 3
    for _ in range(27):
        confirmed(world)
    with django_assert_num_queries(QUEUE_QUERIES):
        rows = client.get(QUEUE).context["rows"]
    assert len(rows) == 30 and sum(row.waiting_notice for row in rows) == 3


def test_a_queue_row_is_written_out_with_its_proposal_notice_and_escaped_name(world, clock):
    """Rows written in Python (common.table_rows, issue 7): the proposal, the 公示 end day,
    the badge for a proposal not yet published, a hostile name escaped."""
    proposed = review.propose(confirmed(world, name="<b>甲</b>"), outcome="qualified", **by(world, "county"))
    client = client_for(world, R.COUNTY_REVIEWER)
    page = client.get(QUEUE).content.decode()
    assert "<b>甲</b>" not in page and "&lt;b&gt;甲&lt;/b&gt;" in page
    assert f'<a href="{case_url(proposed)}">{proposed.number}</a>' in page
    assert '<td data-label="初审意见">拟注册合格 <span class="badge text-bg-warning">待公示</span></td>' in page

    review_notice.start_notice(proposed, starts_on=TODAY, **by(world, "county"))
    on_notice = client.get(QUEUE, {"status": "notice"}).content.decode()
    assert re.search(r'<td data-label="状态">公示中<br><small>至 2026-11-1\d</small></td>', on_notice)


def test_the_queue_leaves_one_access_event(world):
    confirmed(world)
    client_for(world, R.COUNTY_REVIEWER).get(QUEUE)
    event = AuditEvent.objects.get(action="personal_data.view")
    assert event.data == {"what": "review_queue"} and event.object_ref == str(world.ours.county.pk)


# --- the case page --------------------------------------------------------------------------------


def test_the_case_page_offers_each_role_its_own_actions(world, clock):
    app = confirmed(world)
    county = client_for(world, R.COUNTY_REVIEWER).get(case_url(app))
    assert county.context["actions"] == ["propose", "send_to_applicant"]
    assert "提出初审意见" in county.content.decode()
    city = client_for(world, R.CITY_REVIEWER).get(case_url(app))
    assert city.context["actions"] == [] and "现在没有需要办理的操作" in city.content.decode()
    app = to_city(world, clock, app)
    assert client_for(world, R.CITY_REVIEWER).get(case_url(app)).context["actions"] == ["city_agree", "city_send_back"]
    assert client_for(world, R.COUNTY_REVIEWER).get(case_url(app)).context["actions"] == []


def test_the_case_page_masks_the_id_and_phone_and_records_the_view(world):
    app = confirmed(world)
    body = client_for(world, R.PROVINCE_REVIEWER).get(case_url(app)).content.decode()
    assert app.document_number not in body and app.phone not in body
    event = AuditEvent.objects.get(action="personal_data.view")
    assert event.data == {"what": "review_case"} and event.actor == staff(world, R.PROVINCE_REVIEWER)
    assert event.actor_organisation_id == world.ours.province.pk


def test_another_regions_case_and_actions_answer_404(world):
    theirs = confirmed(world, region="theirs")
    client = client_for(world, R.COUNTY_REVIEWER)
    assert client.get(case_url(theirs)).status_code == 404
    assert client.post(case_url(theirs, "review_propose"), {"propose-outcome": "qualified"}).status_code == 404
    assert client.get(case_url(theirs, "review_photo")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.CONFIRMED and not theirs.decisions.exists()


def test_the_photo_is_served_and_recorded(world):
    app = confirmed(world)
    app.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    response = client_for(world, R.CITY_REVIEWER).get(case_url(app, "review_photo"))
    assert response.status_code == 200 and response.content.startswith(b"\xff\xd8")
    assert AuditEvent.objects.get(action="personal_data.view").data == {"what": "photo"}


def test_the_case_page_costs_the_same_queries_however_long_the_case(world, clock, django_assert_num_queries):
    app = review.propose(confirmed(world), outcome="deferred", reasons=["other"], note="待核实", **by(world, "county"))
    client = client_for(world, R.COUNTY_REVIEWER)
    client.get(case_url(app))  # the session's first request saves it: not the page's cost
    with django_assert_num_queries(CASE_QUERIES):
        client.get(case_url(app))
    app = review.propose(app, outcome="qualified", **by(world, "county"))
    for n in range(5):
        Message.objects.create(application=app, author_organisation=world.ours.county, body=f"第 {n} 条")
        Message.objects.create(application=app, from_applicant=True, to_organisation=world.ours.county, body="好")
    with django_assert_num_queries(CASE_QUERIES):
        response = client.get(case_url(app))
    assert len(response.context["thread"]) == 10 and len(response.context["decisions"]) == 3


# --- the actions ----------------------------------------------------------------------------------


def test_a_refused_proposal_keeps_what_was_typed_and_says_why(world):
    app = confirmed(world)
    response = client_for(world, R.COUNTY_REVIEWER).post(
        case_url(app, "review_propose"),
        {"propose-outcome": "deferred", "propose-note": "学时记录待核实", "propose-version": app.version},
    )
    assert response.status_code == 200
    assert response.context["error"] == "请至少选择一项理由。"
    assert "学时记录待核实" in response.content.decode()
    app.refresh_from_db()
    assert app.status == S.CONFIRMED


def test_a_reason_ticked_under_another_conclusion_is_left_out(world):
    app = confirmed(world)
    client = client_for(world, R.COUNTY_REVIEWER)
    response = client.post(
        case_url(app, "review_propose"),
        {
            "propose-outcome": "unqualified",
            "propose-reasons": ["deferred:training_hours_short", "unqualified:assessment_failed_twice"],
        },
    )
    assert response.status_code == 302
    assert app.decisions.get().reasons == ["assessment_failed_twice"]


def test_a_stale_form_is_refused_rather_than_overwriting(world):
    app = confirmed(world)
    response = client_for(world, R.COUNTY_REVIEWER).post(
        case_url(app, "review_propose"), {"propose-outcome": "qualified", "propose-version": app.version - 1 or 99}
    )
    assert response.context["error"].startswith("该申请已被他人更新")


def test_the_chain_through_the_office_pages(world, clock):
    app = confirmed(world)
    county, city, province = (
        client_for(world, role) for role in (R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER)
    )
    answer = county.post(
        case_url(app, "review_propose"), {"propose-outcome": "qualified", "propose-version": app.version}
    )
    assert answer["Location"] == case_url(app)
    app.refresh_from_db()

    notices = county.get(reverse("office:review_notices"))
    assert [a.number for a in notices.context["waiting"]] == [app.number]
    county.post(
        reverse("office:review_notices_start"),
        {"selected": [f"{app.number}:{app.version}"], "notice-starts_on": TODAY.isoformat()},
    )
    app.refresh_from_db()
    assert app.status == S.PUBLIC_NOTICE and app.notice_ends_on == datetime.date(2026, 11, 16)
    early = city.post(case_url(app, "review_city_agree"), {})
    assert "当前为“公示中”" in early.context["error"]  # 复核 only after the 公示
    assert review_notice.on_notice(TODAY).filter(pk=app.pk).exists()

    clock.move_to(datetime.datetime(2026, 11, 16, 16, 0, tzinfo=datetime.UTC))
    # A week later: everyone signs in again (the staff session policy ended the old sessions).
    county, city, province = (
        client_for(world, role) for role in (R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER)
    )
    assert county.post(case_url(app, "review_end_notice"))["Location"] == case_url(app)
    city.post(case_url(app, "review_city_agree"), {"city_agree-note": "同意", "city_agree-version": app.version + 1})
    app.refresh_from_db()
    assert app.status == S.PROVINCE_REVIEW
    province.post(case_url(app, "review_decide"), {"decide-outcome": "qualified", "decide-version": app.version})
    app.refresh_from_db()
    assert app.status == S.QUALIFIED
    record = RegistrationRecord.objects.get(application_number=app.number)
    assert record.valid_from == datetime.date(2026, 11, 17)

    undo = province.get(case_url(app))
    assert undo.context["actions"] == ["undo", "revoke"]
    assert "终审结论：注册合格" in undo.content.decode()  # the timeline


def test_the_notice_batch_reports_each_refused_case(world):
    ready = review.propose(confirmed(world), outcome="qualified", **by(world, "county"))
    unproposed = confirmed(world)
    response = client_for(world, R.COUNTY_REVIEWER).post(
        reverse("office:review_notices_start"),
        {
            "selected": [f"{ready.number}:{ready.version}", f"{unproposed.number}:{unproposed.version}"],
            "notice-starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert [o.number for o in response.context["outcomes"]] == [unproposed.number]
    ready.refresh_from_db()
    assert ready.status == S.PUBLIC_NOTICE


def test_a_reviewer_scanning_the_qr_code_lands_on_the_review_page(world):
    app = confirmed(world)
    response = client_for(world, R.CITY_REVIEWER).get(reverse("office:case_open", args=[app.number]))
    assert response["Location"] == case_url(app)
    operator = client_for(world, R.CONFIRMATION_OPERATOR).get(reverse("office:case_open", args=[app.number]))
    assert operator["Location"] == reverse("office:desk_case", args=[app.number])


# --- the public 公示 list and objections -----------------------------------------------------------


def _on_notice(world):
    app = review.propose(confirmed(world, name="欧阳明华"), outcome="qualified", **by(world, "county"))
    return review_notice.start_notice(app, starts_on=TODAY, **by(world, "county"))


def test_the_public_list_masks_names_and_takes_objections_to_the_agency(world, client):
    app = _on_notice(world)
    assert world.ours.county.name in client.get(reverse("notices:index")).content.decode()
    page = client.get(reverse("notices:agency", args=[world.ours.county.pk]))
    body = page.content.decode()
    assert "欧*" in body and "欧阳明华" not in body and "拟注册合格" in body
    url = reverse("notices:objection", args=[world.ours.county.pk, app.number])
    blank = client.post(url, {"body": "", "contact_name": "王老师"})
    assert blank.status_code == 200 and "请填写异议内容。" in blank.content.decode()
    assert "王老师" in blank.content.decode()
    robot = client.post(url, {"body": "该教师 2025 年起已不在本校任教"})
    assert robot.status_code == 200 and not NoticeObjection.objects.exists()  # no captcha, nothing filed
    done = client.post(
        url,
        {
            "body": "该教师 2025 年起已不在本校任教",
            "contact_phone": "13800138000",
            "captcha_token": solve(client, purpose="objection"),
        },
        follow=True,
    )
    assert "您的异议已提交给" in done.content.decode()
    objection = NoticeObjection.objects.get()
    assert objection.application == app and objection.agency == world.ours.county

    county_page = client_for(world, R.COUNTY_REVIEWER).get(case_url(app)).content.decode()
    assert "该教师 2025 年起已不在本校任教" in county_page and "138****00" in county_page
    objection.refresh_from_db()
    assert objection.read_at is not None
    assert not Message.objects.filter(application=app).exists()


def test_the_objection_form_exists_only_for_a_case_on_that_agencys_list(world, client):
    app = _on_notice(world)
    other_agency = world.theirs.county.pk
    assert client.get(reverse("notices:objection", args=[other_agency, app.number])).status_code == 404
    waiting = confirmed(world)
    assert client.get(reverse("notices:objection", args=[world.ours.county.pk, waiting.number])).status_code == 404
    assert client.get(reverse("notices:agency", args=[world.ours.point.pk])).status_code == 404


def test_the_desk_case_page_shows_the_timeline_too(world):
    app = world.ours.application
    body = client_for(world, R.CONFIRMATION_OPERATOR).get(reverse("office:desk_case", args=[app.number])).content
    assert "办理记录" in body.decode() and "查看案卷（现场确认）" in body.decode()
