"""The case timeline (issue 6 item 5): one ordered list of audit events, decisions (undo
included), messages and staff views of a case, with actor, organisation and time."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.audit.services import PERSONAL_DATA_VIEW
from teacherreg.registration.services import messages, review, review_notice
from teacherreg.registration.services.case_timeline import case_timeline
from tests.registration.review_world import NOW, TODAY, build_review_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def _journey(world, clock):
    county, province = world.by("county"), world.by("province")
    app = review.propose(world.app, outcome="qualified", note="各项条件符合", **county)
    app = review_notice.start_notice(app, starts_on=TODAY, **county)
    audit.record(
        PERSONAL_DATA_VIEW,
        app,
        actor=world.staff["city_reviewer"],
        actor_role="city_reviewer",
        actor_organisation_id=world.city.pk,
        data={"what": "review_case"},
    )
    clock.move_to(datetime.datetime(2026, 11, 17, 16, 30, tzinfo=datetime.UTC))  # 18 Nov, notice over
    app = review_notice.end_notice(app, **county)
    app = review.city_agree(app, **world.by("city"))
    messages.post_staff_message(app, author=province["by"], organisation=world.province, body="请补交年度考核证明")
    messages.reply(app, app.applicant, "已交到确认点")
    app = review.decide(app, outcome="qualified", **province)
    app = review.undo_conclusion(app, note="结论日期录错", **province)
    return app


def test_it_merges_every_source_in_order_with_who_and_where(clock):
    world = build_review_world()
    app = _journey(world, clock)
    entries = case_timeline(app)
    titles = [e.title for e in entries]
    assert titles[0] == "提交报名"  # the factory case has no submission event: it starts at submitted_at
    expected = [
        "已确认 → 初审中",
        "初审意见：拟注册合格",
        "初审中 → 公示中",
        "查看案卷（审核）",
        "公示中 → 复核中",
        "复核中 → 终审中",
        "复核：同意初审意见",
        "工作人员留言",
        "申请人留言",
        "终审中 → 注册合格",
        "终审结论：注册合格",
        "注册合格 → 终审中",
        "撤销：终审",
        "注销该结论的注册记录",
    ]
    assert titles[1:] == expected
    by_title = {e.title: e for e in entries}
    proposal = by_title["初审意见：拟注册合格"]
    assert (proposal.actor, proposal.organisation) == (world.staff["county_reviewer"].name, world.county.name)
    assert "各项条件符合" in proposal.detail
    assert by_title["终审结论：注册合格"].undone and not proposal.undone
    assert "撤销的是：终审结论：注册合格" in by_title["撤销：终审"].detail
    assert by_title["查看案卷（审核）"].kind == "access"
    assert by_title["查看案卷（审核）"].organisation == world.city.name
    reply = by_title["申请人留言"]
    assert reply.actor == "申请人" and world.province.name in reply.organisation
    seconds = [e.at.replace(microsecond=0) for e in entries]
    assert seconds == sorted(seconds)


def test_its_queries_do_not_grow_with_the_case(clock):
    world = build_review_world()
    short = world.another_case()
    with CaptureQueriesContext(connection) as few:
        case_timeline(short)
    app = _journey(world, clock)
    with CaptureQueriesContext(connection) as many:
        case_timeline(app)
    # Events, the repeated ones counted, decisions, messages, then the people and organisations
    # named (skipped when none).
    assert len(few) <= len(many) == 6


def test_repeated_views_of_one_day_show_as_one_line(clock):
    """Every staff view is recorded, but the timeline shows one line per person, page and day:
    a case opened all day long must not grow its own page with every view (bench finding)."""
    world = build_review_world()
    app = world.another_case()
    viewer = world.staff["county_reviewer"]

    def view(what: str) -> None:
        audit.record(PERSONAL_DATA_VIEW, app, actor=viewer, actor_role="county_reviewer", data={"what": what})

    for _ in range(30):
        view("review_case")
    view("photo")
    clock.move_to(NOW + datetime.timedelta(days=1))
    view("review_case")

    access = [e for e in case_timeline(app) if e.kind == "access"]

    assert [(e.title, e.detail.split("，")[0]) for e in access] == [
        ("查看案卷（审核）", "当天共查看 30 次"),
        ("查看个人照片", ""),
        ("查看案卷（审核）", ""),
    ]


def test_repeated_downloads_of_the_form_show_as_one_line_a_day(clock):
    """An applicant downloading the form before every visit: counted, one line a day, and the
    query reads one row for them however many there were (bench: 1,200 downloads in a run)."""
    world = build_review_world()
    app = world.another_case()

    def download() -> None:
        audit.record("application.form_downloaded", app, actor=app.applicant, actor_role="applicant", data={})

    download()
    clock.move_to(NOW + datetime.timedelta(minutes=5))
    for _ in range(40):
        download()
    clock.move_to(NOW + datetime.timedelta(days=1))
    download()

    lines = [e for e in case_timeline(app) if e.title == "下载申请表"]
    assert [(e.actor, e.detail) for e in lines] == [
        ("申请人", f"当天共下载 41 次，第一次在 {timezone.localtime(NOW).strftime('%H:%M:%S')}"),
        ("申请人", ""),
    ]
    fifth_minute = NOW + datetime.timedelta(minutes=5)
    assert fifth_minute <= lines[0].at < fifth_minute + datetime.timedelta(minutes=1)  # where the last stands
