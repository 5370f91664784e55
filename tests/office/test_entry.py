"""后台采集 (issue 6 item 4): an agency's county reviewer enters an application for a teacher who
cannot apply online. The account is found or opened (no password; the teacher may take it over
by signing up), the ID check at the counter verifies the identity, and the application goes
through the same rules as an online submission, marked as entered by staff."""

from __future__ import annotations

import datetime
import io
import types
import uuid

import pyotp
import pytest
import time_machine
from PIL import Image

from teacherreg.accounts.models import IdentityStatus, StaffRole, User
from teacherreg.accounts.services.passwords import find_reset_account
from teacherreg.accounts.services.signup import Outcome, SignUpData, sign_up, take_over_legacy
from teacherreg.audit.models import AuditEvent
from teacherreg.common import idnumber
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.registration.models import Application, ApplicationSource
from teacherreg.registration.services import office_entry
from teacherreg.registration.services.case_timeline import case_timeline
from teacherreg.registration.workflow import Status
from tests.factories import (
    CertificateFactory,
    MembershipFactory,
    NationalDegreeFactory,
    NationalEducationFactory,
    NationalMandarinFactory,
    StaffFactory,
)
from tests.office.office_world import office_client
from tests.registration.steps_world import accepted_photo, build_ready
from tests.registration.world import TODAY, qualification_types

pytestmark = pytest.mark.django_db

NEW_NUMBER = idnumber.make("370102", datetime.date(1988, 3, 5), 123)


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def ready():
    return build_ready()


@pytest.fixture
def clerk(ready):
    staff = StaffFactory(name="王录入", totp_secret=pyotp.random_base32())
    MembershipFactory(user=staff, organisation=ready.world.lixia, role=StaffRole.COUNTY_REVIEWER)
    return staff


def _newcomer(ready) -> types.SimpleNamespace:
    """A teacher with no account: a register certificate and national records under NEW_NUMBER."""
    person = types.SimpleNamespace(document_number=NEW_NUMBER)
    return types.SimpleNamespace(
        certificate=CertificateFactory(
            holder=None,
            holder_name="林晓",
            holder_document_number=NEW_NUMBER,
            qualification_type=qualification_types()["2"],
        ),
        mandarin=NationalMandarinFactory(person=person, grade=ready.mandarin.grade),
        education=NationalEducationFactory(person=person, education_level=ready.education.education_level),
        degree=NationalDegreeFactory(person=person, degree=ready.degree.degree),
    )


def _teacher(ready, **changes) -> office_entry.Teacher:
    values = {
        "document_type": "id_card",
        "document_number": NEW_NUMBER,
        "name": "林晓",
        "sex": "male",
        "birth_date": datetime.date(1988, 3, 5),
        "ethnic_group": ready.codes["ethnic_group"],
        "phone": "13912345678",
    }
    values.update(changes)
    return office_entry.Teacher(**values)


def _answers(ready, newcomer) -> dict[str, str]:
    return ready.info(
        certificate=str(newcomer.certificate.pk),
        mandarin_record=str(newcomer.mandarin.pk),
        education_record=str(newcomer.education.pk),
        degree_record=str(newcomer.degree.pk),
    )


def _photo(width: int = 295, height: int = 413) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (238, 238, 238)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _enter(ready, clerk, teacher, info, **changes):
    kwargs = {
        "photo_upload": _photo(),
        "pledge_signed": True,
        "idempotency_key": str(uuid.uuid4()),
        "today": TODAY,
    }
    kwargs.update(changes)
    return office_entry.enter_application(clerk, ready.world.lixia, teacher, info, ready.agency(), **kwargs)


# --- the account --------------------------------------------------------------------------


def test_a_teacher_without_an_account_gets_one_verified_at_the_counter(ready, clerk):
    newcomer = _newcomer(ready)

    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)

    assert teacher.opened_by_office is True
    assert teacher.has_usable_password() is False
    assert teacher.identity_status == IdentityStatus.VERIFIED
    assert (teacher.name, teacher.phone, teacher.birth_date) == ("林晓", "13912345678", datetime.date(1988, 3, 5))
    newcomer.certificate.refresh_from_db()
    assert newcomer.certificate.holder_id == teacher.pk  # the register's certificate was synced
    opened = AuditEvent.objects.get(action="account.opened_by_office")
    checked = AuditEvent.objects.get(action="identity.counter_check")
    assert (opened.actor_id, opened.actor_organisation_id) == (clerk.pk, ready.world.lixia.pk)
    assert (checked.actor_id, checked.data["status"]) == (clerk.pk, ["unverified", "verified"])


