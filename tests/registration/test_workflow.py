"""The transition table against a matrix written out by hand (testing.md: honesty).

Every (from, to, actor) triple below is allowed; every other triple of the 13 statuses
and 6 actors is forbidden. Changing the workflow means changing this text on purpose.
"""

from __future__ import annotations

import itertools

import pytest

from teacherreg.registration import workflow
from teacherreg.registration.workflow import Actor, Status

EXPECTED = """
submitted        -> confirmed        : confirmation_operator
submitted        -> returned         : confirmation_operator
submitted        -> withdrawn        : applicant
submitted        -> lapsed           : system
returned         -> submitted        : applicant
returned         -> confirmed        : confirmation_operator
returned         -> withdrawn        : applicant
returned         -> lapsed           : system
confirmed        -> county_review    : county_reviewer
confirmed        -> returned         : county_reviewer
county_review    -> public_notice    : county_reviewer
county_review    -> city_review      : county_reviewer
county_review    -> province_review  : county_reviewer
county_review    -> returned         : county_reviewer
public_notice    -> county_review    : county_reviewer
public_notice    -> city_review      : county_reviewer, system
public_notice    -> province_review  : county_reviewer, system
city_review      -> province_review  : city_reviewer
city_review      -> county_review    : city_reviewer
province_review  -> city_review      : province_reviewer
province_review  -> county_review    : province_reviewer
province_review  -> qualified        : province_reviewer
province_review  -> deferred         : province_reviewer
province_review  -> unqualified      : province_reviewer
qualified        -> province_review  : province_reviewer
deferred         -> province_review  : province_reviewer
unqualified      -> province_review  : province_reviewer
qualified        -> revoked          : province_reviewer
revoked          -> qualified        : province_reviewer
"""


def _expected_triples() -> set[tuple[str, str, str]]:
    triples = set()
    for line in EXPECTED.strip().splitlines():
        move, actors = line.split(":")
        source, target = (part.strip() for part in move.split("->"))
        for actor in actors.split(","):
            triples.add((source, target, actor.strip()))
    return triples


def _actual_triples() -> set[tuple[str, str, str]]:
    return {
        (source.value, t.target.value, actor.value)
        for t in workflow.TRANSITIONS
        for source in t.sources
        for actor in t.actors
    }


def test_it_allows_exactly_the_moves_in_the_matrix():
    assert _actual_triples() == _expected_triples()


@pytest.mark.parametrize(
    ("source", "target", "actor"),
    [
        (s.value, t.value, a.value)
        for s, t, a in itertools.product(Status, Status, Actor)
        if (s.value, t.value, a.value) not in _expected_triples()
    ],
)
def test_it_forbids_every_other_move(source, target, actor):
    moves = workflow.transitions_from(Status(source), Actor(actor))
    assert target not in {m.target.value for m in moves}


def test_it_covers_every_status_and_actor_in_the_matrix():
    triples = _expected_triples()
    assert {s for s, _, _ in triples} | {t for _, t, _ in triples} == {s.value for s in Status}
    assert {a for _, _, a in triples} == {a.value for a in Actor}


def test_final_statuses_leave_only_through_undo_or_revoke():
    """Only the province moves a concluded case: undo a conclusion, revoke, undo a revocation."""
    for t in workflow.TRANSITIONS:
        left_final = t.sources & workflow.FINAL
        if left_final:
            assert t.name in {"undo_conclusion", "revoke", "undo_revocation"}, t.name
    assert not any(t.sources & workflow.NOT_LIVE for t in workflow.TRANSITIONS)


def test_no_proposal_reaches_the_city_or_province_unpublished_where_the_plan_has_a_notice():
    """公示 ordering in the table: 初审中 leaves upwards only with a proposal made, and straight
    up only where the province has no 公示; 公示中 leaves upwards only once the period is over."""
    for t in workflow.TRANSITIONS:
        upwards = t.target in {Status.CITY_REVIEW, Status.PROVINCE_REVIEW}
        if Status.COUNTY_REVIEW in t.sources and upwards:
            assert {workflow.Guard.COUNTY_PROPOSAL_MADE, workflow.Guard.PROVINCE_SKIPS_NOTICE} <= set(t.guards), t.name
        if Status.PUBLIC_NOTICE in t.sources and upwards:
            assert workflow.Guard.NOTICE_PERIOD_OVER in t.guards, t.name
        if t.target == Status.PUBLIC_NOTICE:
            assert {workflow.Guard.COUNTY_PROPOSAL_MADE, workflow.Guard.PROVINCE_HAS_NOTICE} <= set(t.guards), t.name


def test_the_named_groups_are_as_p14_and_p15_say():
    assert workflow.NOT_LIVE == {Status.WITHDRAWN, Status.LAPSED}
    assert workflow.EDITABLE_BY_APPLICANT == {Status.SUBMITTED, Status.RETURNED}
    assert workflow.UNDER_REVIEW == {
        Status.CONFIRMED,
        Status.COUNTY_REVIEW,
        Status.CITY_REVIEW,
        Status.PROVINCE_REVIEW,
    }
    assert workflow.CONCLUDED == {Status.QUALIFIED, Status.DEFERRED, Status.UNQUALIFIED, Status.REVOKED}
    assert len(workflow.LIVE) == 11


@pytest.mark.parametrize(
    ("status", "label", "detail", "acts_next", "editable"),
    [
        ("submitted", "网报待确认", "", "confirmation_operator", True),
        ("returned", "网报待确认", "已退回修改", "applicant", True),
        ("confirmed", "待注册审批", "初审中", "county_reviewer", False),
        ("county_review", "待注册审批", "初审中", "county_reviewer", False),
        ("city_review", "待注册审批", "复核中", "city_reviewer", False),
        ("province_review", "待注册审批", "终审中", "province_reviewer", False),
        ("public_notice", "公示中", "", "", False),
        ("qualified", "注册合格", "", "", False),
        ("deferred", "暂缓注册", "", "applicant", False),
        ("unqualified", "注册不合格", "", "", False),
        ("revoked", "撤销注册", "", "", False),
        ("withdrawn", "已撤回", "", "", False),
        ("lapsed", "逾期未确认", "", "", False),
    ],
)
def test_it_derives_what_the_applicant_sees(status, label, detail, acts_next, editable):
    view = workflow.applicant_view(status)
    assert (view.label, view.detail, view.acts_next, view.editable) == (label, detail, acts_next, editable)


def test_every_transition_needing_a_reason_says_so():
    needs_note = {t.name for t in workflow.TRANSITIONS if t.needs_note}
    assert needs_note == {
        "return_for_changes",
        "send_back_to_applicant",
        "send_back_to_county",
        "send_back_to_previous_level",
        "send_back_to_county_from_province",
        "withdraw_notice",
        "decide_deferred",
        "decide_unqualified",
        "undo_conclusion",
        "revoke",
        "undo_revocation",
    }
