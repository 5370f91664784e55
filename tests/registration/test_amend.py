"""修改 a submitted application (P17): the service's guard, rules, version, photo and audit,
and the 修改报名信息 page (typed values kept, certificate fixed, another's case 404)."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from teacherreg.accounts.models import NoticeChannels
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import Certificate
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.notify.sms.backends import MemorySmsProvider
from teacherreg.reference.models import Major
from teacherreg.registration.models import Application
from teacherreg.registration.pdf import cache
from teacherreg.registration.rules import ProvinceRules
from teacherreg.registration.services import drafts
from teacherreg.registration.services.amend import AmendRejected, amend, answers_of, newer_photo, refreshed_findings
from teacherreg.registration.services.submission import submit
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, CertificateFactory, CodeItemFactory, NationalMandarinFactory
from tests.registration.steps_world import accepted_photo, build_ready, complete_draft, jpeg_bytes
from tests.registration.world import TODAY

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
CONFIRM_UNTIL = datetime.date(2026, 10, 30)  # the world's confirmation end date


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def ready():
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        ready = build_ready()
        accepted_photo(ready.teacher)
        draft = complete_draft(ready, idempotency_key=str(uuid.uuid4()))
        ready.application = submit(ready.teacher, draft.version, drafts.payload(draft)["idempotency_key"], TODAY)
    return ready


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 10, 12, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _answers(ready, **changes):
    """The application's current answers as the page would post them, with ``changes``."""
    return {**answers_of(Application.objects.get(pk=ready.application.pk)), **changes}


def _amend(ready, day=TODAY, version=None, photo=False, **changes):
    app = Application.objects.get(pk=ready.application.pk)
    return amend(
        app,
        ready.teacher,
        _answers(ready, **changes),
        expected_version=app.version if version is None else version,
        today=day,
        use_latest_photo=photo,
    )


# --- the service ------------------------------------------------------------------------------


def test_it_changes_step_two_fields_bumps_the_version_and_keeps_the_status(ready, frozen):
    before = ready.application

    app = _amend(ready, current_school="济南市历下区第二实验小学", postcode="250013")

    assert app.current_school == "济南市历下区第二实验小学" and app.postcode == "250013"
    assert app.version == before.version + 1
    assert app.status == Status.SUBMITTED
    assert app.number == before.number and app.agency == before.agency
    assert app.confirmation_point == before.confirmation_point and app.arrangement == before.arrangement


def test_the_audit_event_lists_the_changed_field_names_not_their_values(ready, frozen):
    _amend(ready, current_school="济南市历下区第二实验小学", postal_address="山东省济南市历下区文化西路2号")

    event = AuditEvent.objects.get(action="application.amended")
    assert sorted(event.data["fields"]) == ["current_school", "postal_address"]
    assert "第二实验小学" not in str(event.data) and "文化西路" not in str(event.data)
    assert event.actor == ready.teacher


def test_nothing_changed_keeps_the_version_and_writes_no_event(ready, frozen):
    app = _amend(ready)

    assert app.version == ready.application.version
    assert not AuditEvent.objects.filter(action="application.amended").exists()


def test_the_pdf_cache_name_changes_with_the_version(ready, frozen):
    photo = cache.read_photo(ready.application)
    old_name = cache.cache_name(ready.application, photo)

    app = _amend(ready, current_school="济南市历下区第二实验小学")

    new_name = cache.cache_name(app, cache.read_photo(app))
    assert new_name != old_name and f"-v{app.version}-" in new_name


def test_the_certificate_cannot_be_changed_even_if_posted(ready, frozen):
    other = CertificateFactory(holder=ready.teacher, qualification_type=ready.certificate.qualification_type)

    app = _amend(ready, certificate=str(other.pk), current_school="济南市历下区第二实验小学")

    assert app.certificate == ready.certificate and app.certificate_key == ready.certificate.number
    assert Certificate.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"postcode": "25001"}, {"postcode"}),
        ({"graduated_on": "2099-01-01", "employed_since": "2001-01-01"}, {"graduated_on", "employed_since"}),
    ],
)
def test_the_step_two_rules_hold_as_at_submission(ready, frozen, changes, fields):
    with pytest.raises(AmendRejected) as caught:
        _amend(ready, **changes)

    assert set(caught.value.errors) == fields
    assert Application.objects.get(pk=ready.application.pk).version == ready.application.version


def test_a_record_not_offered_to_this_applicant_is_refused(ready, frozen):
    stranger = NationalMandarinFactory(person=ApplicantFactory())

    with pytest.raises(AmendRejected) as caught:
        _amend(ready, mandarin_record=str(stranger.pk))

    assert "mandarin_record" in caught.value.errors


def test_a_stale_version_is_refused(ready, frozen):
    with pytest.raises(DomainError) as caught:
        _amend(ready, version=ready.application.version - 1, current_school="别的学校")

    assert caught.value.code == "amend_stale_version"
    assert Application.objects.get(pk=ready.application.pk).current_school == "济南市历下区实验小学"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.RETURNED])