def test_an_existing_account_is_used_and_its_identity_verified_by_the_check(ready, clerk):
    ready.teacher.identity_status = IdentityStatus.UNVERIFIED
    ready.teacher.save()

    found = office_entry.open_teacher(
        clerk,
        ready.world.lixia,
        _teacher(ready, document_number=ready.teacher.document_number, name="薛明"),
        checked_in_person=True,
    )

    assert found.pk == ready.teacher.pk
    assert found.opened_by_office is False
    assert User.objects.get(pk=ready.teacher.pk).identity_status == IdentityStatus.VERIFIED
    assert User.objects.filter(document_number_index__isnull=False).count() == 1


def test_an_existing_account_under_another_name_is_refused_not_renamed(ready, clerk):
    with pytest.raises(DomainError) as refused:
        office_entry.open_teacher(
            clerk,
            ready.world.lixia,
            _teacher(ready, document_number=ready.teacher.document_number, name="薛明明"),
            checked_in_person=True,
        )

    assert refused.value.code == "entry_name_mismatch"
    assert User.objects.get(pk=ready.teacher.pk).name == "薛明"


def test_without_the_counter_check_nothing_is_opened(ready, clerk):
    with pytest.raises(DomainError) as refused:
        office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=False)

    assert refused.value.code == "entry_identity_not_checked"
    assert not User.objects.filter(opened_by_office=True).exists()


def test_the_teacher_takes_the_account_over_by_signing_up_and_cannot_reset_it_before(ready, clerk):
    _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)
    assert find_reset_account("id_card", NEW_NUMBER, "林晓") is None

    result = sign_up(
        SignUpData(
            document_type="id_card",
            document_number=NEW_NUMBER,
            name="林晓",
            ethnic_group=ready.codes["ethnic_group"],
            sex="male",
            birth_date=datetime.date(1988, 3, 5),
            phone="13700000000",
            email="",
            password="a-long-password-2026",
        )
    )
    assert (result.outcome, result.user.pk) == (Outcome.LEGACY, teacher.pk)
    taken = take_over_legacy(
        result.user, password_hash="x", phone="13700000000", email="", ethnic_group=None, verified_name="林晓"
    )
    assert (taken.opened_by_office, taken.is_legacy, taken.phone) == (False, False, "13700000000")


# --- the application ----------------------------------------------------------------------


def test_it_enters_an_application_marked_as_entered_by_staff(ready, clerk):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)

    app = _enter(ready, clerk, teacher, _answers(ready, newcomer))

    assert (app.source, app.entered_by_id, app.applicant_id) == (ApplicationSource.OFFICE, clerk.pk, teacher.pk)
    assert app.status == Status.SUBMITTED
    assert (app.agency_id, app.confirmation_point_id) == (ready.world.lixia.pk, ready.world.county_point.pk)
    assert app.certificate_id == newcomer.certificate.pk
    assert len(app.number) == 15
    assert app.photo.name
    submitted = AuditEvent.objects.get(action="application.submitted")
    assert (submitted.actor_id, submitted.actor_role, submitted.data["source"]) == (
        clerk.pk,
        "county_reviewer",
        "office",
    )
    first = case_timeline(app)[0]
    assert (first.title, first.actor) == ("后台采集（工作人员代为录入）", "王录入")
    assert OutboxMessage.objects.filter(user=teacher, template="application_submitted").exists()


def test_the_same_key_twice_gives_one_application(ready, clerk):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)
    key = str(uuid.uuid4())

    first = _enter(ready, clerk, teacher, _answers(ready, newcomer), idempotency_key=key)
    second = _enter(ready, clerk, teacher, _answers(ready, newcomer), idempotency_key=key)

    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_the_rules_of_an_online_submission_apply(ready, clerk):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)
    _enter(ready, clerk, teacher, _answers(ready, newcomer))

    with pytest.raises(DomainError) as refused:  # P14: one live application per certificate and year
        _enter(ready, clerk, teacher, _answers(ready, newcomer))

    assert refused.value.code == "application_blocked"
    assert Application.objects.count() == 1


def test_only_the_clerks_own_agency_can_be_chosen(ready, clerk):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)
    elsewhere = StaffFactory()
    MembershipFactory(user=elsewhere, organisation=ready.world.shizhong, role=StaffRole.COUNTY_REVIEWER)

    with pytest.raises(DomainError) as refused:
        office_entry.enter_application(
            elsewhere,
            ready.world.shizhong,
            teacher,
            _answers(ready, newcomer),
            ready.agency(),
            photo_upload=_photo(),
            pledge_signed=True,
            idempotency_key=str(uuid.uuid4()),
            today=TODAY,
        )

    assert refused.value.code == "entry_other_agency"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"pledge_signed": False}, "entry_pledge_not_signed"),
        ({"photo_upload": None}, "entry_photo_required"),
        ({"photo_upload": b"not a picture"}, "photo_fix_not_image"),
    ],
)
def test_refusals_leave_nothing_behind(ready, clerk, changes, code):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)

    with pytest.raises(DomainError) as refused:
        _enter(ready, clerk, teacher, _answers(ready, newcomer), **changes)

    assert refused.value.code == code
    assert not Application.objects.exists()


