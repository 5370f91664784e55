"""申请表预览 / 下载: the owner only, as an attachment or inline, never cached, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND, STAFF_BACKEND
from teacherreg.audit.models import AuditEvent
from tests.factories import ApplicantFactory, ApplicationFactory, StaffFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(application, **query):
    url = reverse("applicant:application_pdf", args=[application.number])
    return url + ("?inline=1" if query.get("inline") else "")


def test_the_owner_downloads_the_form_as_an_attachment(client):
    application = ApplicationFactory()
    client.force_login(application.applicant, backend=BACKEND)

    response = client.get(_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{application.number}.pdf"'
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="application.form_downloaded")
    assert event.actor == application.applicant
    assert event.object_ref == str(application.pk)
    assert event.data == {"version": 1, "inline": False}


def test_preview_shows_it_inline(client):
    application = ApplicationFactory()
    client.force_login(application.applicant, backend=BACKEND)

    response = client.get(_url(application, inline=True))

    assert response["Content-Disposition"] == f'inline; filename="{application.number}.pdf"'
    assert AuditEvent.objects.get(action="application.form_downloaded").data["inline"] is True


def test_another_applicant_gets_404_like_for_a_number_that_does_not_exist(client):
    application = ApplicationFactory()
    client.force_login(ApplicantFactory(), backend=BACKEND)

    theirs = client.get(_url(application))
    missing = client.get(reverse("applicant:application_pdf", args=["209911010199999"]))

    assert theirs.status_code == missing.status_code == 404
    assert not AuditEvent.objects.filter(action="application.form_downloaded").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    application = ApplicationFactory()

    response = client.get(_url(application))

    assert response.status_code == 302
    assert "application/pdf" not in response.get("Content-Type", "")


def test_staff_do_not_get_it_here(client):
    application = ApplicationFactory()
    client.force_login(StaffFactory(), backend=STAFF_BACKEND)

    response = client.get(_url(application))

    assert response.status_code == 302
    assert not response.content.startswith(b"%PDF")
