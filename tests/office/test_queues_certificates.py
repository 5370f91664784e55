"""手动添加证书核验 in the office (issue 6 item 9; issue 4 item 3): certificates applicants added
by hand, scoped by their province, verified or refused through ``verify_manual_certificate``."""

# ruff: noqa: F811 -- the fixtures are imported from tests.office.queue_fixtures by name

from __future__ import annotations

import pytest
from django.urls import reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import CertificatePhoto, VerificationState
from teacherreg.certificates.services.verification import may_verify, verify_manual_certificate
from teacherreg.common.masking import mask
from tests.factories import CertificateFactory
from tests.office.queue_fixtures import (  # noqa: F401 -- fixtures
    admin,
    as_admin,
    as_national_admin,
    as_reviewer,
    as_their_admin,
    as_viewer,
    national_admin,
    private_root,
    views_of,
    world,
)
from tests.office.queue_world import manual_certificate, province, stored_photo

pytestmark = pytest.mark.django_db

QUEUE = reverse("office:queue_certificates")
# No session write in any count: it is saved only when it changes (session_policy).
LIST_QUERIES = 7
ITEM_QUERIES = 7


def url(cert, name: str = "queue_certificate", **extra) -> str:
    return reverse(f"office:{name}", kwargs={"pk": cert.pk, **extra})


def listed(response) -> list[int]:
    return [row.certificate.pk for row in response.context["rows"]]


def test_it_lists_our_provinces_hand_added_certificates_waiting_first(world, admin, as_admin, as_reviewer):
    first = manual_certificate("37")
    second = manual_certificate("37")
    done = manual_certificate("37")
    verify_manual_certificate(admin, done, True)
    manual_certificate("43")
    CertificateFactory(province=province("37"))  # from the national register: never in the queue

    for client in (as_admin, as_reviewer):
        assert listed(client.get(QUEUE)) == [first.pk, second.pk]
    assert listed(as_admin.get(QUEUE, {"state": "all"})) == [first.pk, second.pk, done.pk]
    assert listed(as_admin.get(QUEUE, {"state": "verified"})) == [done.pk]


def test_the_list_masks_the_holder_and_the_number(world, as_admin):
    cert = manual_certificate("37", holder_name="欧阳明华")

    page = as_admin.get(QUEUE).content.decode()

    assert "欧阳明华" not in page and mask("name", "欧阳明华") in page
    assert cert.number_as_printed not in page and mask("certificate_number", cert.number_as_printed) in page


def test_the_national_level_filters_by_province(world, as_viewer):
    ours = manual_certificate("37")
    theirs = manual_certificate("43")

    assert sorted(listed(as_viewer.get(QUEUE))) == sorted([ours.pk, theirs.pk])
    assert listed(as_viewer.get(QUEUE, {"province": "43"})) == [theirs.pk]


