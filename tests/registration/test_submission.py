"""The submission service: one application per draft and key, the number, consents, audit,
outbox, and refusals that keep the draft intact (issue 5 item 5; P8, P14, P16, P17)."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
import time_machine

from teacherreg.accounts.models import IdentityStatus
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import PrivateStorage
from teacherreg.notify.models import OutboxMessage
from teacherreg.registration.models import Application, ApplicationCounter, ApplicationDraft, ConsentRecord
from teacherreg.registration.services import drafts, steps, submission
from teacherreg.registration.services.submission import submit
from teacherreg.registration.workflow import Status
from tests.factories import CodeItemFactory
from tests.registration.steps_world import (
    accepted_photo,
    build_ready,
    complete_draft,
    draft_at,
    hand_certificate_to_another_account,
)
from tests.registration.world import TODAY

pytestmark = pytest.mark.django_db


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


def _draft(ready, key=None):
    return complete_draft(ready, idempotency_key=str(key or uuid.uuid4()))


def _key(draft) -> str:
    return drafts.payload(draft)["idempotency_key"]


def test_it_turns_the_draft_into_a_submitted_application(ready):
    draft = _draft(ready)

    app = submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert app.status == Status.SUBMITTED
    assert app.number == "202637010200001"  # 2026 + 历下 370102 + 00001 (P16)
    assert app.registration_year == 2026
    assert app.certificate == ready.certificate and app.certificate_key == ready.certificate.number
    assert app.agency == ready.world.lixia and app.confirmation_point == ready.world.county_point
    assert app.current_school == "济南市历下区实验小学"
    assert app.employed_since == datetime.date(2010, 9, 1)
    assert app.mandarin_record == ready.mandarin and app.mandarin_grade == ready.mandarin.grade
    assert app.education_level.code == "bachelor"
    assert app.major == ready.major and app.graduation_school_name == "山东师范大学"
    assert app.current_subject == ready.subject
    assert app.name == "薛明" and app.document_number == ready.teacher.document_number
    assert not ApplicationDraft.objects.filter(applicant=ready.teacher).exists()


def test_the_photo_is_copied_into_private_storage_under_a_server_name(ready):
    draft = _draft(ready)

    app = submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert isinstance(app.photo.storage, PrivateStorage)
    assert app.photo.name.startswith("application-photos/") and app.photo.name.endswith(".jpg")
    with app.photo.open("rb") as copied, ready.teacher.photos.get().image.open("rb") as original:
        assert copied.read() == original.read()


def test_it_records_both_consents_an_audit_event_and_a_notice(ready):
    ready.teacher.email = "xue@example.com"
    ready.teacher.save()
    draft = _draft(ready)

    app = submit(ready.teacher, draft.version, _key(draft), TODAY)

    consents = {(c.document, c.version) for c in ConsentRecord.objects.filter(application=app)}
    assert consents == {("agreement", "2026.1"), ("pledge", "2026.1")}
    event = AuditEvent.objects.get(action="application.submitted")
    assert event.object_ref == str(app.pk) and event.actor == ready.teacher
    outbox = OutboxMessage.objects.filter(template="application_submitted")
    assert {m.channel for m in outbox} == {"sms", "email"}


def test_the_same_key_twice_gives_one_application(ready):
    draft = _draft(ready)
    key = _key(draft)

    first = submit(ready.teacher, draft.version, key, TODAY)
    again = submit(ready.teacher, draft.version, key, TODAY)

    assert again.pk == first.pk
    assert Application.objects.count() == 1
    assert OutboxMessage.objects.filter(template="application_submitted").count() == 1


def test_a_key_the_draft_did_not_issue_is_refused_and_the_draft_kept(ready):
    draft = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, str(uuid.uuid4()), TODAY)

    assert exc.value.code == "application_stale_submit"
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()


def test_a_stale_version_is_refused(ready):
    draft = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version - 1, _key(draft), TODAY)

    assert exc.value.code == "application_stale_submit"


def test_an_unverified_identity_is_refused_with_the_draft_intact(ready):
    ready.teacher.identity_status = IdentityStatus.MANUAL_REVIEW
    ready.teacher.save()
    draft = _draft(ready)
    before = draft.payload

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert exc.value.code == "application_identity_required"
    assert "实名核验" in exc.value.message
    assert ApplicationDraft.objects.get(pk=draft.pk).payload == before
    assert Application.objects.count() == 0


def test_outside_the_window_it_is_refused_with_the_reason_and_the_draft_kept(ready):
    draft = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, _key(draft), datetime.date(2026, 10, 24))

    assert exc.value.code == "application_blocked"
    assert "网报时间已经截止" in exc.value.message
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()
    assert Application.objects.count() == 0


def test_a_blocker_found_by_the_precheck_refuses_and_keeps_the_draft(ready):
    from tests.registration.world import qualified

    qualified(ready.certificate, datetime.date(2024, 5, 1))
    draft = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert "现在无需再注册" in exc.value.message
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()


def test_without_a_photo_it_is_refused(ready):
    ready.teacher.photos.all().delete()
    draft = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert exc.value.code == "application_photo_required"


def test_an_incomplete_draft_names_the_step(ready):
    draft = _draft(ready)
    payload = drafts.payload(draft)
    payload["done"].remove("notes")
    ApplicationDraft.objects.filter(pk=draft.pk).update(payload=json.dumps(payload))

    with pytest.raises(DomainError) as exc:
        submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert exc.value.code == "application_incomplete" and exc.value.params == {"step": 5}


def test_after_submitting_the_certificate_cannot_be_used_by_another_account(ready):
    draft = _draft(ready)
    submit(ready.teacher, draft.version, _key(draft), TODAY)
    # The certificate is later linked to another account (an identity correction).
    other = hand_certificate_to_another_account(ready)
    second = _draft(ready)

    with pytest.raises(DomainError) as exc:
        submit(other, second.version, _key(second), TODAY)

    assert "同一本证书每年只能报名一次" in exc.value.message
    assert ApplicationDraft.objects.filter(pk=second.pk).exists()
    assert Application.objects.count() == 1


def test_the_database_constraint_refuses_a_second_live_application_for_one_certificate(ready, monkeypatch):
    """P14 when the pre-check did not see the first application (a race): the constraint
    answers with the official-style message, the number is not used up, the draft stays."""
    draft = _draft(ready)
    submit(ready.teacher, draft.version, _key(draft), TODAY)
    other = hand_certificate_to_another_account(ready)
    second = _draft(ready)
    real = submission.precheck

    def blind(*args, **kwargs):
        result = real(*args, **kwargs)
        result.findings[:] = [f for f in result.findings if f.code != "precheck_certificate_in_application"]
        result.certificate = result.certificate or ready.certificate
        return result

    monkeypatch.setattr(submission, "precheck", blind)

    with pytest.raises(DomainError) as exc:
        submit(other, second.version, _key(second), TODAY)

    assert exc.value.code == "application_certificate_taken"
    assert exc.value.params["certificate"] != ready.certificate.number_as_printed  # masked
    assert "同一本证书每年只能报名一次" in exc.value.message
    assert ApplicationDraft.objects.filter(pk=second.pk).exists()
    assert Application.objects.count() == 1
    # The failed submit rolled its number back: the next one is still 00002 (gapless, P16).
    assert ApplicationCounter.objects.get(agency=ready.world.lixia, year=2026).last_value == 1


def test_an_applicant_without_a_degree_submits_with_no_degree(ready):
    """无学位 is a real answer (many 专科 graduates hold no degree): no record behind it, the
    application's 学位 is the 无学位 code."""
    no_degree = CodeItemFactory(kind="degree", code="none", name="无学位")
    answers = {
        "agreement": {"version": "2026.1", "accepted_at": "2026-10-10T10:00:00+08:00"},
        "info": ready.info(degree_record="none"),
        "agency": ready.agency(),
    }
    draft = draft_at(ready.teacher, [s.slug for s in steps.STEPS[:5]], answers, idempotency_key=str(uuid.uuid4()))

    app = submit(ready.teacher, draft.version, _key(draft), TODAY)

    assert app.degree_record is None
    assert app.degree == no_degree
