"""The confirmation-point desk: the work queue, the case page, the actions, bulk confirm and the
roster (issue 6 item 3). The operator is our region's confirmation operator in ``office_world``;
the factory arrangement confirms from 2026-10-08 to 2026-10-30 (Asia/Shanghai)."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common.masking import mask
from teacherreg.office import desk_queries
from teacherreg.reference.models import Subject, SubjectTree
from teacherreg.registration.models import Application, Message
from teacherreg.registration.pdf import content as form_content
from teacherreg.registration.services.confirmation import confirm_at_point
from teacherreg.registration.services.materials import materials_for
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, CertificateFactory, TeachingStageFactory
from tests.office.office_world import build_office_world, office_client
from tests.registration.steps_world import jpeg_bytes

pytestmark = pytest.mark.django_db

IN_DATES = datetime.datetime(2026, 10, 15, 2, 0, tzinfo=datetime.UTC)
SECOND_BEFORE = datetime.datetime(2026, 10, 7, 15, 59, 59, tzinfo=datetime.UTC)  # 07 Oct 23:59:59 Shanghai
FIRST_SECOND = datetime.datetime(2026, 10, 7, 16, 0, 0, tzinfo=datetime.UTC)  # 08 Oct 00:00:00
LAST_SECOND = datetime.datetime(2026, 10, 30, 15, 59, 59, tzinfo=datetime.UTC)  # 30 Oct 23:59:59
SECOND_AFTER = datetime.datetime(2026, 10, 30, 16, 0, 0, tzinfo=datetime.UTC)  # 31 Oct 00:00:00
QUEUE = reverse("office:desk_queue")
# Neither counts a session write: the session is saved only when it changes (session_policy).
QUEUE_QUERIES = 6  # the subject filter's choices come from the cache (desk_queue._subjects)
CASE_QUERIES = 15  # 9 for the page, 6 for its timeline (registration.services.case_timeline)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock():
    with time_machine.travel(IN_DATES, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock):
    return build_office_world()


@pytest.fixture
def operator(world):
    return world.ours.staff[StaffRole.CONFIRMATION_OPERATOR]


@pytest.fixture
def desk(operator):
    return office_client(operator)


def case_at(world, **kwargs) -> Application:
    """Another case at our point."""
    return ApplicationFactory(arrangement=world.ours.application.arrangement, **kwargs)


def numbers(response) -> list[str]:
    return [row.application.number for row in response.context["rows"]]


def case_url(app: Application, name: str = "desk_case") -> str:
    return reverse(f"office:{name}", args=[app.number])


def everything(app: Application) -> list[str]:
    return [item.code for item in materials_for(app)]


# --- the queue ---------------------------------------------------------------------------------


def test_the_queue_shows_the_points_cases_awaiting_confirmation_by_default(desk, world):
    ours = world.ours.application
    returned = case_at(world, status=Status.RETURNED)
    confirmed = case_at(world, status=Status.CONFIRMED)

    assert numbers(desk.get(QUEUE)) == sorted([ours.number, returned.number])
    assert numbers(desk.get(QUEUE, {"status": "confirmed"})) == [confirmed.number]
    everything_here = numbers(desk.get(QUEUE, {"status": "all"}))
    assert everything_here == sorted([ours.number, returned.number, confirmed.number])
    assert world.theirs.application.number not in everything_here


def test_the_queue_masks_id_numbers_and_flags_what_needs_a_look(desk, world):
    pending = case_at(
        world,
        certificate=CertificateFactory(source=CertificateSource.MANUAL, verification_state=VerificationState.PENDING),
        precheck_findings=[{"code": "precheck_training_short", "severity": "warning", "params": {"hours": 120}}],
    )
    page = desk.get(QUEUE).content.decode()
    assert mask("document_number", pending.document_number) in page
    assert pending.document_number not in page
    assert "证书待核对" in page and "预检提示 1 条" in page


def test_a_queue_row_is_written_out_with_every_value_escaped(desk, world):
    """The rows are written in Python (common.table_rows, issue 7): the markup the template
    wrote, a hostile name escaped, the link, the checkbox and the time in Shanghai."""
    hostile = case_at(
        world,
        name='<script>alert("x")</script>',
        submitted_at=datetime.datetime(2026, 10, 9, 16, 1, tzinfo=datetime.UTC),
    )
    page = desk.get(QUEUE).content.decode()
    row = re.search(rf"<tr><td data-label=\"选择\">.{{0,300}}{hostile.number}.*?</tr>", page, re.S).group(0)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row
    assert f'<a href="{case_url(hostile)}">{hostile.number}</a>' in row
    assert f'value="{hostile.number}:{hostile.version}"' in row and f'aria-label="选择 {hostile.number}"' in row
    assert '<td class="text-nowrap" data-label="提交时间">2026-10-10 00:01</td>' in row
    assert '<span class="desk-flags"><span class="text-muted-strong">—</span></span>' in row

    desk.cookies["django_language"] = "en"  # the labels are translated once per page, in its language
    english = desk.get(QUEUE).content.decode()
    assert '<td data-label="Select">' in english and 'data-label="Application number"' in english
    assert 'data-label="选择"' not in english


def test_the_queue_filters_by_submission_day_in_shanghai(desk, world):
    late_evening = case_at(world, submitted_at=datetime.datetime(2026, 10, 9, 15, 59, tzinfo=datetime.UTC))
    after_midnight = case_at(world, submitted_at=datetime.datetime(2026, 10, 9, 16, 1, tzinfo=datetime.UTC))

    assert numbers(desk.get(QUEUE, {"submitted_to": "2026-10-09"})) == [late_evening.number]
    assert numbers(desk.get(QUEUE, {"submitted_from": "2026-10-10", "submitted_to": "2026-10-10"})) == [
        after_midnight.number
    ]


def test_the_queue_filters_by_stage_subject_and_flags(desk, world):
    junior = TeachingStageFactory(code="3", name="初级中学", sort_order=3)
    maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="j-maths", name="数学", stage=junior)
    by_stage = case_at(world, current_stage=junior, current_subject=maths)
    pending = case_at(
        world,
        certificate=CertificateFactory(source=CertificateSource.MANUAL, verification_state=VerificationState.PENDING),
    )
    case_at(world, certificate=CertificateFactory(source=CertificateSource.MANUAL))  # verified: no flag
    warned = case_at(world, precheck_findings=[{"code": "precheck_ethics_missing", "severity": "warning"}])

    assert numbers(desk.get(QUEUE, {"stage": junior.pk})) == [by_stage.number]
    assert numbers(desk.get(QUEUE, {"subject": maths.pk})) == [by_stage.number]
    assert numbers(desk.get(QUEUE, {"pending_certificate": "on"})) == [pending.number]
    assert numbers(desk.get(QUEUE, {"precheck_warnings": "on"})) == [warned.number]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"submitted_from": "2026-02-30"}, "submitted_from"),
        ({"status": "approved"}, "status"),
        ({"stage": "abc"}, "stage"),
        ({"subject": "999999"}, "subject"),
        ({"submitted_from": "2026-10-12", "submitted_to": "2026-10-11"}, "submitted_to"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filters_are_answered_with_a_message_not_an_error(desk, world, query, field):
    response = desk.get(QUEUE, query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    # The filters are ignored, the default list stays.
    assert numbers(response) == [world.ours.application.number]


def test_a_typed_number_or_a_scanned_qr_code_opens_the_case(desk, world):
    app = world.ours.application
    for typed in (app.number, f" {app.number} ", f"https://jszg.example.cn/office/applications/{app.number}/"):
        response = desk.get(QUEUE, {"q": typed})
        assert response.status_code == 302 and response["Location"] == case_url(app), typed


def test_a_search_looks_beyond_the_cases_awaiting_confirmation_unless_a_status_is_chosen(desk, world):
    confirmed = case_at(world, status=Status.CONFIRMED, name="欧阳明")
    assert desk.get(QUEUE, {"q": confirmed.number})["Location"] == case_url(confirmed)
    assert numbers(desk.get(QUEUE, {"q": "欧阳"})) == [confirmed.number]
    assert numbers(desk.get(QUEUE, {"q": "欧阳", "status": "awaiting"})) == []


def test_another_regions_number_finds_nothing_and_says_so(desk, world):
    response = desk.get(QUEUE, {"q": world.theirs.application.number})
    assert response.status_code == 200 and numbers(response) == []
    assert "没有找到符合条件的申请" in response.content.decode()


def test_search_finds_by_name_part_of_the_number_certificate_and_id_number(desk, world):
    named = case_at(world, name="欧阳明")
    old_certificate = CertificateFactory(number_as_printed="200511001234567")  # 15 digits, stored with 19
    by_old = case_at(world, certificate=old_certificate)
    ours = world.ours.application

    assert numbers(desk.get(QUEUE, {"q": "欧阳"})) == [named.number]
    assert desk.get(QUEUE, {"q": "200511001234567"})["Location"] == case_url(by_old)
    assert desk.get(QUEUE, {"q": ours.certificate_key})["Location"] == case_url(ours)
    # The ID number is encrypted: found through its blind index, as typed on an ID card reader.
    assert desk.get(QUEUE, {"q": ours.document_number.lower()})["Location"] == case_url(ours)
    assert numbers(desk.get(QUEUE, {"q": ours.number[-5:]})) == [ours.number]


def test_the_queue_pages_by_keyset_so_a_confirmed_case_shifts_nothing(desk, world, monkeypatch):
    monkeypatch.setattr(desk_queries, "PAGE_SIZE", 2)
    cases = sorted([world.ours.application, *(case_at(world) for _ in range(4))], key=lambda a: a.number)
    all_numbers = [a.number for a in cases]

    with CaptureQueriesContext(connection) as queries:
        first = desk.get(QUEUE)
    assert numbers(first) == all_numbers[:2]
    assert not any(" OFFSET " in q["sql"] for q in queries.captured_queries)
    assert first.context["previous_url"] == ""

    # The first case is confirmed while the operator reads page 1: page 2 still starts after it.
    Application.objects.filter(number=all_numbers[0]).update(status=Status.CONFIRMED)
    second = desk.get(first.context["next_url"])
    assert numbers(second) == all_numbers[2:4]
    third = desk.get(second.context["next_url"])
    assert numbers(third) == all_numbers[4:] and third.context["next_url"] == ""
    back = desk.get(third.context["previous_url"])
    assert numbers(back) == all_numbers[2:4]


def test_the_queue_keeps_its_filters_when_paging(desk, world, monkeypatch):
    monkeypatch.setattr(desk_queries, "PAGE_SIZE", 1)
    case_at(world, name="李四")
    case_at(world, name="李五")
    first = desk.get(QUEUE, {"q": "李", "status": "submitted"})
    assert "q=" in first.context["next_url"] and "status=submitted" in first.context["next_url"]
    assert [desk.get(first.context["next_url"]).context["rows"][0].application.name] == ["李五"]


def _queue_queries(desk) -> tuple[int, int]:
    """Rows shown and database queries run by a queue page whose subject filter is cached
    (the cache's own reads are left out: a query on SQLite's database cache, none on Redis)."""
    desk.get(QUEUE)
    with CaptureQueriesContext(connection) as captured:
        rows = desk.get(QUEUE).context["rows"]
    return len(rows), len([q for q in captured.captured_queries if "teacherreg_cache" not in q["sql"]])


def test_the_queue_costs_the_same_queries_for_three_rows_or_thirty(desk, world):
    for _ in range(2):
        case_at(world)
    assert _queue_queries(desk) == (3, QUEUE_QUERIES)
    for _ in range(27):
        case_at(world, certificate=CertificateFactory(source=CertificateSource.MANUAL))
    assert _queue_queries(desk) == (30, QUEUE_QUERIES)


def test_the_queue_view_leaves_one_access_event(desk, world, operator):
    desk.get(QUEUE)
    event = AuditEvent.objects.get(action="personal_data.view")
    assert event.data == {"what": "queue"} and event.actor == operator
    assert event.object_type == "organisations.organisation" and event.object_ref == str(world.ours.point.pk)


# --- the case page -----------------------------------------------------------------------------


def test_the_case_page_shows_the_numbers_to_compare_and_records_the_view(desk, world, operator):
    app = world.ours.application

    page = desk.get(case_url(app)).content.decode()

    assert app.document_number in page  # compared with the ID card at the desk
    assert app.certificate.number_as_printed in page
    assert mask("phone", app.phone) in page and app.phone not in page
    assert "《教师资格证书》原件" in page and "年度考核证明" in page
    event = AuditEvent.objects.get(action="personal_data.view")
    assert (event.object_type, event.object_ref, event.data) == (
        "registration.application",
        str(app.pk),
        {"what": "case"},
    )
    assert event.actor == operator and event.actor_role == StaffRole.CONFIRMATION_OPERATOR
    assert event.actor_organisation_id == world.ours.point.pk


def test_the_case_page_tells_the_operator_what_to_check(desk, world):
    training = {"start_year": 2021, "hours": 120, "required": 360}
    app = case_at(
        world,
        registration_kind="first",
        certificate=CertificateFactory(source=CertificateSource.MANUAL, verification_state=VerificationState.PENDING),
        precheck_findings=[
            {"code": "precheck_training_short", "severity": "warning", "params": training},
            # Stored before its text changed: shown without the parameters, never a 500.
            {"code": "precheck_training_short", "severity": "warning", "params": {"hours": 1}},
        ],
    )
    page = desk.get(case_url(app)).content.decode()
    assert "尚未核验通过" in page and "待人工核验" in page
    assert "请注意：</strong>本注册周期（2021 年起）记录的培训学时共 120 学时，少于规定的 360 学时。" in page
    assert "试用期考核合格证明" in page and "年度考核证明" not in page


def test_another_regions_case_is_not_found(desk, world):
    theirs = world.theirs.application
    for name in ("desk_case", "desk_photo", "desk_form"):
        assert desk.get(case_url(theirs, name)).status_code == 404
    assert not AuditEvent.objects.filter(action="personal_data.view").exists()


def test_the_photo_is_served_privately_and_recorded(desk, world):
    app = world.ours.application
    assert desk.get(case_url(app, "desk_photo")).status_code == 404  # none yet
    app.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)

    response = desk.get(case_url(app, "desk_photo"))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xff\xd8")
    assert AuditEvent.objects.get(action="personal_data.view").data == {"what": "photo"}


def test_the_application_form_opens_inline_and_is_recorded(desk, world):
    app = world.ours.application
    response = desk.get(case_url(app, "desk_form"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{app.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(action="personal_data.view").data == {"what": "application_form"}


def test_the_case_page_costs_the_same_queries_with_a_long_thread(desk, world, django_assert_num_queries):
    app = world.ours.application
    with django_assert_num_queries(CASE_QUERIES):
        desk.get(case_url(app))
    for n in range(6):
        Message.objects.create(application=app, author_organisation=world.ours.point, body=f"第 {n} 条")
        Message.objects.create(application=app, from_applicant=True, to_organisation=world.ours.point, body="好")
    with django_assert_num_queries(CASE_QUERIES):
        assert len(desk.get(case_url(app)).context["thread"]) == 12


# --- the actions -------------------------------------------------------------------------------


def _confirm_post(app: Application, checked: list[str] | None = None, version: int | None = None) -> dict:
    return {"checked": everything(app) if checked is None else checked, "version": version or app.version}


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [(SECOND_BEFORE, False), (FIRST_SECOND, True), (LAST_SECOND, True), (SECOND_AFTER, False)],
    ids=["day-before-23:59:59", "first-day-00:00:00", "last-day-23:59:59", "day-after-00:00:00"],
)
def test_confirming_is_open_only_within_the_points_dates(world, operator, clock, moment, allowed):
    app = world.ours.application
    clock.move_to(moment)
    desk = office_client(operator)  # signed in at that moment, as the operator would be

    response = desk.post(case_url(app, "desk_confirm"), _confirm_post(app))

    app.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and response["Location"] == QUEUE
        assert app.status == Status.CONFIRMED
        assert f"已确认 {app.number}" in desk.get(QUEUE).content.decode()
    else:
        assert response.status_code == 200
        assert "当前不在确认点的确认时间内（2026-10-08 至 2026-10-30）" in response.content.decode()
        assert app.status == Status.SUBMITTED


def test_the_case_page_offers_no_actions_outside_the_dates(world, operator, clock):
    clock.move_to(SECOND_AFTER)
    page = office_client(operator).get(case_url(world.ours.application)).content.decode()
    assert "确认通过" not in page and "本确认点的确认时间为 2026-10-08 至 2026-10-30" in page
    assert "发送留言" in page


def test_confirming_with_materials_missing_is_refused_and_keeps_the_ticks(desk, world):
    app = world.ours.application
    response = desk.post(case_url(app, "desk_confirm"), _confirm_post(app, checked=["application_form"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "材料尚未核对齐全" in page and "聘用合同" in page
    assert re.search(r'value="application_form" id="[^"]+" checked', page)
    assert not re.search(r'value="employment_contract" id="[^"]+" checked', page)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_a_stale_page_cannot_confirm(desk, world):
    app = world.ours.application
    Application.objects.filter(pk=app.pk).update(version=5)
    response = desk.post(case_url(app, "desk_confirm"), _confirm_post(app, version=1))
    assert "该申请已被他人更新" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_returning_without_a_message_is_refused(desk, world):
    app = world.ours.application
    response = desk.post(case_url(app, "desk_return"), {"return-message": "  ", "return-version": app.version})
    assert response.status_code == 200
    assert "请写明需要申请人修改或补充的内容" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and not Message.objects.exists()


def test_returning_sends_the_message_and_lets_the_applicant_edit_again(desk, world):
    app = world.ours.application
    text = "师德表现证明缺少学校公章，请补盖后再来确认。"

    response = desk.post(case_url(app, "desk_return"), {"return-message": text, "return-version": app.version})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    assert Message.objects.get(application=app).body == text
    assert text in desk.get(case_url(app)).content.decode()
    # The applicant's side: 网报待确认 (已退回修改) is editable until the confirmation end date.
    applicant = office_client(app.applicant)
    detail = applicant.get(reverse("applicant:application_detail", args=[app.number])).content.decode()
    assert "已退回修改" in detail and reverse("applicant:application_edit", args=[app.number]) in detail


def test_returning_outside_the_dates_keeps_what_was_typed(world, operator, clock):
    clock.move_to(SECOND_AFTER)
    app = world.ours.application
    text = "请带聘用合同原件。"
    response = office_client(operator).post(
        case_url(app, "desk_return"), {"return-message": text, "return-version": app.version}
    )
    page = response.content.decode()
    assert "当前不在确认点的确认时间内" in page and text in page


def test_a_message_is_left_without_changing_the_status(desk, world):
    app = world.ours.application
    empty = desk.post(case_url(app, "desk_message"), {"message-body": ""})
    assert empty.status_code == 200 and "请填写留言内容" in empty.content.decode()

    sent = desk.post(case_url(app, "desk_message"), {"message-body": "请周五上午带齐材料来确认。"})

    assert sent.status_code == 302 and sent["Location"] == case_url(app)
    message = Message.objects.get(application=app)
    assert message.author_organisation == world.ours.point
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


# --- bulk confirm ------------------------------------------------------------------------------


def test_bulk_confirm_without_a_selection_goes_back_to_the_queue(desk):
    response = desk.post(reverse("office:desk_bulk_confirm"), {"selected": ["rubbish"]}, follow=True)
    assert "请先在列表中勾选要确认的申请" in response.content.decode()


def test_bulk_confirm_asks_for_the_declaration_and_keeps_the_selection(desk, world):
    app = world.ours.application
    picked = f"{app.number}:{app.version}"
    review = desk.post(reverse("office:desk_bulk_confirm"), {"selected": [picked]})
    assert review.status_code == 200 and app.name in review.content.decode()

    refused = desk.post(reverse("office:desk_bulk_confirm"), {"selected": [picked], "go": "1"})

    page = refused.content.decode()
    assert "请先勾选“所选申请的材料均已核对齐全”" in page
    assert f'value="{picked}"' in page
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_bulk_confirm_reports_each_case_and_confirms_only_those_it_can(desk, world):
    ok = world.ours.application
    already = case_at(world, status=Status.CONFIRMED)
    theirs = world.theirs.application
    selected = [f"{a.number}:{a.version}" for a in (ok, already, theirs)]

    response = desk.post(
        reverse("office:desk_bulk_confirm"), {"selected": selected, "go": "1", "materials_checked": "on"}
    )

    assert response.status_code == 200
    outcomes = {o.number: o for o in response.context["outcomes"]}
    assert outcomes[ok.number].confirmed
    assert not outcomes[already.number].confirmed and "已确认" in outcomes[already.number].reason
    assert not outcomes[theirs.number].confirmed and "没有找到" in outcomes[theirs.number].reason
    assert "确认 1 份，未确认 2 份" in response.content.decode()
    statuses = dict(Application.objects.values_list("number", "status"))
    assert statuses[ok.number] == Status.CONFIRMED
    assert statuses[theirs.number] == Status.SUBMITTED


# --- the roster --------------------------------------------------------------------------------


def test_the_roster_lists_confirmed_cases_in_system_order(desk, world, operator, clock):
    point = world.ours.point
    cases = sorted([world.ours.application, case_at(world), case_at(world)], key=lambda a: a.number)
    waiting = case_at(world)
    # Confirmed in reverse order, on two days: the roster still follows the numbers.
    confirm_at_point(cases[2], by=operator, organisation=point, checked=everything(cases[2]))
    clock.move_to(datetime.datetime(2026, 10, 16, 2, 0, tzinfo=datetime.UTC))
    for app in (cases[1], cases[0]):
        confirm_at_point(app, by=operator, organisation=point, checked=everything(app))
    desk = office_client(operator)

    response = desk.get(reverse("office:desk_roster"))

    listed = [row["app"].number for row in response.context["rows"]]
    assert listed == [a.number for a in cases]
    assert waiting.number not in listed
    page = response.content.decode()
    assert mask("document_number", cases[0].document_number) in page and cases[0].document_number not in page
    one_day = desk.get(reverse("office:desk_roster"), {"day": "2026-10-16"})
    assert [row["app"].number for row in one_day.context["rows"]] == [cases[0].number, cases[1].number]
    assert AuditEvent.objects.filter(action="personal_data.view", data__what="roster").exists()


def test_the_roster_answers_a_bad_date_with_a_message(desk):
    response = desk.get(reverse("office:desk_roster"), {"day": "2026-13-01"})
    assert response.status_code == 200 and "day" in response.context["form"].errors


def test_the_qr_code_on_the_application_form_opens_the_case_at_the_desk(db):
    world = build_office_world()
    app = world.ours.application
    path = urlsplit(form_content.case_url(app)).path

    opened = office_client(world.ours.staff[StaffRole.CONFIRMATION_OPERATOR]).get(path)
    elsewhere = office_client(world.theirs.staff[StaffRole.CONFIRMATION_OPERATOR]).get(path)

    assert opened.status_code == 302 and opened["Location"] == reverse("office:desk_case", args=[app.number])
    assert elsewhere.status_code == 404