def test_a_phone_photo_is_fixed_and_an_existing_photo_may_be_kept(ready, clerk):
    newcomer = _newcomer(ready)
    teacher = office_entry.open_teacher(clerk, ready.world.lixia, _teacher(ready), checked_in_person=True)

    app = _enter(ready, clerk, teacher, _answers(ready, newcomer), photo_upload=_photo(3000, 4000))
    with app.photo.open("rb") as handle:
        assert Image.open(handle).size == (295, 413)

    accepted_photo(ready.teacher)
    kept = _enter(ready, clerk, ready.teacher, ready.info(), photo_upload=None)
    assert kept.photo.name


# --- the pages ----------------------------------------------------------------------------


def _start_post(ready, **changes) -> dict[str, str]:
    data = {
        "document_type": "id_card",
        "document_number": NEW_NUMBER,
        "name": "林晓",
        "ethnic_group": str(ready.codes["ethnic_group"].pk),
        "phone": "13912345678",
        "checked_in_person": "on",
    }
    data.update(changes)
    return data


def _application_post(ready, newcomer, page) -> dict[str, str]:
    data = _answers(ready, newcomer)
    data.update(
        {
            "arrangement": str(ready.world.arrangement.pk),
            "current_stage": "primary",
            "current_subject": str(ready.subject.pk),
            "pledge_signed": "on",
            "idempotency_key": page.context["form"]["idempotency_key"].value(),
        }
    )
    return data


def test_the_whole_entry_through_the_pages(ready, clerk):
    newcomer = _newcomer(ready)
    client = office_client(clerk)

    started = client.post("/office/entry/", _start_post(ready))
    assert started.status_code == 302 and started["Location"] == "/office/entry/application/"
    page = client.get("/office/entry/application/")
    assert page.status_code == 200
    assert "为 林晓 填写注册信息" in page.content.decode()
    assert NEW_NUMBER not in page.content.decode()  # masked on screen
    teacher = User.objects.get(opened_by_office=True)
    assert AuditEvent.objects.filter(action="personal_data.view", object_ref=str(teacher.pk), actor=clerk).exists()

    data = _application_post(ready, newcomer, page)
    data["photo"] = io.BytesIO(_photo())
    data["photo"].name = "photo.jpg"
    done = client.post("/office/entry/application/", data)

    app = Application.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/office/review/{app.number}/"
    case = client.get(done["Location"]).content.decode()
    assert "本申请由工作人员 王录入 代为录入" in case
    assert client.get("/office/entry/application/")["Location"] == "/office/entry/"  # the session is over


def test_a_refused_entry_keeps_what_was_typed(ready, clerk):
    newcomer = _newcomer(ready)
    client = office_client(clerk)
    client.post("/office/entry/", _start_post(ready))
    page = client.get("/office/entry/application/")
    data = _application_post(ready, newcomer, page)
    data.pop("pledge_signed")
    data["postal_address"] = "山东省济南市历下区文化东路88号"

    again = client.post("/office/entry/application/", data)

    assert again.status_code == 200
    text = again.content.decode()
    assert "请让申请人在纸质《个人承诺书》上签字" in text
    assert "文化东路88号" in text
    assert not Application.objects.exists()


def test_the_start_page_names_each_problem(ready, clerk):
    client = office_client(clerk)

    page = client.post("/office/entry/", _start_post(ready, document_number="370102198803051239", phone="12345"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "证件号码校验位不正确" in text
    assert "请输入以 1 开头的 11 位中国大陆手机号码" in text
    assert not User.objects.filter(opened_by_office=True).exists()


def test_a_subject_of_another_stage_is_refused_by_the_domains_rule(ready, clerk):
    from teacherreg.reference.models import Subject, SubjectTree, TeachingStage

    newcomer = _newcomer(ready)
    junior = TeachingStage.objects.exclude(code="primary").first()
    maths = Subject.objects.create(tree=SubjectTree.CURRENT, code="j-maths", name="数学", stage=junior)
    client = office_client(clerk)
    client.post("/office/entry/", _start_post(ready))
    data = _application_post(ready, newcomer, client.get("/office/entry/application/"))
    data["current_subject"] = str(maths.pk)

    page = client.post("/office/entry/application/", data)

    assert page.status_code == 200 and not Application.objects.exists()
    from teacherreg.common.messages import message_for

    assert message_for("application_subject_unknown") in page.content.decode()
