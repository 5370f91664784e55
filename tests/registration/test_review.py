"""The review chain's services (issue 6 item 4; P15, P18, P19): 初审 proposals, the 公示, 复核,
终审, undo and 撤销注册 — each by the right level and refused to every other one."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.registration.models import Decision, DecisionLevel, DecisionOutcome, Message, NoticeObjection
from teacherreg.registration.services import review, review_notice, review_records
from teacherreg.registration.services.precheck import certificate_usability
from teacherreg.registration.services.review_state import final_decision, pending_proposal
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import TRANSITIONS_BY_NAME, Actor, Status
from tests.registration.review_world import NOW, TODAY, build_review_world

pytestmark = pytest.mark.django_db
S = Status
ONE_DAY = datetime.timedelta(days=1)


def shanghai(day: datetime.date, hour: int = 10, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, second, tzinfo=datetime.UTC
    ) - datetime.timedelta(hours=8)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    return build_review_world()


def propose(world, outcome="qualified", **kwargs):
    world.app = review.propose(world.app, outcome=outcome, **world.by("county"), **kwargs)
    return world.app


def published(world) -> None:
    """Proposed 合格 and on the notice from today."""
    propose(world)
    world.app = review_notice.start_notice(world.app, starts_on=TODAY, **world.by("county"))


def at_city(world, clock) -> None:
    published(world)
    clock.move_to(shanghai(TODAY + datetime.timedelta(days=7), 0, 0, 0))  # the day after the 7th day
    world.app = review_notice.end_notice(world.app, **world.by("county"))


def at_province(world, clock) -> None:
    at_city(world, clock)
    world.app = review.city_agree(world.app, **world.by("city"))
    world.app.refresh_from_db()


def status(world) -> str:
    world.app.refresh_from_db()
    return world.app.status


# --- 初审 ----------------------------------------------------------------------------------------


def test_a_county_proposal_waits_for_the_notice_where_the_plan_has_one(world):
    moved = propose(world, "deferred", reasons=["training_hours_short"], note="差 40 学时")
    assert moved.status == S.COUNTY_REVIEW
    proposal = pending_proposal(moved)
    assert (proposal.level, proposal.outcome, proposal.reasons) == ("county", "deferred", ["training_hours_short"])
    assert proposal.decided_by_organisation == world.county
    actions = list(AuditEvent.objects.for_object("registration.application", moved.pk).values_list("action", flat=True))
    assert actions == ["application.transition", "review.decision"]
    # 已确认 → 初审中 reads 待注册审批（初审中） both times: the applicant is not told of it.
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(("levels", "reached"), [(True, S.CITY_REVIEW), (False, S.PROVINCE_REVIEW)])
def test_without_a_notice_period_a_proposal_goes_up_at_once(clock, levels, reached):
    world = build_review_world(city_review=levels, notice_days=0)
    assert propose(world).status == reached


@pytest.mark.parametrize(
    ("outcome", "reasons", "note", "code"),
    [
        ("deferred", [], "", "review_reasons_required"),
        ("unqualified", ["other"], "", "review_other_note_required"),
        ("deferred", ["assessment_failed_twice"], "", "review_reason_invalid"),
        ("qualified", ["training_hours_short"], "", "review_reason_invalid"),
        ("revoked", [], "", "review_outcome_invalid"),
        ("qualified", [], "字" * 2001, "review_note_too_long"),
    ],
)
def test_a_proposal_names_reasons_that_fit_it(world, outcome, reasons, note, code):
    with pytest.raises(DomainError) as refused:
        propose(world, outcome, reasons=reasons, note=note)
    assert refused.value.code == code
    assert status(world) == S.CONFIRMED
    assert not world.app.decisions.exists()


def test_proposing_again_replaces_the_waiting_proposal_by_a_new_record(world):
    propose(world)
    propose(world, "unqualified", reasons=["other"], note="经核实，存在体罚学生情形")
    in_force = world.app.decisions.in_force().filter(level=DecisionLevel.COUNTY)
    assert [d.outcome for d in in_force] == ["unqualified"]
    first = world.app.decisions.get(outcome="qualified")
    assert first.undone_by.outcome == DecisionOutcome.UNDONE


def test_the_county_can_take_back_an_unpublished_proposal_only(world):
    propose(world)
    with pytest.raises(DomainError) as no_reason:
        review.undo_proposal(world.app, note=" ", **world.by("county"))
    assert no_reason.value.code == "review_note_required"
    review.undo_proposal(world.app, note="理由选错了", **world.by("county"))
    assert pending_proposal(world.app) is None
    with pytest.raises(DomainError) as nothing:
        review.undo_proposal(world.app, note="再撤一次", **world.by("county"))
    assert nothing.value.code == "review_nothing_to_undo"


def test_the_county_can_send_a_case_back_to_the_applicant_with_a_message(world):
    moved = review.send_back_to_applicant(world.app, message="请补充上传聘用合同", **world.by("county"))
    assert moved.status == S.RETURNED
    assert Message.objects.get(application=moved).author_organisation == world.county
    assert moved.decisions.get().outcome == DecisionOutcome.RETURNED


# --- 公示 ------------------------------------------------------------------------------------------


def test_a_notice_runs_the_plans_days_from_its_start_and_the_applicant_is_told(world):
    propose(world)
    moved = review_notice.start_notice(world.app, starts_on=TODAY + ONE_DAY, **world.by("county"))
    assert moved.status == S.PUBLIC_NOTICE
    assert (moved.notice_starts_on, moved.notice_ends_on) == (TODAY + ONE_DAY, TODAY + datetime.timedelta(days=7))
    assert OutboxMessage.objects.filter(template="application_status_changed").exists()


@pytest.mark.parametrize("offset", [-1, 31])
def test_a_notice_starts_today_or_within_thirty_days(world, offset):
    propose(world)
    with pytest.raises(DomainError) as refused:
        review_notice.start_notice(world.app, starts_on=TODAY + datetime.timedelta(days=offset), **world.by("county"))
    assert refused.value.code == "review_notice_start_invalid"


def test_nothing_is_published_without_a_proposal_or_without_a_notice_period(clock):
    world = build_review_world()
    world.app = apply_transition(world.app, "start_county_review", actor_role=Actor.COUNTY_REVIEWER)
    with pytest.raises(DomainError) as unproposed:
        review_notice.start_notice(world.app, starts_on=TODAY, **world.by("county"))
    assert unproposed.value.code == "review_proposal_missing"

    no_notice = build_review_world(notice_days=0, status=S.COUNTY_REVIEW)
    Decision.objects.create(application=no_notice.app, level="county", outcome="qualified", decided_at=NOW)
    with pytest.raises(DomainError) as skipped:
        review_notice.start_notice(no_notice.app, starts_on=TODAY, **no_notice.by("county"))
    assert skipped.value.code == "review_province_skips_notice"


def test_the_city_cannot_act_before_the_notice_is_over(world, clock):
    published(world)
    with pytest.raises(DomainError) as early:
        review.city_agree(world.app, **world.by("city"))
    assert early.value.code == "review_not_at_level"
    last_second = shanghai(TODAY + datetime.timedelta(days=6), 23, 59, 59)
    clock.move_to(last_second)
    with pytest.raises(DomainError) as still_on:
        review_notice.end_notice(world.app, **world.by("county"))
    assert still_on.value.code == "notice_not_over"
    clock.move_to(last_second + datetime.timedelta(seconds=1))
    world.app = review_notice.end_notice(world.app, **world.by("county"))
    assert world.app.status == S.CITY_REVIEW
    assert review.city_agree(world.app, **world.by("city")).status == S.PROVINCE_REVIEW


def test_a_notice_ends_in_the_province_where_there_is_no_city_review(clock):
    world = build_review_world(city_review=False)
    published(world)
    clock.move_to(shanghai(TODAY + datetime.timedelta(days=7)))
    assert review_notice.end_notice(world.app, **world.by("county")).status == S.PROVINCE_REVIEW


def test_the_nightly_job_moves_only_notices_that_are_over(world, clock):
    published(world)
    later = world.another_case(status=S.CONFIRMED)
    later = review.propose(later, outcome="qualified", **world.by("county"))
    review_notice.start_notice(later, starts_on=TODAY + datetime.timedelta(days=3), **world.by("county"))
    clock.move_to(shanghai(TODAY + datetime.timedelta(days=7), 0, 20))
    assert review_notice.end_due_notices() == 1
    later.refresh_from_db()
    assert (status(world), later.status) == (S.CITY_REVIEW, S.PUBLIC_NOTICE)
    assert review_notice.end_due_notices() == 0  # a repeated run changes nothing
    event = AuditEvent.objects.filter(action="application.transition", data__transition="end_notice").get()
    assert event.actor is None and event.actor_role == Actor.SYSTEM


def test_withdrawing_a_notice_undoes_the_proposal_and_clears_the_list(world):
    published(world)
    moved = review_notice.withdraw_notice(world.app, note="异议属实，重新审核", **world.by("county"))
    assert moved.status == S.COUNTY_REVIEW
    assert (moved.notice_starts_on, moved.notice_ends_on) == (None, None)
    assert pending_proposal(moved) is None
    assert review_notice.public_list(world.county, TODAY) == []


def test_an_objection_reaches_the_agency_only_while_the_case_is_on_its_list(world):
    with pytest.raises(DomainError) as not_listed:
        review_notice.file_objection(world.county, world.app.number, body="有异议")
    assert not_listed.value.code == "review_objection_not_on_notice"
    published(world)
    objection = review_notice.file_objection(
        world.county, world.app.number, body="该教师 2024 年已离岗", contact_phone="13800138000", ip="10.0.0.9"
    )
    assert objection.agency == world.county and objection.contact_phone == "13800138000"
    assert objection.ip_hash and "10.0.0.9" not in objection.ip_hash
    assert not Message.objects.exists()  # not in the applicant's thread
    assert AuditEvent.objects.filter(action="review.objection_received", data__objection=objection.pk).exists()
    with pytest.raises(DomainError) as empty:
        review_notice.file_objection(world.county, world.app.number, body="  ")
    assert empty.value.code == "review_objection_empty"


def test_objections_from_one_address_are_limited(world):
    published(world)
    for _ in range(5):
        review_notice.file_objection(world.county, world.app.number, body="有异议", ip="10.0.0.7")
    with pytest.raises(DomainError) as refused:
        review_notice.file_objection(world.county, world.app.number, body="有异议", ip="10.0.0.7")
    assert refused.value.code == "review_objection_too_many"
    assert NoticeObjection.objects.count() == 5


# --- 复核 and 终审 -------------------------------------------------------------------------------


def test_the_city_sends_back_with_a_reason_and_the_county_proposes_again(world, clock):
    at_city(world, clock)
    with pytest.raises(DomainError) as no_reason:
        review.city_send_back(world.app, note="", **world.by("city"))
    assert no_reason.value.code == "review_note_required"
    moved = review.city_send_back(world.app, note="培训学时证明与记录不符", **world.by("city"))
    assert moved.status == S.COUNTY_REVIEW
    assert pending_proposal(moved) is None  # the old proposal cannot be published again
    with pytest.raises(DomainError):
        review_notice.start_notice(moved, starts_on=clock_today(), **world.by("county"))


def clock_today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def test_the_province_decides_qualified_and_writes_the_registration_record(world, clock):
    at_province(world, clock)
    moved = review.decide(world.app, outcome="qualified", **world.by("province"))
    assert moved.status == S.QUALIFIED
    assert final_decision(moved).decided_by_organisation == world.province
    record = RegistrationRecord.objects.get(application_number=moved.number)
    decided = clock_today()
    assert (record.conclusion, record.decided_on, record.ordinal) == (Conclusion.QUALIFIED, decided, 1)
    assert (record.valid_from, record.valid_until) == (decided, datetime.date(2031, 11, 16))
    notice = OutboxMessage.objects.filter(template="application_status_changed").latest("pk")
    assert "注册合格" in notice.params["status_label"]


@pytest.mark.parametrize("outcome", ["deferred", "unqualified"])
def test_deferred_and_unqualified_are_recorded_without_validity_or_number(world, clock, outcome):
    at_province(world, clock)
    reason = "training_hours_short" if outcome == "deferred" else "assessment_failed_twice"
    with pytest.raises(DomainError) as bare:
        review.decide(world.app, outcome=outcome, **world.by("province"))
    assert bare.value.code == "review_reasons_required"
    moved = review.decide(world.app, outcome=outcome, reasons=[reason], **world.by("province"))
    assert moved.status == outcome
    record = RegistrationRecord.objects.get(application_number=moved.number)
    assert (record.conclusion, record.valid_from, record.ordinal) == (outcome, None, None)
    event = AuditEvent.objects.filter(action="application.transition", data__to=outcome).get()
    assert event.data["note"]  # the reasons in words stand in for an empty opinion


@pytest.mark.parametrize(("city", "back_to"), [(True, S.CITY_REVIEW), (False, S.COUNTY_REVIEW)])
def test_the_province_sends_back_one_level(clock, city, back_to):
    world = build_review_world(city_review=city, notice_days=0)
    propose(world)
    if city:
        world.app = review.city_agree(world.app, **world.by("city"))
    world.app.refresh_from_db()
    assert review.province_send_back(world.app, note="请核实师德考核", **world.by("province")).status == back_to


# --- P18 validity at its boundaries --------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "previous_end", "start", "end"),
    [
        (datetime.date(2026, 11, 10), None, datetime.date(2026, 11, 10), datetime.date(2031, 11, 9)),
        # The previous registration ended the day before: no gap, no overlap.
        (
            datetime.date(2026, 11, 10),
            datetime.date(2026, 11, 9),
            datetime.date(2026, 11, 10),
            datetime.date(2031, 11, 9),
        ),
        # Ending on the decision day itself: the new one starts the day after.
        (
            datetime.date(2026, 11, 10),
            datetime.date(2026, 11, 10),
            datetime.date(2026, 11, 11),
            datetime.date(2031, 11, 10),
        ),
        # Renewed early (P19's six months): nothing is lost.
        (
            datetime.date(2026, 11, 10),
            datetime.date(2027, 3, 31),
            datetime.date(2027, 4, 1),
            datetime.date(2032, 3, 31),
        ),
        # Long expired: from the decision.
        (
            datetime.date(2026, 11, 10),
            datetime.date(2020, 1, 1),
            datetime.date(2026, 11, 10),
            datetime.date(2031, 11, 9),
        ),
        # Leap days: five years from 29 Feb ends on 28 Feb; from 1 Mar 2027 on 29 Feb 2032.
        (datetime.date(2028, 2, 29), None, datetime.date(2028, 2, 29), datetime.date(2033, 2, 28)),
        (datetime.date(2027, 3, 1), None, datetime.date(2027, 3, 1), datetime.date(2032, 2, 29)),
    ],
)
def test_p18_validity_runs_five_years_from_the_later_start(decided, previous_end, start, end):
    assert review_records.validity(decided, previous_end) == (start, end)


def test_an_early_renewal_starts_the_day_after_the_previous_registration(world, clock):
    previous = RegistrationRecord.objects.create(
        certificate=world.app.certificate,
        conclusion=Conclusion.QUALIFIED,
        ordinal=2,
        decided_on=datetime.date(2022, 3, 1),
        valid_from=datetime.date(2022, 4, 1),
        valid_until=datetime.date(2027, 3, 31),
    )
    RegistrationRecord.objects.create(
        certificate=world.app.certificate,
        conclusion=Conclusion.QUALIFIED,
        ordinal=1,
        decided_on=datetime.date(2017, 3, 1),
    )
    at_province(world, clock)
    world.app = review.decide(world.app, outcome="qualified", **world.by("province"))
    record = RegistrationRecord.objects.get(application_number=world.app.number)
    assert (record.valid_from, record.valid_until) == (previous.valid_until + ONE_DAY, datetime.date(2032, 3, 31))
    assert record.ordinal == 3  # "第 3 次"
    assert review_records.registration_count(world.app.certificate_id) == 3


# --- undo and 撤销注册 -----------------------------------------------------------------------------


def test_undo_takes_the_case_back_and_every_count_ignores_the_undone_conclusion(world, clock):
    at_province(world, clock)
    world.app = review.decide(world.app, outcome="qualified", **world.by("province"))
    with pytest.raises(DomainError) as no_reason:
        review.undo_conclusion(world.app, note="", **world.by("province"))
    assert no_reason.value.code == "review_note_required"
    moved = review.undo_conclusion(world.app, note="结论录入错误", **world.by("province"))
    assert moved.status == S.PROVINCE_REVIEW
    undone = moved.decisions.get(level="province", outcome="qualified")
    assert undone.undone_by.outcome == DecisionOutcome.UNDONE and final_decision(moved) is None
    assert not RegistrationRecord.objects.filter(application_number=moved.number).exists()
    removed = AuditEvent.objects.get(action="registration_record.removed")
    assert removed.data["ordinal"] == 1 and removed.data["valid_from"] == clock_today().isoformat()

    review.decide(moved, outcome="qualified", **world.by("province"))
    assert review_records.registration_count(moved.certificate_id) == 1  # not 2
    assert RegistrationRecord.objects.get(application_number=moved.number).ordinal == 1
    finals = Decision.objects.in_force().filter(level="province", outcome__in=["qualified", "deferred", "unqualified"])
    assert finals.count() == 1


def test_revoking_a_registration_blocks_a_new_one_for_five_years(world, clock):
    at_province(world, clock)
    world.app = review.decide(world.app, outcome="qualified", **world.by("province"))
    with pytest.raises(DomainError) as bare:
        review.revoke_registration(world.app, reasons=[], **world.by("province"))
    assert bare.value.code == "review_reasons_required"
    moved = review.revoke_registration(world.app, reasons=["fraudulent_materials"], **world.by("province"))
    assert moved.status == S.REVOKED
    decided = clock_today()
    revoked = RegistrationRecord.objects.get(application_number=moved.number, conclusion=Conclusion.REVOKED)
    assert revoked.decided_on == decided
    assert RegistrationRecord.objects.filter(application_number=moved.number, conclusion="qualified").exists()

    certificate = moved.certificate
    five_years = decided.replace(year=decided.year + 5)
    blocked = certificate_usability(certificate, five_years - ONE_DAY, year=five_years.year)
    assert not blocked.usable and blocked.reason.code == "precheck_registration_revoked"
    assert blocked.reason.params["until"] == five_years
    # On the fifth anniversary the revocation no longer blocks (P19); the 合格 it revoked ended.
    after = certificate_usability(certificate, five_years, year=five_years.year)
    assert after.reason is None or after.reason.code != "precheck_registration_revoked"
    with pytest.raises(DomainError) as again:
        review.undo_conclusion(moved, note="撤销错了", **world.by("province"))
    assert again.value.code == "review_not_at_level"


def test_a_revocation_made_in_error_is_undone_by_a_new_record(world, clock):
    at_province(world, clock)
    world.app = review.decide(world.app, outcome="qualified", **world.by("province"))
    revoked = review.revoke_registration(world.app, reasons=["registered_in_error"], **world.by("province"))
    with pytest.raises(DomainError) as bare:
        review.undo_revocation(revoked, note="", **world.by("province"))
    assert bare.value.code == "review_note_required"

    restored = review.undo_revocation(revoked, note="核实后撤销注册有误", **world.by("province"))

    assert restored.status == S.QUALIFIED
    assert not RegistrationRecord.objects.filter(application_number=restored.number, conclusion="revoked").exists()
    qualified = RegistrationRecord.objects.get(application_number=restored.number, conclusion="qualified")
    assert qualified.ordinal == 1
    revocation = Decision.objects.get(application=restored, outcome="revoked")
    assert revocation.undone_by is not None and revocation.undone_by.note == "核实后撤销注册有误"
    assert AuditEvent.objects.filter(action="registration_record.removed", data__conclusion="revoked").exists()
    usable = certificate_usability(restored.certificate, clock_today(), year=clock_today().year)
    assert usable.reason is None or usable.reason.code != "precheck_registration_revoked"


def test_only_a_qualified_registration_can_be_revoked(world, clock):
    at_province(world, clock)
    world.app = review.decide(world.app, outcome="deferred", reasons=["teaching_suspended"], **world.by("province"))
    with pytest.raises(DomainError) as refused:
        review.revoke_registration(world.app, reasons=["fraudulent_materials"], **world.by("province"))
    assert refused.value.code == "review_not_at_level"


# --- every other level is refused -----------------------------------------------------------------

LEVELS = ("county", "city", "province")


def _steps(world, clock, name: str, level: str):
    """How to bring the case to where ``name`` applies, and the call of it as ``level``."""
    by = world.by(level)
    calls = {
        "propose": (lambda: None, lambda: propose_as(world, by)),
        "start_notice": (lambda: propose(world), lambda: review_notice.start_notice(world.app, starts_on=TODAY, **by)),
        "end_notice": (
            lambda: (published(world), clock.move_to(shanghai(TODAY + datetime.timedelta(days=8)))),
            lambda: review_notice.end_notice(world.app, **by),
        ),
        "withdraw_notice": (
            lambda: published(world),
            lambda: review_notice.withdraw_notice(world.app, note="撤回", **by),
        ),
        "city_agree": (lambda: at_city(world, clock), lambda: review.city_agree(world.app, **by)),
        "city_send_back": (lambda: at_city(world, clock), lambda: review.city_send_back(world.app, note="退回", **by)),
        "decide": (lambda: at_province(world, clock), lambda: review.decide(world.app, outcome="qualified", **by)),
        "province_send_back": (
            lambda: at_province(world, clock),
            lambda: review.province_send_back(world.app, note="退回", **by),
        ),
        "undo_conclusion": (
            lambda: (at_province(world, clock), decide_qualified(world)),
            lambda: review.undo_conclusion(world.app, note="撤销", **by),
        ),
        "revoke": (
            lambda: (at_province(world, clock), decide_qualified(world)),
            lambda: review.revoke_registration(world.app, reasons=["registered_in_error"], **by),
        ),
        "undo_revocation": (
            lambda: (at_province(world, clock), decide_qualified(world), revoke_it(world)),
            lambda: review.undo_revocation(world.app, note="撤销错了", **by),
        ),
    }
    return calls[name]


def propose_as(world, by):
    return review.propose(world.app, outcome="qualified", **by)


def revoke_it(world):
    world.app.refresh_from_db()
    world.app = review.revoke_registration(world.app, reasons=["registered_in_error"], **world.by("province"))


def decide_qualified(world):
    world.app.refresh_from_db()
    world.app = review.decide(world.app, outcome="qualified", **world.by("province"))


OWNER = {
    "propose": "county",
    "start_notice": "county",
    "end_notice": "county",
    "withdraw_notice": "county",
    "city_agree": "city",
    "city_send_back": "city",
    "decide": "province",
    "province_send_back": "province",
    "undo_conclusion": "province",
    "revoke": "province",
    "undo_revocation": "province",
}
CASES = [(name, level) for name in OWNER for level in LEVELS]


@pytest.mark.parametrize(("name", "level"), CASES, ids=[f"{n}-by-{lv}" for n, lv in CASES])
def test_each_step_is_taken_by_its_own_level_only(world, clock, name, level):
    prepare, act = _steps(world, clock, name, level)
    prepare()
    world.app.refresh_from_db()
    if level == OWNER[name]:
        act()  # no refusal
        return
    before = (AuditEvent.objects.count(), Decision.objects.count())
    with pytest.raises(DomainError) as refused:
        act()
    assert refused.value.code == "review_not_this_agency"
    assert (AuditEvent.objects.count(), Decision.objects.count()) == before


REVIEW_MOVES = [
    "start_county_review",
    "start_notice",
    "pass_county_review",
    "pass_county_review_to_province",
    "withdraw_notice",
    "end_notice",
    "end_notice_to_province",
    "pass_city_review",
    "send_back_to_county",
    "send_back_to_previous_level",
    "send_back_to_county_from_province",
    "decide_qualified",
    "decide_deferred",
    "decide_unqualified",
    "undo_conclusion",
    "revoke",
    "undo_revocation",
]
ROLE_CASES = [
    (name, actor) for name in REVIEW_MOVES for actor in Actor if actor not in TRANSITIONS_BY_NAME[name].actors
]


@pytest.mark.parametrize(("name", "actor"), ROLE_CASES, ids=[f"{n}-{a.value}" for n, a in ROLE_CASES])
def test_the_writer_refuses_every_role_the_table_does_not_name(name, actor):
    from tests.factories import ApplicationFactory

    source = sorted(TRANSITIONS_BY_NAME[name].sources)[0]
    app = ApplicationFactory(status=source)
    with pytest.raises(DomainError) as refused:
        apply_transition(app, name, actor_role=actor, note="说明")
    assert refused.value.code == "transition_role_not_allowed"
    app.refresh_from_db()
    assert app.status == source
