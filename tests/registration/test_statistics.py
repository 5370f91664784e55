"""The statistics functions (issue 6 item 8): counts by status, day, stage and subject, pre-check
findings, and days to confirmation and to decision, over whatever applications they are given.

Times are written in UTC with the Asia/Shanghai wall-clock time beside them: days are counted
in Shanghai, so a case submitted at 00:30 and confirmed at 09:00 the same Shanghai day took 0
days although the two UTC dates differ.

Decisions are written directly here, each followed by the recomputation the services do
(``milestones.refresh``); that the services do it is tested in ``test_milestones``."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q

from teacherreg.organisations.models import Organisation
from teacherreg.reference.models import Subject, SubjectTree
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.services import milestones
from teacherreg.registration.services import statistics as stats
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, ArrangementFactory, TeachingStageFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def arrangement():
    return ArrangementFactory()


def case(arrangement, **kwargs) -> Application:
    return ApplicationFactory(arrangement=arrangement, **kwargs)


def decide(app: Application, level: str, outcome: str, when: datetime.datetime) -> Decision:
    decision = Decision.objects.create(application=app, level=level, outcome=outcome, decided_at=when)
    milestones.refresh(app)
    return decision


def undo(decision: Decision, when: datetime.datetime) -> None:
    undoing = decide(decision.application, decision.level, DecisionOutcome.UNDONE, when)
    Decision.objects.filter(pk=decision.pk).update(undone_by=undoing)
    milestones.refresh(decision.application)


def confirm(app: Application, when: datetime.datetime) -> Decision:
    return decide(app, DecisionLevel.CONFIRMATION, DecisionOutcome.CONFIRMED, when)


def everything() -> stats.Statistics:
    return stats.statistics_for(Application.objects.all())


# --- statuses ------------------------------------------------------------------------------------


def test_it_counts_every_status_and_what_the_applicant_sees(arrangement):
    for status in (Status.SUBMITTED, Status.SUBMITTED, Status.RETURNED, Status.COUNTY_REVIEW, Status.CITY_REVIEW):
        case(arrangement, status=status)
    case(arrangement, status=Status.QUALIFIED)

    statuses = {row.status: row.count for row in stats.by_status(Application.objects.all())}
    assert len(statuses) == len(Status)  # zeros are listed too
    assert statuses["submitted"] == 2
    assert statuses["returned"] == 1
    assert statuses["county_review"] == 1
    assert statuses["city_review"] == 1
    assert statuses["qualified"] == 1
    assert statuses["lapsed"] == 0

    seen = {row.label: row.count for row in stats.by_applicant_status(stats.by_status(Application.objects.all()))}
    assert seen["网报待确认"] == 3  # submitted and returned
    assert seen["待注册审批"] == 2  # county and city review
    assert seen["注册合格"] == 1
    assert seen["逾期未确认"] == 0
    assert list(seen)[:2] == ["网报待确认", "待注册审批"]


def test_it_counts_a_case_once_when_the_queryset_repeats_it(arrangement):
    app = case(arrangement, status=Status.CONFIRMED)
    confirm(app, at(10, 2))
    confirm(app, at(12, 2))
    repeated = Application.objects.filter(decisions__level=DecisionLevel.CONFIRMATION)
    assert repeated.count() == 2  # the join lists the case once per decision

    assert {row.status: row.count for row in stats.by_status(repeated)}["confirmed"] == 1
    assert stats.to_confirmation(repeated).cases == 1


def test_a_queryset_of_the_application_table_alone_is_counted_as_it_is(arrangement):
    # Lookups through a relation that end on the application's own column (as the office
    # scope's ``agency__in`` and ``confirmation_point__in`` do) leave unused joins behind in
    # the query, which must not make it look joined (and wrapped: the table read twice).
    app = case(arrangement)
    agencies = Organisation.objects.filter(pk=app.agency_id).values("pk")
    scoped = Application.objects.filter(Q(confirmation_point__in=[app.confirmation_point_id]) | Q(agency__in=agencies))
    assert str(stats.distinct_cases(scoped).query) == str(scoped.order_by().query)

    joined = Application.objects.filter(decisions__level=DecisionLevel.CONFIRMATION)
    assert str(stats.distinct_cases(joined).query) != str(joined.order_by().query)


def test_it_counts_only_the_applications_it_is_given(arrangement):
    ours = case(arrangement)
    case(ArrangementFactory())  # another agency's

    result = stats.statistics_for(Application.objects.filter(agency=ours.agency))
    assert result.total == 1


# --- days ----------------------------------------------------------------------------------------


def test_it_counts_submissions_per_shanghai_day_with_empty_days_listed(arrangement):
    case(arrangement, submitted_at=at(8, 15, 59))  # 08 Oct 23:59 Shanghai
    case(arrangement, submitted_at=at(8, 16, 1))  # 09 Oct 00:01
    case(arrangement, submitted_at=at(9, 3))  # 09 Oct 11:00
    case(arrangement, submitted_at=at(11, 1))  # 11 Oct 09:00

    days = [(row.day.isoformat(), row.count) for row in stats.by_submission_day(Application.objects.all())]
    assert days == [("2026-10-08", 1), ("2026-10-09", 2), ("2026-10-10", 0), ("2026-10-11", 1)]


def test_no_applications_means_no_days():
    assert stats.by_submission_day(Application.objects.all()) == ()


# --- stages and subjects -------------------------------------------------------------------------


def test_it_counts_by_stage_and_subject_in_the_reference_order(arrangement):
    primary = TeachingStageFactory(code="2", name="小学", sort_order=2)
    junior = TeachingStageFactory(code="3", name="初级中学", sort_order=3)
    chinese = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese", name="语文", sort_order=1)
    maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-maths", name="数学", sort_order=2)
    junior_maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="j-maths", name="数学", sort_order=2)
    case(arrangement, current_stage=junior, current_subject=junior_maths)
    case(arrangement, current_stage=primary, current_subject=maths)
    case(arrangement, current_stage=primary, current_subject=chinese)
    case(arrangement, current_stage=primary, current_subject=chinese)
    case(arrangement, current_stage=primary, current_subject=None)

    result = everything()
    assert [(r.stage, r.subject, r.count) for r in result.stage_subjects] == [
        ("小学", "语文", 2),
        ("小学", "数学", 1),
        ("小学", "", 1),
        ("初级中学", "数学", 1),
    ]
    assert [(r.label, r.count) for r in result.stages] == [("小学", 4), ("初级中学", 1)]
    # The same subject name in two stages is one subject to staff; no subject comes last.
    assert [(r.label, r.count) for r in result.subjects] == [("数学", 2), ("语文", 2), ("", 1)]


def test_subjects_of_one_name_in_a_stage_are_one_row_as_staff_read_them(arrangement):
    primary = TeachingStageFactory(code="2", name="小学", sort_order=2)
    current = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese", name="语文", sort_order=3)
    older = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese-old", name="语文", sort_order=1)
    maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-maths", name="数学", sort_order=2)
    for subject in (current, older, maths, current):
        case(arrangement, current_stage=primary, current_subject=subject)

    rows = [(r.stage, r.subject, r.count) for r in everything().stage_subjects]
    assert rows == [("小学", "语文", 3), ("小学", "数学", 1)]  # 语文 takes the lower order of its two


# --- pre-check findings --------------------------------------------------------------------------

TRAINING = {"code": "precheck_training_short", "severity": "warning", "params": {"start_year": 2021, "hours": 240}}
ASSESSMENT = {"code": "precheck_assessment_failed", "severity": "warning", "params": {"years": "2023"}}
PRIVATE = {"code": "precheck_private_school", "severity": "warning", "params": {"school": "济南市明德学校"}}


def test_it_counts_applications_per_finding_once_each(arrangement):
    case(arrangement, precheck_findings=[TRAINING, ASSESSMENT])
    case(arrangement, precheck_findings=[TRAINING, TRAINING])  # listed twice, one application
    case(arrangement, precheck_findings=[PRIVATE])
    case(arrangement, precheck_findings=[])

    result = stats.by_finding(Application.objects.all())
    assert result.applications == 3
    assert [(row.code, row.severity, row.applications) for row in result.codes] == [
        ("precheck_training_short", "warning", 2),
        ("precheck_assessment_failed", "warning", 1),
        ("precheck_private_school", "warning", 1),
    ]


def test_a_findings_text_is_the_catalogues_without_any_applicants_particulars(arrangement):
    case(arrangement, precheck_findings=[PRIVATE, TRAINING])

    texts = {row.code: row.text for row in stats.by_finding(Application.objects.all()).codes}
    assert texts["precheck_private_school"] == "您填写的任教学校是“…”。本省没有把民办学校教师纳入定期注册范围。"
    assert texts["precheck_training_short"].startswith("本注册周期（… 年起）记录的培训学时共 … 学时")
    assert "济南市明德学校" not in "".join(texts.values())
    assert "240" not in "".join(texts.values())


def test_an_unknown_finding_code_is_counted_under_its_code(arrangement):
    case(arrangement, precheck_findings=[{"code": "precheck_retired_rule", "severity": "warning"}, "garbage"])

    (row,) = stats.by_finding(Application.objects.all()).codes
    assert (row.code, row.text, row.applications) == ("precheck_retired_rule", "precheck_retired_rule", 1)


# --- days to confirmation and to decision ------------------------------------------------------


def test_days_to_confirmation_count_shanghai_days_to_the_first_confirmation_in_force(arrangement):
    same_day = case(arrangement, submitted_at=at(9, 16, 30))  # 10 Oct 00:30 Shanghai
    confirm(same_day, at(10, 1))  # 10 Oct 09:00: 0 days (the UTC dates differ)
    twice = case(arrangement, submitted_at=at(10, 2))  # 10 Oct
    confirm(twice, at(12, 2))  # 12 Oct: 2 days
    confirm(twice, at(20, 2))  # confirmed again after being sent back: still 2
    undone = case(arrangement, submitted_at=at(10, 2))
    undo(confirm(undone, at(11, 2)), at(11, 3))  # undone: not confirmed
    returned = case(arrangement, submitted_at=at(10, 2))
    decide(returned, DecisionLevel.CONFIRMATION, DecisionOutcome.RETURNED, at(11, 2))
    case(arrangement, submitted_at=at(10, 2))  # not yet at the point

    result = stats.to_confirmation(Application.objects.all())
    assert result.cases == 2
    assert result.histogram == ((0, 1), (2, 1))
    assert result.median == 1.0
    assert result.p90 == pytest.approx(1.8)


def test_days_to_decision_count_the_final_conclusion_in_force_only(arrangement):
    quick = case(arrangement, submitted_at=at(10, 2))
    decide(quick, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, at(20, 2))  # 10 days
    redecided = case(arrangement, submitted_at=at(10, 2))
    first = decide(redecided, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, at(15, 2))
    undo(first, at(16, 2))
    decide(redecided, DecisionLevel.PROVINCE, DecisionOutcome.DEFERRED, at(30, 2))  # 20 days
    proposed = case(arrangement, submitted_at=at(10, 2))
    decide(proposed, DecisionLevel.COUNTY, DecisionOutcome.QUALIFIED, at(12, 2))  # only 初审's proposal
    late = case(arrangement, submitted_at=at(10, 2))
    decide(late, DecisionLevel.PROVINCE, DecisionOutcome.UNQUALIFIED, at(9, 2, month=11))  # 30 days

    result = stats.to_decision(Application.objects.all())
    assert result.histogram == ((10, 1), (20, 1), (30, 1))
    assert (result.cases, result.median, result.p90) == (3, 20.0, 28.0)


def test_nothing_decided_has_no_median():
    result = stats.to_decision(Application.objects.all())
    assert (result.cases, result.median, result.p90, result.histogram) == (0, None, None, ())


@pytest.mark.parametrize(
    ("histogram", "q", "expected"),
    [
        (((3, 1),), 0.5, 3.0),
        (((1, 1), (2, 1), (3, 1), (4, 1)), 0.5, 2.5),
        (((1, 1), (2, 1), (3, 1), (4, 1)), 0.9, 3.7),
        (((0, 9), (10, 1)), 0.5, 0.0),
        (((0, 9), (10, 1)), 0.9, 1.0),
        (((5, 2), (1, 2)), 0.5, 3.0),  # order of the histogram does not matter
        (((2, 0), (4, 1)), 0.5, 4.0),  # empty bins are skipped
        ((), 0.5, None),
    ],
)
def test_percentiles_interpolate_between_the_nearest_ranks(histogram, q, expected):
    result = stats.percentile(histogram, q)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_a_percentile_outside_zero_to_one_is_a_programming_error():
    with pytest.raises(ValueError):
        stats.percentile(((1, 1),), 1.5)


# --- all at once ---------------------------------------------------------------------------------


def test_everything_takes_the_same_few_queries_however_many_applications(arrangement, django_assert_num_queries):
    # With a subject, so that the names of stages and of subjects are both looked up.
    chinese = Subject.objects.create(tree=SubjectTree.CURRENT, code="p-chinese", name="语文", sort_order=1)

    def one_more(n: int) -> None:
        app = case(arrangement, submitted_at=at(10 + n, 2), precheck_findings=[TRAINING], current_subject=chinese)
        confirm(app, at(12 + n, 2))
        decide(app, DecisionLevel.PROVINCE, DecisionOutcome.QUALIFIED, at(20 + n, 2))

    one_more(0)
    with django_assert_num_queries(8):
        small = everything()
    for n in range(1, 6):
        one_more(n)
    with django_assert_num_queries(8) as captured:
        larger = everything()
    # The durations are read from the moments kept on each case, not from its decisions.
    assert not any("registration_decision" in query["sql"] for query in captured.captured_queries)
    assert (small.total, larger.total) == (1, 6)
    assert larger.findings.codes[0].applications == 6
    assert larger.findings.applications == 6
    assert (larger.to_confirmation.median, larger.to_decision.median) == (2.0, 10.0)
    assert len(larger.days) == 6
