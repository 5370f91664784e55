"""统计 in the office (issue 6 item 8): the numbers of each member's own scope, the year, agency
and point filters, the CSV download, the page without scripts and a pinned query count.

The small world (``office_world`` plus the cases below), registration year 2026 unless named:

- 历下区 (our county agency), at 历下区确认点: the world's case (20 Oct, 网报待确认, 小学), A (18 Oct,
  confirmed on 19 Oct, 语文, a training finding), B (18 Oct, confirmed on 21 Oct, 注册合格 on
  7 Nov, 数学, training and assessment findings), C (20 Oct, returned, 语文); one 2025 case.
- 历城区 (a second county of our city), at 历城区确认点: D (19 Oct, 网报待确认).
- 湖南 (another region): the world's case and E (注册合格, a private-school finding, 初中).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pyotp
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teacherreg.accounts.models import StaffRole
from teacherreg.organisations.models import OrgLevel
from teacherreg.reference.models import Subject, SubjectTree
from teacherreg.registration.models import Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.services import milestones
from teacherreg.registration.workflow import Status
from tests.factories import (
    ApplicationFactory,
    ArrangementFactory,
    BatchFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    StaffFactory,
    TeachingStageFactory,
    WindowFactory,
)
from tests.office.office_world import build_office_world, office_client

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
PAGE = reverse("office:statistics")
PAGE_QUERIES = 14
TRAINING = {"code": "precheck_training_short", "severity": "warning", "params": {"start_year": 2021, "hours": 240}}
ASSESSMENT = {"code": "precheck_assessment_failed", "severity": "warning", "params": {"years": "2023"}}
PRIVATE = {"code": "precheck_private_school", "severity": "warning", "params": {"school": "长沙市某民办学校"}}
R = StaffRole


def on(day: int, month: int = 10, hour: int = 2) -> datetime.datetime:
    """``day`` of October 2026 at 10:00 Shanghai (02:00 UTC) unless told otherwise."""
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


def decide(app, level, outcome, when) -> None:
    # Written directly, then recomputed as the services do (tests/registration/test_milestones.py).
    Decision.objects.create(application=app, level=level, outcome=outcome, decided_at=when)
    milestones.refresh(app)


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        world = build_office_world()
        ours, theirs = world.ours, world.theirs
        primary = ours.application.current_stage
        chinese = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese", name="语文", sort_order=1)
        maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-maths", name="数学", sort_order=2)
        type(ours.application).objects.filter(pk=ours.application.pk).update(submitted_at=on(20))
        here = ours.application.arrangement

        def case(arrangement=here, **kwargs):
            kwargs.setdefault("current_stage", primary)
            return ApplicationFactory(arrangement=arrangement, **kwargs)

        a = case(submitted_at=on(18), status=Status.CONFIRMED, current_subject=chinese, precheck_findings=[TRAINING])
        decide(a, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, on(19))
        b = case(
            submitted_at=on(18),
            status=Status.QUALIFIED,
            current_subject=maths,
            precheck_findings=[TRAINING, ASSESSMENT],
        )
        decide(b, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, on(21))
        decide(b, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, on(7, month=11))
        case(submitted_at=on(20), status=Status.RETURNED, current_subject=chinese)
        earlier_plan = ArrangementFactory(
            point=ours.point,
            window=WindowFactory(batch=BatchFactory(plan__province=ours.province, plan__year=2025, agency=ours.county)),
        )
        case(arrangement=earlier_plan, submitted_at=on(15) - datetime.timedelta(days=365))

        licheng_region = RegionFactory(code="370112", name="历城区", level="county", parent=ours.city.region)
        licheng = OrganisationFactory(
            level=OrgLevel.COUNTY, name="历城区教育和体育局", region=licheng_region, parent=ours.city
        )
        licheng_point = OrganisationFactory(
            level=OrgLevel.CONFIRMATION_POINT, name="历城区确认点", region=licheng_region, parent=licheng
        )
        there = ArrangementFactory(
            point=licheng_point, window=WindowFactory(batch=BatchFactory(plan=here.window.batch.plan, agency=licheng))
        )
        case(arrangement=there, submitted_at=on(19))

        junior = TeachingStageFactory(code="3", name="初级中学", sort_order=3)
        case(
            arrangement=theirs.application.arrangement,
            submitted_at=on(12),
            status=Status.QUALIFIED,
            current_stage=junior,
            precheck_findings=[PRIVATE],
        )
        world.extra.update(licheng=licheng, licheng_point=licheng_point)
        yield world


def client_for(world, role: str, region: str = "ours"):
    return office_client(getattr(world, region).staff[role])


def rows(response, slug: str) -> list[tuple]:
    return [tuple(row) for row in response.context["tables"][slug].rows]


def counts(response, slug: str) -> dict:
    return {row[0]: row[1] for row in rows(response, slug)}


# --- the numbers -----------------------------------------------------------------------------------


def test_a_province_reviewer_sees_the_counts_of_the_province_and_nothing_of_another(world):
    page = client_for(world, R.PROVINCE_REVIEWER).get(PAGE)

    assert page.status_code == 200
    stats = page.context["stats"]
    assert stats.total == 5  # the 2025 case and 湖南's are not in it
    assert counts(page, "applicant_status") == {
        "网报待确认": 3,
        "待注册审批": 1,
        "公示中": 0,
        "注册合格": 1,
        "暂缓注册": 0,
        "注册不合格": 0,
        "撤销注册": 0,
        "已撤回": 0,
        "逾期未确认": 0,
    }
    assert rows(page, "applicant_status")[0] == ("网报待确认", 3, "60.0%")
    statuses = {label: n for label, _seen, n in rows(page, "status")}
    assert (statuses["网报待确认"], statuses["已退回修改"], statuses["已确认"], statuses["注册合格"]) == (2, 1, 1, 1)
    assert rows(page, "day") == [("2026-10-18", 2), ("2026-10-19", 1), ("2026-10-20", 2)]
    assert rows(page, "stage") == [("小学", 5)]
    assert rows(page, "subject") == [("语文", 2), ("数学", 1), ("无任教学科", 2)]
    findings = rows(page, "finding")
    assert [(text[:6], kind, n, share) for text, kind, n, share in findings] == [
        ("本注册周期（", "请注意", 2, "40.0%"),
        ("… 年度考核", "请注意", 1, "20.0%"),
    ]
    assert "民办学校" not in page.content.decode()  # 湖南's finding
    assert rows(page, "duration") == [("提交到现场确认", 2, "2", "2.8"), ("提交到终审结论", 1, "20", "20")]
    assert rows(page, "to_confirmation") == [("1 天", 1), ("2 天", 0), ("3 天", 1)]


def test_each_role_counts_its_own_reach(world):
    def total(role: str, region: str = "ours") -> int:
        return client_for(world, role, region).get(PAGE).context["stats"].total

    assert total(R.CONFIRMATION_OPERATOR) == 4  # 历下区确认点: not 历城区's case
    assert total(R.COUNTY_REVIEWER) == 4
    assert total(R.CITY_REVIEWER) == 5
    assert total(R.PROVINCE_ADMIN) == 5
    assert total(R.PROVINCE_REVIEWER, "theirs") == 2
    assert total(R.NATIONAL_VIEWER) == 7  # both provinces


def test_the_newest_year_is_the_default_and_another_can_be_chosen(world):
    reviewer = client_for(world, R.PROVINCE_REVIEWER)
    page = reviewer.get(PAGE)
    assert [label for _pk, label in page.context["form"].fields["year"].choices] == ["2026 年度", "2025 年度"]

    earlier = reviewer.get(PAGE, {"year": "2025"})
    assert earlier.context["stats"].total == 1
    assert "2025 年度概况" in earlier.content.decode()


def test_a_province_reviewer_narrows_to_an_agency_then_to_a_point(world):
    reviewer = client_for(world, R.PROVINCE_REVIEWER)
    licheng, point = world.extra["licheng"], world.extra["licheng_point"]

    page = reviewer.get(PAGE)
    form = page.context["form"]
    assert form.show_agency and not form.show_point
    assert [label for _pk, label in form.fields["agency"].choices][1:] == ["历下区教育局", "历城区教育和体育局"]

    narrowed = reviewer.get(PAGE, {"year": "2026", "agency": licheng.pk})
    assert narrowed.context["stats"].total == 1
    assert "历城区教育和体育局" in narrowed.context["agency_label"]

    at_point = reviewer.get(PAGE, {"year": "2026", "agency": licheng.pk, "point": point.pk})
    assert at_point.context["stats"].total == 1
    assert at_point.context["point_label"] == "历城区确认点"


def test_another_regions_agency_in_the_address_is_dropped_and_counts_nothing_of_theirs(world):
    page = client_for(world, R.PROVINCE_REVIEWER).get(PAGE, {"agency": world.theirs.county.pk})

    assert page.status_code == 200
    assert page.context["stats"].total == 5  # ours, all agencies
    assert page.context["form"].notes == ["所选注册机构在这一年度没有申请，已改为统计全部注册机构。"]
    assert world.theirs.county.name not in page.content.decode()


def test_a_point_left_selected_after_changing_the_agency_is_dropped_with_a_note(world):
    lixia_point = world.ours.point
    page = client_for(world, R.PROVINCE_REVIEWER).get(
        PAGE, {"agency": world.extra["licheng"].pk, "point": lixia_point.pk}
    )

    assert page.context["stats"].total == 1  # 历城区, all its points
    assert page.context["point_label"] == ""
    assert page.context["form"].notes == ["所选确认点不在所选注册机构之下或这一年度没有申请，已改为统计全部确认点。"]


@pytest.mark.parametrize("year", ["abc", "1999", "2026' OR 1=1", "9" * 40])
def test_a_bad_year_is_refused_in_words_without_numbers(world, year):
    page = client_for(world, R.PROVINCE_REVIEWER).get(PAGE, {"year": year})

    assert page.status_code == 200
    assert page.context["tables"] is None
    assert "注册年度：请从列表中选择。" in page.content.decode()


def test_a_member_whose_scope_has_no_case_sees_a_plain_empty_page(world):
    quiet = OrganisationFactory(level=OrgLevel.PROVINCE, name="西藏自治区教育厅", parent=world.national)
    reviewer = StaffFactory(username="quiet-reviewer", totp_secret=pyotp.random_base32())
    MembershipFactory(user=reviewer, organisation=quiet, role=R.PROVINCE_REVIEWER)

    page = office_client(reviewer).get(PAGE)

    assert page.status_code == 200
    assert page.context["form"] is None
    html = page.content.decode()
    assert "您的统计范围内还没有任何申请" in html
    assert "<table" not in html
    assert "statistics-charts" not in html and "chart.umd.min.js" not in html


# --- the page: tables without scripts, charts from the same numbers ---------------------------------


def test_every_chart_draws_the_numbers_of_its_table_from_embedded_json(world):
    page = client_for(world, R.PROVINCE_REVIEWER).get(PAGE)
    html = page.content.decode()

    embedded = re.search(r'<script id="statistics-charts" type="application/json">(.*?)</script>', html, re.S)
    charts = json.loads(embedded.group(1))
    assert set(charts) == {
        "applicant_status",
        "status",
        "day",
        "stage",
        "subject",
        "finding",
        "to_confirmation",
        "to_decision",
    }
    for slug, chart in charts.items():
        table = page.context["tables"][slug]
        column = table.chart.value_column
        assert chart["values"] == [row[column] for row in table.rows], slug
        assert chart["titles"] == [str(row[0]) for row in table.rows], slug
        assert f'data-chart="{slug}"' in html
    # The findings' long sentences are shortened on the axis only.
    assert all(len(label) <= 18 for label in charts["finding"]["labels"])


def test_the_page_is_tables_with_captions_and_headers_and_no_inline_script(world):
    html = client_for(world, R.PROVINCE_REVIEWER).get(PAGE).content.decode()

    assert html.count('<caption class="visually-hidden">') == 10
    assert '<h3 class="stat-block__title" id="title-finding">资格预检提示</h3>' in html
    assert '<th scope="row" class="fw-normal">网报待确认</th>' in html
    assert '<th scope="col" class="text-nowrap text-end">申请数</th>' in html
    # Scripts are files (CSP script-src 'self'); the only script element in the body is data.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert " style=" not in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/office/statistics.js" in html
    # Charts start hidden: without scripts nothing but the tables shows.
    assert html.count("hidden></figure>") == 8


def test_the_page_takes_the_same_queries_however_many_cases(world):
    reviewer = client_for(world, R.PROVINCE_REVIEWER)
    reviewer.get(PAGE)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as small:
        reviewer.get(PAGE)
    here = world.ours.application.arrangement
    for n in range(6):
        app = ApplicationFactory(arrangement=here, submitted_at=on(22 + n), precheck_findings=[TRAINING, ASSESSMENT])
        decide(app, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, on(24 + n))
    with CaptureQueriesContext(connection) as larger:
        page = reviewer.get(PAGE)

    assert page.context["stats"].total == 11
    assert len(small.captured_queries) == len(larger.captured_queries) == PAGE_QUERIES


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_table_downloads_as_csv_with_the_same_numbers(world):
    reviewer = client_for(world, R.PROVINCE_REVIEWER)
    answer = reviewer.get(reverse("office:statistics_csv", args=["day"]), {"year": "2026"})

    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == 'attachment; filename="statistics-2026-day.csv"'
    assert read_csv(answer) == [["提交日期", "申请数"], ["2026-10-18", "2"], ["2026-10-19", "1"], ["2026-10-20", "2"]]

    by_agency = reviewer.get(
        reverse("office:statistics_csv", args=["applicant_status"]), {"agency": world.extra["licheng"].pk}
    )
    assert read_csv(by_agency)[1] == ["网报待确认", "1", "100.0%"]


def test_a_csv_cell_that_could_start_a_formula_is_made_inert(world):
    formula = Subject.objects.create(tree=SubjectTree.CURRENT, code="x", name="=HYPERLINK(1)", sort_order=9)
    ApplicationFactory(arrangement=world.ours.application.arrangement, submitted_at=on(20), current_subject=formula)

    lines = read_csv(client_for(world, R.PROVINCE_REVIEWER).get(reverse("office:statistics_csv", args=["subject"])))
    assert ["'=HYPERLINK(1)", "1"] in lines


def test_a_csv_with_a_bad_choice_goes_back_to_the_page_which_says_why(world):
    reviewer = client_for(world, R.PROVINCE_REVIEWER)
    answer = reviewer.get(reverse("office:statistics_csv", args=["status"]), {"year": "1999"})

    assert answer.status_code == 302
    assert answer["Location"] == PAGE + "?year=1999"


def test_an_unknown_table_is_not_a_page(world):
    answer = client_for(world, R.PROVINCE_REVIEWER).get("/office/statistics/applicants.csv")
    assert answer.status_code == 404
