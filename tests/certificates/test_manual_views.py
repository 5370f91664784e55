"""The pages for adding an older certificate: the 添加说明, the form (read-only holder, dependent
lists with and without htmx, typed values kept), the list and detail states, photos served to
their holder only, withdrawal and resubmission."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.certificates.models import Certificate, VerificationState
from teacherreg.certificates.services.verification import verify_manual_certificate
from tests.certificates.manual_world import add, scan
from tests.documents.images import jpeg, other_format
from tests.factories import ApplicantFactory, StaffFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
FORM = "/me/certificates/add/form/"


@pytest.fixture
def teacher(client):
    user = ApplicantFactory(name="薛明")
    client.force_login(user, backend=BACKEND)
    return user


def posted(world, **overrides) -> dict:
    values = {
        "number": "20053701021000123",
        "issued_on": "2005-07-01",
        "province": world.shandong.pk,
        "city": world.jinan.pk,
        "qualification_type": world.primary.pk,
        "subject": world.chinese.pk,
        "agency": world.lixia_office.pk,
        "scan": SimpleUploadedFile("证书.jpg", scan(), content_type="image/jpeg"),
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no select {name}"
    return [label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select.group(0))]


def test_the_list_offers_the_button_and_the_notes_come_first(client, teacher, world):
    listing = client.get(reverse("applicant:certificates")).content.decode()
    assert "添加教师资格证书信息" in listing and reverse("applicant:certificate_add_notes") in listing
    notes = client.get(reverse("applicant:certificate_add_notes")).content.decode()
    assert "2008 年起（广西壮族自治区 2012 年起）" in notes and "首次注册" in notes
    assert "15 位或 17 位" in notes and "一代（15 位）身份证号码" in notes
    assert "确认要添加" in notes and "取消" in notes and FORM in notes


def test_the_holder_is_the_account_shown_read_only_and_masked(client, teacher, world):
    html = client.get(FORM).content.decode()
    assert re.search(r'<input type="text" id="holder-name"[^>]*value="薛明"[^>]*readonly', html)
    assert teacher.document_number not in html
    assert teacher.document_number[:2] + "*****" + teacher.document_number[-2:] in html
    assert 'name="holder' not in html  # nothing to post: the service uses the account
    # The fields in the manual's order.
    order = [
        "持证人",
        "身份证件号码",
        "证书号码",
        "证书签发日期",
        "所属省份",
        "所属市",
        "资格种类",
        "任教学科",
        "认定机构",
    ]
    positions = [html.index(f">{label}") for label in order]
    assert positions == sorted(positions)
    assert "上传证书照片" in html and "添加补充照片" in html and "190 KB" in html and "证书原件" in html


def test_a_valid_certificate_is_added_and_listed_as_pending(client, teacher, world):
    response = client.post(FORM, posted(world), follow=True)
    assert response.redirect_chain[-1][0] == reverse("applicant:certificates")
    html = response.content.decode()
    assert "等待人工核验" in html  # the success message
    assert "2005*****23" in html and "待核验" in html
    certificate = Certificate.objects.get()
    assert certificate.holder == teacher and certificate.verification_state == VerificationState.PENDING


def test_errors_keep_every_typed_value_and_ask_for_the_file_again(client, teacher, world):
    response = client.post(FORM, posted(world, number="2005370102100012", issued_on="2005-07-01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "教师资格证书号码不规范" in html
    assert 'value="2005370102100012"' in html and 'value="2005-07-01"' in html
    for field, pk in (("province", world.shandong.pk), ("city", world.jinan.pk), ("agency", world.lixia_office.pk)):
        assert re.search(rf'<select name="{field}".*?<option value="{pk}" selected>', html, re.S), field
    assert "请重新选择证书照片" in html
    assert not Certificate.objects.exists()


def test_a_png_named_jpg_is_refused_on_the_page(client, teacher, world):
    photo = SimpleUploadedFile("证书.jpg", other_format("PNG", (600, 400)), content_type="image/jpeg")
    html = client.post(FORM, posted(world, scan=photo)).content.decode()
    assert "不是 JPEG 格式" in html and not Certificate.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["update-button", "htmx"])
def test_updating_the_options_narrows_the_lists_and_judges_nothing(client, teacher, world, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = {
        "refresh": "1",
        "number": "2005",
        "issued_on": "2005-07-01",
        "province": world.shandong.pk,
        "city": world.jinan.pk,
        "qualification_type": world.primary.pk,
    }
    html = client.post(FORM, data, **headers).content.decode()
    assert options(html, "city") == ["济南市", "青岛市"]
    assert options(html, "subject") == ["语文", "外语"]
    assert options(html, "agency") == ["济南市历下区教育局"]
    assert 'value="2005"' in html  # what was typed stays
    assert "请修改以下问题" not in html and "不规范" not in html
    assert 'id="dependent-fields"' in html


def test_the_lists_say_what_to_choose_first(client, teacher, world):
    html = client.get(FORM).content.decode()
    assert options(html, "city") == [] and "请先选择所属省份" in html
    assert "请先选择资格种类" in html
    assert "请先填写或选择：证书签发日期、所属省份、所属市、资格种类" in html


def test_photos_are_served_to_their_holder_only(client, teacher, world):
    certificate = add(world, teacher)
    response = client.get(reverse("applicant:certificate_photo", args=[certificate.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    b"".join(
        response.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection

    theirs = add(world, ApplicantFactory(), "20053701021000456")
    assert client.get(reverse("applicant:certificate_photo", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("applicant:certificate_extra_photo", args=[certificate.pk, 1])).status_code == 404
    assert client.get(reverse("applicant:certificate_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("applicant:certificate_withdraw", args=[theirs.pk])).status_code == 404


def test_the_detail_shows_the_photo_the_state_and_delete(client, teacher, world):
    certificate = add(world, teacher)
    html = client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    assert reverse("applicant:certificate_photo", args=[certificate.pk]) in html
    assert "待核验" in html and "携带" in html
    assert reverse("applicant:certificate_withdraw", args=[certificate.pk]) in html


def test_a_rejected_certificate_shows_the_reason_and_can_be_resubmitted(client, teacher, world):
    certificate = add(world, teacher)
    verify_manual_certificate(StaffFactory(is_superuser=True), certificate, False, "证书照片看不清签发日期")

    listing = client.get(reverse("applicant:certificates")).content.decode()
    assert "核验未通过" in listing
    detail = client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    assert "证书照片看不清签发日期" in detail
    url = reverse("applicant:certificate_resubmit", args=[certificate.pk])
    assert url in detail

    form = client.get(url).content.decode()
    assert "20053701021000123" in form and 'name="number"' not in form
    assert re.search(rf'<option value="{world.lixia_office.pk}" selected>', form)
    data = posted(world, number=None, issued_on="2005-09-01", scan=None)
    response = client.post(url, data)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.verification_state == VerificationState.PENDING
    assert str(certificate.issued_on) == "2005-09-01"


def test_the_holder_deletes_after_confirming(client, teacher, world):
    certificate = add(world, teacher)
    url = reverse("applicant:certificate_withdraw", args=[certificate.pk])
    assert "确认删除" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "已删除证书 2005*****23" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_verified_certificate_offers_no_delete(client, teacher, world):
    certificate = add(world, teacher)
    verify_manual_certificate(StaffFactory(is_superuser=True), certificate, True)
    url = reverse("applicant:certificate_withdraw", args=[certificate.pk])
    assert url not in client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    client.post(url)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_extra_photos_are_uploaded_with_the_form(client, teacher, world):
    extras = [SimpleUploadedFile(f"p{i}.jpg", jpeg((400, 300)), content_type="image/jpeg") for i in range(2)]
    client.post(FORM, {**posted(world), "extra_photos": extras})
    certificate = Certificate.objects.get()
    assert certificate.photos.count() == 2
    html = client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    assert reverse("applicant:certificate_extra_photo", args=[certificate.pk, 2]) in html


def test_the_helper_knows_hand_added_certificates(client, teacher, world):
    from teacherreg.certificates.services.diagnosis import diagnose

    add(world, teacher)
    add(world, ApplicantFactory(), "20053701021000777")
    assert diagnose(teacher, "20053701021000123").code == "added_by_hand"
    assert diagnose(teacher, "20053701021000777").code == "added_by_other"