def test_it_is_allowed_while_awaiting_confirmation(ready, frozen, status):
    Application.objects.filter(pk=ready.application.pk).update(status=status)

    assert _amend(ready, current_school="新学校").current_school == "新学校"


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.COUNTY_REVIEW, Status.WITHDRAWN, Status.QUALIFIED])
def test_it_is_refused_in_any_other_status(ready, frozen, status):
    Application.objects.filter(pk=ready.application.pk).update(status=status)

    with pytest.raises(DomainError) as caught:
        _amend(ready, current_school="新学校")

    assert caught.value.code in {"app_edit_confirmed", "app_edit_closed"}


def test_someone_else_cannot_amend(ready, frozen):
    with pytest.raises(DomainError) as caught:
        amend(ready.application, ApplicantFactory(), {}, expected_version=1, today=TODAY, use_latest_photo=False)

    assert caught.value.code == "app_not_yours"


def test_the_latest_accepted_photo_is_copied_only_when_asked(ready, frozen):
    app = Application.objects.get(pk=ready.application.pk)
    assert newer_photo(app, ready.teacher) is None
    newer = accepted_photo(ready.teacher)
    # A different picture: same size, other pixels.
    with newer.image.open("wb") as out:
        out.write(jpeg_bytes(296, 413))
    assert newer_photo(app, ready.teacher) == newer
    old_name = app.photo.name

    kept = _amend(ready, photo=False, current_school="新学校")
    assert kept.photo.name == old_name

    changed = _amend(ready, photo=True)
    assert changed.photo.name != old_name
    assert changed.version == kept.version + 1
    with changed.photo.open("rb") as handle:
        assert handle.read() == jpeg_bytes(296, 413)
    event = AuditEvent.objects.filter(action="application.amended").latest("pk")
    assert event.data["fields"] == ["photo"]


# --- the confirmation end date (P17, Asia/Shanghai, inclusive) -------------------------------------


def _at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def test_the_page_allows_an_edit_at_235959_on_the_confirmation_end_date(ready, client):
    client.force_login(ready.teacher)
    url = reverse("applicant:application_amend", args=[ready.application.number])
    with _at(datetime.datetime.combine(CONFIRM_UNTIL, datetime.time(23, 59, 59), SHANGHAI)):
        response = client.post(url, {**_answers(ready, current_school="最后一刻的学校"), "version": "1"})

    assert response.status_code == 302
    assert Application.objects.get(pk=ready.application.pk).current_school == "最后一刻的学校"


def test_the_page_refuses_at_midnight_after_the_confirmation_end_date(ready, client):
    client.force_login(ready.teacher)
    url = reverse("applicant:application_amend", args=[ready.application.number])
    with _at(datetime.datetime.combine(CONFIRM_UNTIL + datetime.timedelta(days=1), datetime.time(0), SHANGHAI)):
        response = client.post(url, {**_answers(ready, current_school="太晚的学校"), "version": "1"})

    assert response.status_code == 200
    assert "确认" in response.context["permission"].reason and not response.context["permission"].allowed
    assert Application.objects.get(pk=ready.application.pk).current_school == "济南市历下区实验小学"


# --- the page ----------------------------------------------------------------------------------


def _url(ready):
    return reverse("applicant:application_amend", args=[ready.application.number])


def _photo_url(ready):
    return reverse("applicant:application_photo", args=[ready.application.number])


def test_the_page_is_prefilled_and_the_edit_page_links_to_it(ready, frozen, client):
    client.force_login(ready.teacher)

    page = client.get(_url(ready))
    edit = client.get(reverse("applicant:application_edit", args=[ready.application.number]))

    assert page.status_code == 200
    assert page.context["form"]["current_school"].value() == "济南市历下区实验小学"
    assert 'name="certificate"' not in page.content.decode()  # shown, not asked
    assert _url(ready) in edit.content.decode()