def test_the_list_costs_the_same_queries_for_three_rows_or_thirty(world, as_admin, django_assert_num_queries):
    for _ in range(3):
        manual_certificate("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(QUEUE).context["rows"]) == 3
    for _ in range(27):
        manual_certificate("37")
    with django_assert_num_queries(LIST_QUERIES):
        assert len(as_admin.get(QUEUE).context["rows"]) == 30


def test_the_certificate_page_shows_the_photos_and_is_recorded(world, admin, as_admin):
    cert = manual_certificate("37", holder_name="欧阳明华")
    CertificatePhoto.objects.create(certificate=cert, image=stored_photo(), position=1)

    page = as_admin.get(url(cert)).content.decode()

    # The reviewer compares the full number and name with the photo; the ID number stays masked.
    assert cert.number_as_printed in page and "欧阳明华" in page
    assert cert.holder_document_number not in page
    assert url(cert, "queue_certificate_photo", position=0) in page
    assert url(cert, "queue_certificate_photo", position=1) in page
    [event] = views_of(cert, "manual_certificate")
    assert event.actor == admin


def test_the_photos_are_served_privately_and_recorded(world, as_admin):
    cert = manual_certificate("37")
    CertificatePhoto.objects.create(certificate=cert, image=stored_photo(), position=1)

    for position in (0, 1):
        response = as_admin.get(url(cert, "queue_certificate_photo", position=position))
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert len(views_of(cert, f"certificate_photo_{position}")) == 1
    assert as_admin.get(url(cert, "queue_certificate_photo", position=2)).status_code == 404


def test_the_certificate_page_costs_the_same_queries_with_more_photos(world, as_admin, django_assert_num_queries):
    cert = manual_certificate("37")
    with django_assert_num_queries(ITEM_QUERIES):
        as_admin.get(url(cert))
    for position in (1, 2, 3):
        CertificatePhoto.objects.create(certificate=cert, image=stored_photo(), position=position)
    with django_assert_num_queries(ITEM_QUERIES):
        as_admin.get(url(cert))


def test_verifying_goes_through_the_service(world, admin, as_admin):
    cert = manual_certificate("37")

    response = as_admin.post(url(cert, "queue_certificate_verify"))

    assert response.status_code == 302 and response["Location"] == QUEUE
    cert.refresh_from_db()
    assert (cert.verification_state, cert.verified_by) == (VerificationState.VERIFIED, admin)
    assert AuditEvent.objects.filter(action="certificate.manual_verified", actor=admin).count() == 1


def test_refusing_needs_a_reason(world, as_admin):
    cert = manual_certificate("37")

    response = as_admin.post(url(cert, "queue_certificate_reject"), {"refuse-reason": ""})

    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    cert.refresh_from_db()
    assert cert.verification_state == VerificationState.PENDING


def test_refusing_with_a_reason_goes_through_the_service(world, as_reviewer):
    cert = manual_certificate("37")

    as_reviewer.post(url(cert, "queue_certificate_reject"), {"refuse-reason": "照片模糊，看不清证书号码"})

    cert.refresh_from_db()
    assert (cert.verification_state, cert.rejection_reason) == (VerificationState.REJECTED, "照片模糊，看不清证书号码")
    assert AuditEvent.objects.filter(action="certificate.manual_rejected").count() == 1


def test_a_decided_certificate_shows_the_refusal_and_keeps_the_reason_typed(world, as_admin, as_reviewer):
    cert = manual_certificate("37")
    as_reviewer.post(url(cert, "queue_certificate_verify"))

    response = as_admin.post(url(cert, "queue_certificate_reject"), {"refuse-reason": "号码不符"})

    assert response.status_code == 200
    assert "这本证书不是待核验状态" in response.content.decode()


def test_another_provinces_certificate_is_not_found(world, as_admin, as_their_admin):
    theirs = manual_certificate("43")

    assert as_admin.get(url(theirs)).status_code == 404
    assert as_admin.get(url(theirs, "queue_certificate_photo", position=0)).status_code == 404
    assert as_admin.post(url(theirs, "queue_certificate_verify")).status_code == 404
    assert as_admin.post(url(theirs, "queue_certificate_reject"), {"refuse-reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.verification_state == VerificationState.PENDING
    assert as_their_admin.get(url(theirs)).status_code == 200


def test_the_national_viewer_reads_but_cannot_decide(world, as_viewer):
    cert = manual_certificate("43")

    assert "只能查看" in as_viewer.get(url(cert)).content.decode()
    assert as_viewer.post(url(cert, "queue_certificate_verify")).status_code == 404


def test_a_verifier_at_the_national_organisation_may_verify_every_province(world, national_admin, as_national_admin):
    theirs = manual_certificate("43")
    assert may_verify(national_admin, theirs)

    as_national_admin.post(url(theirs, "queue_certificate_verify"))

    theirs.refresh_from_db()
    assert theirs.verification_state == VerificationState.VERIFIED
