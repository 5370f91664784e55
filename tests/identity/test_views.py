"""The 实名核验 and 人工审核 pages (manual §2.1)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import DocumentType, IdentityStatus
from teacherreg.identity.models import ManualReview
from teacherreg.identity.services import reject_review
from tests.documents.images import jpeg, other_format
from tests.factories import ApplicantFactory, StaffFactory
from tests.identity.conftest import register, submit_review

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.identity.urls")]

VERIFY = "/me/identity/"
REVIEW = "/me/identity/manual-review/"
BACKEND = STAFF_BACKEND


@pytest.fixture
def applicant():
    return ApplicantFactory(name="张三")


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant, backend=BACKEND)
    return client


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", [VERIFY, REVIEW])
def test_the_pages_need_a_signed_in_applicant(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={path}"


@pytest.mark.parametrize("path", [VERIFY, REVIEW])
def test_staff_are_refused(client, path):
    client.force_login(StaffFactory(), backend=BACKEND)

    assert client.get(path).status_code == 403


def test_the_page_shows_status_tries_and_the_masked_number(signed_in, applicant):
    response = signed_in.get(VERIFY)

    page = text(response)
    assert response.status_code == 200
    assert "实名状态 未核验" in page
    assert "今天剩余核验次数 3 次（每天 3 次）" in page
    masked = applicant.document_number[:2] + "*****" + applicant.document_number[-2:]
    assert f"证件号码 {masked}" in page
    assert applicant.document_number not in response.content.decode()
    assert 'value="张三"' in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    assert "操作说明" in page and "每天（按北京时间计算）最多可以核验 3 次" in page


def test_a_match_redirects_to_the_page_with_the_result(signed_in, applicant):
    register(applicant)

    response = signed_in.post(VERIFY, {"name": "张三"}, follow=True)

    assert response.redirect_chain == [(VERIFY, 302)]
    page = text(response)
    assert "实名核验通过。" in page
    assert "实名状态 核验通过" in page


def test_a_mismatch_shows_the_reason_the_tries_left_and_the_manual_review_link(signed_in, applicant):
    register(applicant, "张叁")

    response = signed_in.post(VERIFY, {"name": "张三"}, follow=True)

    page = text(response)
    assert "姓名与证件号码不一致，实名核验未通过。" in page
    assert "今天还可以核验 2 次。" in page
    assert "实名状态 核验未通过" in page
    assert f'href="{REVIEW}"' in response.content.decode()
    assert "申请人工审核" in page


def test_the_fourth_try_is_refused_on_the_page(signed_in, applicant):
    register(applicant, "张叁")
    for _ in range(3):
        signed_in.post(VERIFY, {"name": "张三"})

    response = signed_in.post(VERIFY, {"name": "张三"}, follow=True)

    page = text(response)
    assert "今天的 3 次实名核验机会已经用完" in page
    assert "今天剩余核验次数 0 次" in page
    assert re.search(r'<button type="submit" class="btn btn-primary" disabled>', response.content.decode())


def test_a_bad_name_is_shown_on_the_field(signed_in):
    response = signed_in.post(VERIFY, {"name": "张\u200b三"})

    assert response.status_code == 200
    assert "姓名中含有不可见字符" in text(response)
    assert 'aria-invalid="true"' in response.content.decode()


def test_other_documents_see_the_manual_review_path(client):
    person = ApplicantFactory(document_type=DocumentType.PASSPORT, document_number="E12345678", name="李四")
    client.force_login(person, backend=BACKEND)

    response = client.get(VERIFY)

    page = text(response)
    assert "公安系统只能在线核验居民身份证" in page
    assert "提交核验" not in page
    assert f'href="{REVIEW}"' in response.content.decode()


def test_a_pending_review_replaces_the_form(signed_in, applicant):
    with time_machine.travel(datetime.datetime(2026, 6, 17, 2, 0, tzinfo=datetime.UTC), tick=False):
        submit_review(applicant)

    page = text(signed_in.get(VERIFY))

    assert "预计在 2026-06-26 前给出结论。审核期间不能进行实名核验。" in page
    assert "提交核验" not in page


# ----------------------------------------------------------------------------------------
# 人工审核


def fail(applicant):
    applicant.identity_status = IdentityStatus.FAILED
    applicant.save(update_fields=["identity_status"])


def files(front: bytes | None = None, back: bytes | None = None) -> dict:
    return {
        "front": SimpleUploadedFile("正面.jpg", front or jpeg((856, 540)), content_type="image/jpeg"),
        "back": SimpleUploadedFile("反面.jpg", back or jpeg((856, 540)), content_type="image/jpeg"),
    }


def test_the_review_page_asks_to_check_online_first(signed_in):
    page = text(signed_in.get(REVIEW))

    assert "请先进行实名核验；核验未通过的，可以再申请人工审核。" in page
    assert 'type="file"' not in page


def test_the_review_page_shows_consent_rules_and_two_photo_inputs(signed_in, applicant):
    fail(applicant)

    response = signed_in.get(REVIEW)

    page, html = text(response), response.content.decode()
    assert "身份证件照片收集和使用说明" in page
    assert "审核结论作出后 30 天内，照片会被删除" in page
    assert "每张不超过 190 KB（194,560 字节），像素不超过 1200 万" in page
    assert html.count('type="file"') == 2
    assert 'name="consent"' in html and 'name="consent_version" value="2026.1"' in html


def test_submitting_a_review_shows_the_due_date(signed_in, applicant):
    fail(applicant)

    with time_machine.travel(datetime.datetime(2026, 6, 17, 2, 0, tzinfo=datetime.UTC), tick=False):
        response = signed_in.post(
            REVIEW, {"name": "张三", "consent": "on", "consent_version": "2026.1", **files()}, follow=True
        )

    page = text(response)
    assert response.redirect_chain == [(REVIEW, 302)]
    assert "人工审核申请已提交，预计在 2026-06-26 前给出结论。" in page
    assert "您于 2026-06-17 10:00 提交的人工审核申请正在审核中" in page
    assert ManualReview.objects.get().submitted_name == "张三"


def test_without_consent_nothing_is_stored(signed_in, applicant):
    fail(applicant)

    response = signed_in.post(REVIEW, {"name": "张三", "consent_version": "2026.1", **files()})

    assert "请阅读并同意身份证件照片的收集和使用说明。" in text(response)
    assert not ManualReview.objects.exists()


def test_a_png_renamed_jpg_is_refused_on_its_field(signed_in, applicant):
    fail(applicant)

    response = signed_in.post(
        REVIEW, {"name": "张三", "consent": "on", "consent_version": "2026.1", **files(front=other_format("PNG"))}
    )

    assert "证件正面照片：文件不是 JPEG 格式的图片。" in text(response)
    assert not ManualReview.objects.exists()


def test_a_rejected_review_shows_its_reason_and_the_form_again(signed_in, applicant):
    fail(applicant)
    reject_review(submit_review(applicant), by=StaffFactory(), reason="照片反光，看不清号码。")

    response = signed_in.get(REVIEW)

    page = text(response)
    assert "人工审核未通过 原因：照片反光，看不清号码。" in page
    assert response.content.decode().count('type="file"') == 2


def test_a_post_while_a_review_is_pending_is_refused_with_the_reason(signed_in, applicant):
    submit_review(applicant)

    response = signed_in.post(VERIFY, {"name": "张三"}, follow=True)

    assert "您的人工审核申请正在审核中，审核期间不能进行实名核验。" in text(response)


def test_a_post_with_another_document_points_to_manual_review(client):
    person = ApplicantFactory(document_type=DocumentType.PASSPORT, document_number="E12345678", name="李四")
    client.force_login(person, backend=BACKEND)

    response = client.post(VERIFY, {"name": "李四"}, follow=True)

    assert "您的证件类型是护照，不能通过公安系统在线核验，请申请人工审核。" in text(response)