def test_success_goes_to_the_details_with_the_print_again_message(ready, frozen, client):
    client.force_login(ready.teacher)

    response = client.post(_url(ready), {**_answers(ready, current_school="新学校"), "version": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("applicant:application_detail", args=[ready.application.number])
    assert "重新下载并打印" in response.content.decode()


def test_a_posted_certificate_is_ignored_by_the_page(ready, frozen, client):
    other = CertificateFactory(holder=ready.teacher, qualification_type=ready.certificate.qualification_type)
    client.force_login(ready.teacher)

    client.post(_url(ready), {**_answers(ready, certificate=str(other.pk), current_school="新学校"), "version": "1"})

    app = Application.objects.get(pk=ready.application.pk)
    assert app.current_school == "新学校" and app.certificate == ready.certificate


def test_a_stale_version_keeps_the_typed_values(ready, frozen, client):
    client.force_login(ready.teacher)
    Application.objects.filter(pk=ready.application.pk).update(version=2)

    response = client.post(_url(ready), {**_answers(ready, current_school="我刚填的学校"), "version": "1"})

    assert response.status_code == 200
    assert "已被修改或办理过" in response.content.decode()
    assert response.context["form"]["current_school"].value() == "我刚填的学校"
    assert response.context["form"]["version"].value() == "2"
    assert Application.objects.get(pk=ready.application.pk).current_school == "济南市历下区实验小学"


def test_invalid_fields_are_shown_with_the_typed_values(ready, frozen, client):
    client.force_login(ready.teacher)

    response = client.post(
        _url(ready), {**_answers(ready, postcode="2500", employed_since="2001-01-01"), "version": "1"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) >= {"postcode", "employed_since"}
    assert form["postcode"].value() == "2500"
    assert Application.objects.get(pk=ready.application.pk).version == 1


def test_another_applicants_application_is_404(ready, frozen, client):
    client.force_login(ApplicantFactory())

    assert client.get(_url(ready)).status_code == 404
    assert client.get(_photo_url(ready)).status_code == 404


def test_the_application_photo_is_served_to_its_owner(ready, frozen, client):
    client.force_login(ready.teacher)

    response = client.get(_photo_url(ready))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    b"".join(response.streaming_content)


def test_a_confirmed_application_shows_why_not(ready, frozen, client):
    Application.objects.filter(pk=ready.application.pk).update(status=Status.CONFIRMED)
    client.force_login(ready.teacher)

    response = client.get(_url(ready))

    assert response.status_code == 200 and response.context["form"] is None
    assert response.context["permission"].reason in response.content.decode()


# --- the reviewers' warnings and the applicant's notice ------------------------------------------


def _findings(ready) -> list[str]:
    return [f["code"] for f in Application.objects.get(pk=ready.application.pk).precheck_findings]


def test_a_changed_post_brings_its_warning_and_changing_back_takes_it_away(ready, frozen):
    contract = CodeItemFactory(kind="post_nature", code="2", name="合同制")
    record_warning = {"code": "precheck_training_short", "severity": "warning", "params": {"hours": 120}}
    Application.objects.filter(pk=ready.application.pk).update(precheck_findings=[record_warning])

    _amend(ready, post_nature=str(contract.pk))
    assert _findings(ready) == ["precheck_training_short", "precheck_post_not_established"]

    _amend(ready, post_nature=str(ready.codes["post_nature"].pk))
    # The record-based warning judged at submission stays; only the post's one goes.
    assert _findings(ready) == ["precheck_training_short"]


def test_refreshed_findings_replace_only_what_the_old_answers_produced():
    stored = [
        {"code": "precheck_post_special", "severity": "warning", "params": {}},
        {"code": "precheck_identity_unverified", "severity": "todo", "params": {}},
    ]
    special = CodeItemFactory(kind="post_nature", code="3", name="特岗教师")
    established = CodeItemFactory(kind="post_nature", code="1", name="在编在岗")

    result = refreshed_findings(
        stored,
        old_answers={"post_nature": special.code},
        new_answers={"post_nature": established.code},
        rules=ProvinceRules.of(None),
    )

    assert result == [{"code": "precheck_identity_unverified", "severity": "todo", "params": {}}]


def test_the_applicant_is_told_once_per_version_that_the_application_changed(
    ready, frozen, django_capture_on_commit_callbacks
):
    MemorySmsProvider.clear()
    ready.teacher.notice_channels = NoticeChannels.SMS
    ready.teacher.save(update_fields=["notice_channels"])

    with django_capture_on_commit_callbacks(execute=True):
        app = _amend(ready, current_school="济南市历下区第二实验小学")
    with django_capture_on_commit_callbacks(execute=True):
        _amend(ready)  # nothing changed: no new version, no notice

    sent = OutboxMessage.objects.filter(template="application_amended")
    assert sent.count() == 1 and sent.get().params["number"] == app.number
    assert len(MemorySmsProvider.sent) == 1
    assert "已修改" in MemorySmsProvider.sent[0].text
    MemorySmsProvider.clear()


def test_a_non_teaching_major_under_the_normal_category_is_refused_by_the_service_too(ready, frozen):
    """The 师范 rule is the domain's, not only the form's: 修改 applies it as step 2 does."""
    # The world's major is the teaching one; an economics leaf sits in the same catalogue.
    Major.objects.filter(pk=ready.major.pk).update(is_teaching_related=True)
    economics = Major.objects.create(
        catalogue=ready.major.catalogue, code="020101", name="经济学", parent=ready.major_group
    )
    normal = CodeItemFactory(kind="major_category", code="normal", name="师范教育类")
    non_normal = CodeItemFactory(kind="major_category", code="non_normal", name="非师范教育类")

    with pytest.raises(AmendRejected) as refused:
        _amend(ready, major_category=str(normal.pk), major=str(economics.pk))
    assert "师范" in refused.value.errors["major"]

    app = _amend(ready, major_category=str(non_normal.pk), major=str(economics.pk))
    assert app.major == economics
