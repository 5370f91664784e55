"""统计 in a real browser (issue 6 item 8).

Given our province with two counties and a few weeks of applications (statuses along the whole
chain, stages and subjects, pre-check findings, confirmations and 终审 decisions) and another
province's cases, when the province reviewer signs in with password and code and opens 统计,
then every section shows a chart beside its table, the numbers count only our province, and
choosing a county narrows them. With scripts turned off the same page shows the same tables and
no chart. Screenshots at 1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.harness import DESKTOP, PHONE, block_outside_hosts, settled
from teacherreg.common.dates import start_of_day, today
from teacherreg.organisations.models import OrgLevel
from teacherreg.reference.models import Subject, SubjectTree
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.services import milestones
from teacherreg.registration.workflow import Status
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    ArrangementFactory,
    BatchFactory,
    OrganisationFactory,
    RegionFactory,
    TeachingStageFactory,
    WindowFactory,
)
from tests.office.office_world import build_office_world

pytestmark = pytest.mark.django_db(transaction=True)

TRAINING = {"code": "precheck_training_short", "severity": "warning", "params": {"start_year": 2021, "hours": 240}}
ASSESSMENT = {"code": "precheck_assessment_failed", "severity": "warning", "params": {"years": "2023"}}
SUBJECT_MISMATCH = {
    "code": "precheck_subject_mismatch",
    "severity": "warning",
    "params": {"certificate_subject": "语文", "subject": "数学"},
}
# (days before today it was submitted, status, stage, subject, findings, days to confirm, days to decide)
CASES = [
    (20, Status.QUALIFIED, "primary", "语文", [TRAINING], 2, 15),
    (20, Status.QUALIFIED, "primary", "数学", [], 1, 12),
    (19, Status.DEFERRED, "primary", "语文", [TRAINING, ASSESSMENT], 3, 16),
    (18, Status.PROVINCE_REVIEW, "junior", "数学", [], 2, None),
    (18, Status.CITY_REVIEW, "junior", "英语", [SUBJECT_MISMATCH], 4, None),
    (17, Status.COUNTY_REVIEW, "primary", "英语", [], 1, None),
    (16, Status.CONFIRMED, "primary", "语文", [TRAINING], 5, None),
    (15, Status.CONFIRMED, "junior", "语文", [], 0, None),
    (15, Status.SUBMITTED, "primary", "数学", [], None, None),
    (13, Status.RETURNED, "primary", "语文", [ASSESSMENT], None, None),
    (12, Status.SUBMITTED, "junior", "物理", [], None, None),
    (12, Status.WITHDRAWN, "primary", "语文", [], None, None),
    (10, Status.SUBMITTED, "primary", "英语", [TRAINING], None, None),
    (9, Status.SUBMITTED, "junior", "数学", [], None, None),
]


def _world():
    world = build_office_world()
    now = today()
    ours = world.ours
    stages = {
        "primary": ours.application.current_stage,
        "junior": TeachingStageFactory(code="3", name="初级中学", sort_order=3),
    }
    subjects = {
        name: Subject.objects.create(tree=SubjectTree.CURRENT, code=f"s{i}", name=name, sort_order=i)
        for i, name in enumerate(["语文", "数学", "英语", "物理"])
    }
    plan = ours.application.window.batch.plan
    licheng_region = RegionFactory(code="370112", name="历城区", level="county", parent=ours.city.region)
    licheng = OrganisationFactory(
        level=OrgLevel.COUNTY, name="历城区教育和体育局", region=licheng_region, parent=ours.city
    )
    licheng_point = OrganisationFactory(
        level=OrgLevel.CONFIRMATION_POINT, name="历城区确认点", region=licheng_region, parent=licheng
    )
    second_point = OrganisationFactory(
        level=OrgLevel.CONFIRMATION_POINT, name="历城区第二确认点", region=licheng_region, parent=licheng
    )
    window = WindowFactory(batch=BatchFactory(plan=plan, agency=licheng))
    arrangements = [
        ours.application.arrangement,
        ArrangementFactory(point=licheng_point, window=window),
        ArrangementFactory(point=second_point, window=window),
    ]
    for i, (ago, status, stage, subject, findings, confirm_after, decide_after) in enumerate(CASES):
        submitted = start_of_day(now - datetime.timedelta(days=ago)) + datetime.timedelta(hours=9 + i % 8)
        app = ApplicationFactory(
            arrangement=arrangements[0 if i % 3 != 2 else 1 + i % 2],  # every third at 历城区
            submitted_at=submitted,
            status=status,
            current_stage=stages[stage],
            current_subject=subjects[subject],
            precheck_findings=findings,
        )
        if confirm_after is not None:
            Decision.objects.create(
                application=app,
                level=DecisionLevel.CONFIRMATION,
                outcome=DecisionOutcome.CONFIRMED,
                decided_at=submitted + datetime.timedelta(days=confirm_after),
            )
        if decide_after is not None:
            Decision.objects.create(
                application=app,
                level=DecisionLevel.PROVINCE,
                outcome=status,
                decided_at=submitted + datetime.timedelta(days=decide_after),
            )
    # The decisions were written directly, not through the services that keep the stored moments.
    milestones.refresh_all(Application.objects.all())
    # Another province's case with a finding none of ours has: it must not show.
    ApplicationFactory(
        arrangement=world.theirs.application.arrangement,
        submitted_at=start_of_day(now),
        precheck_findings=[{"code": "precheck_private_school", "severity": "warning", "params": {"school": "某校"}}],
    )
    return world, licheng


def sign_in(page: Page, base: str, user, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("登录名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def charts_fit(page: Page) -> None:
    """Wait until every chart has redrawn at the page's width (Chart.js resizes on the next
    frames after the viewport changes; a screenshot taken before would show the old size)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll("figure.stat-chart canvas")].every(
            (c) => c.getBoundingClientRect().width <= c.parentElement.getBoundingClientRect().width + 1)"""
    )


def test_a_province_reviewer_reads_the_statistics_with_charts_and_tables(page: Page, live_server, axe, shoot):
    world, licheng = _world()

    def look(name: str) -> None:
        axe(page)
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            charts_fit(page)
            shoot(page, name, sizes=(size,))
        page.set_viewport_size(DESKTOP)
        charts_fit(page)

    sign_in(page, live_server.url, world.ours.staff["province_reviewer"], "/office/statistics/")
    expect(page.get_by_role("heading", level=1, name="统计")).to_be_visible()
    expect(page.locator(".stat-figures")).to_contain_text("15")  # 14 cases and the world's own
    # A chart beside each table that has one, drawn by the script.
    expect(page.locator("figure.stat-chart canvas")).to_have_count(8)
    expect(page.get_by_role("img", name="图表：按申请人看到的状态。数字见旁边的表格。")).to_be_visible()
    expect(page.get_by_role("img", name="图表：资格预检提示。数字见旁边的表格。")).to_be_visible()
    waiting = page.get_by_role("table", name="按申请人看到的状态").get_by_role("row", name="网报待确认")
    expect(waiting).to_contain_text("6")  # the world's case, four submitted, one returned
    expect(page.get_by_role("table", name="资格预检提示")).not_to_contain_text("民办学校")
    look("overview")

    page.get_by_role("combobox", name="注册机构").select_option(label=licheng.name)
    page.get_by_role("button", name="查看统计").click()
    settled(page)
    expect(
        page.get_by_role(
            "heading", level=2, name=f"{world.ours.application.registration_year} 年度概况 · {licheng.name}"
        )
    ).to_be_visible()
    expect(page.locator(".stat-figures")).to_contain_text("4")
    look("one-agency")

    page.get_by_role("combobox", name="确认点").select_option(label="历城区第二确认点")
    page.get_by_role("button", name="查看统计").click()
    settled(page)
    expect(page.get_by_role("heading", level=2)).to_contain_text(["历城区第二确认点"])
    expect(page.locator(".stat-figures dd").first).to_have_text("2")
    look("one-point")


def test_without_scripts_the_statistics_are_the_same_tables(browser: Browser, live_server, shoot):
    world, _licheng = _world()
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai", java_script_enabled=False
    )
    outside = block_outside_hosts(context)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, world.ours.staff["province_reviewer"], "/office/statistics/")
        expect(page.get_by_role("heading", level=1, name="统计")).to_be_visible()
        expect(page.locator("figure.stat-chart")).to_have_count(8)
        expect(page.locator("figure.stat-chart").first).to_be_hidden()
        expect(page.locator("canvas")).to_have_count(0)
        expect(page.get_by_role("table", name="按提交日期")).to_be_visible()
        expect(
            page.get_by_role("table", name="办理时长（天）").get_by_role("row", name="提交到终审结论")
        ).to_contain_text("15")
        shoot(page, "no-script")
    finally:
        context.close()
    assert not outside
