"""撤销注册 of a registration with no case here (issue 6 item 4; P19): the province finds a
certificate of its own province, revokes an imported 合格 registration with reasons, can undo
that revocation with a reason, and is sent to the case for a registration a case made."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.errors import DomainError
from teacherreg.registration.services import record_revocation
from teacherreg.registration.services.precheck import certificate_usability
from tests.factories import ApplicationFactory, CertificateFactory
from tests.office.office_world import build_office_world, office_client

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def world():
    return build_office_world()


@pytest.fixture
def imported(world):
    certificate = CertificateFactory(province=world.ours.province.region, number_as_printed="20153700021000123")
    return RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2022, 5, 1),
        valid_from=datetime.date(2022, 5, 1),
        valid_until=datetime.date(2027, 4, 30),
        ordinal=1,
    )


def _by(world, region="ours"):
    part = getattr(world, region)
    return {"by": part.staff[StaffRole.PROVINCE_REVIEWER], "organisation": part.province}


def test_an_imported_registration_is_revoked_and_blocks_for_five_years(world, imported):
    revocation = record_revocation.revoke_record(
        imported, reasons=["fraudulent_materials"], note="", today=TODAY, **_by(world)
    )

    assert (revocation.conclusion, revocation.decided_on) == (Conclusion.REVOKED, TODAY)
    assert RegistrationRecord.objects.filter(pk=imported.pk).exists()  # the 合格 record stays
    event = AuditEvent.objects.get(action="registration_record.revoked")
    assert event.data["reasons"] == ["fraudulent_materials"] and event.actor_organisation_id == world.ours.province.pk
    blocked = certificate_usability(imported.certificate, TODAY, year=2026)
    assert not blocked.usable and blocked.reason.code == "precheck_registration_revoked"
    with pytest.raises(DomainError) as again:
        record_revocation.revoke_record(imported, reasons=["fraudulent_materials"], note="", today=TODAY, **_by(world))
    assert again.value.code == "record_already_revoked"


def test_the_revocation_is_undone_with_a_reason(world, imported):
    revocation = record_revocation.revoke_record(
        imported, reasons=["registered_in_error"], note="", today=TODAY, **_by(world)
    )
    with pytest.raises(DomainError) as bare:
        record_revocation.undo_record_revocation(revocation, note=" ", **_by(world))
    assert bare.value.code == "review_note_required"

    record_revocation.undo_record_revocation(revocation, note="核实后撤销有误", **_by(world))

    assert not RegistrationRecord.objects.filter(conclusion=Conclusion.REVOKED).exists()
    assert AuditEvent.objects.get(action="registration_record.revocation_undone").data["note"] == "核实后撤销有误"
    assert record_revocation.revocable(imported)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("other_province", "record_other_province"),
        ("has_case", "record_has_case"),
        ("deferred", "record_not_qualified"),
        ("no_reason", "review_reasons_required"),
    ],
)
def test_what_cannot_be_revoked_here(world, imported, change, code):
    by, reasons = _by(world), ["fraudulent_materials"]
    if change == "other_province":
        by = _by(world, "theirs")
    if change == "has_case":
        imported.application_number = ApplicationFactory(certificate=imported.certificate).number
        imported.save()
    if change == "deferred":
        imported.conclusion = Conclusion.DEFERRED
        imported.save()
    if change == "no_reason":
        reasons = []

    with pytest.raises(DomainError) as refused:
        record_revocation.revoke_record(imported, reasons=reasons, note="", today=TODAY, **by)

    assert refused.value.code == code
    assert not RegistrationRecord.objects.filter(conclusion=Conclusion.REVOKED).exists()


def test_the_page_finds_the_certificate_and_revokes_through_the_form(world, imported):
    client = office_client(world.ours.staff[StaffRole.PROVINCE_REVIEWER])

    page = client.get("/office/review/registrations/", {"q": "20153700021000123"})
    text = page.content.decode()
    assert "证书 20153700021000123" in text and "导入的历史记录" in text
    assert AuditEvent.objects.filter(action="personal_data.view", data__what="certificate_records").exists()

    refused = client.post(f"/office/review/registrations/{imported.pk}/revoke/", {})
    assert refused.status_code == 200 and "请至少选择一项理由" in refused.content.decode()

    done = client.post(
        f"/office/review/registrations/{imported.pk}/revoke/",
        {f"revoke-{imported.pk}-reasons": "registered_in_error", f"revoke-{imported.pk}-note": "经核查"},
    )
    assert done.status_code == 302
    assert RegistrationRecord.objects.filter(certificate=imported.certificate, conclusion="revoked").exists()


def test_another_provinces_certificate_is_not_found(world, imported):
    client = office_client(world.theirs.staff[StaffRole.PROVINCE_REVIEWER])

    page = client.get("/office/review/registrations/", {"q": "20153700021000123"})

    assert "没有找到本省的这张证书" in page.content.decode()
    assert client.post(f"/office/review/registrations/{imported.pk}/revoke/", {}).status_code == 404
