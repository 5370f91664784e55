"""The photo pages (P13): strict upload, rejection with "帮我处理" on the same file, the crop
form without JavaScript, before/after, acceptance, serving only to the owner, and ?next=."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.documents.models import ApplicantPhoto, PhotoOriginal, latest_photo
from tests.documents.images import jpeg, padded
from tests.documents.photo_images import encode, phone_jpeg, portrait
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND
PAGE = "/me/registration/photo/"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def teacher():
    return ApplicantFactory()


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    return client


def upload(client, data: bytes, action: str = "check", name: str = "photo.jpg", follow: bool = False):
    return client.post(PAGE, {"photo": SimpleUploadedFile(name, data, "image/jpeg"), action: "1"}, follow=follow)


def good_photo() -> bytes:
    return padded(jpeg((295, 413)), 60_000)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_needs_a_signed_in_applicant_and_lists_the_p13_numbers(client, signed_in):
    assert reverse("applicant:photo") == PAGE
    response = signed_in.get(PAGE)
    body = text(response)
    assert response.status_code == 200
    for words in ("宽 290–300 像素，高 408–418 像素", "50–200 KB（51,200–204,800 字节", "最大 15 MB、5,000 万像素"):
        assert words in body
    signed_in.logout()
    assert client.get(PAGE).status_code == 302


def test_a_photo_that_passes_is_shown_and_used_only_after_acceptance(signed_in, teacher):
    response = upload(signed_in, good_photo())
    photo = ApplicantPhoto.objects.get(owner=teacher)
    assert response["Location"] == reverse("applicant:photo_review", args=[photo.pk])
    assert (photo.source, photo.width, photo.height, photo.accepted_at) == ("uploaded", 295, 413, None)
    review = text(signed_in.get(response["Location"]))
    assert "使用这张照片" in review and reverse("applicant:photo_image", args=[photo.pk]) in review
    assert latest_photo(teacher) is None

    accepted = signed_in.post(reverse("applicant:photo_accept", args=[photo.pk]), follow=True)

    assert latest_photo(teacher) == photo
    assert "照片已确认使用。" in text(accepted)
    assert "正在使用的照片" in text(accepted)


def test_a_rejected_photo_says_what_is_wrong_and_offers_to_fix_the_same_file(signed_in, teacher):
    response = upload(signed_in, phone_jpeg((1200, 1600)))
    body = text(response)
    assert response.status_code == 400
    assert "照片宽度是 1200 像素，应在 290 到 300 像素之间。" in body
    assert "怎么办：" in body
    original = PhotoOriginal.objects.get(owner=teacher)
    assert f'href="{reverse("applicant:photo_fix", args=[original.pk])}"' in body
    assert "不用重新选择文件" in body
    assert not ApplicantPhoto.objects.exists()


def test_a_png_renamed_jpg_is_refused_and_can_still_be_fixed(signed_in, teacher):
    png = encode(portrait((295, 413)), "PNG")
    assert 51_200 <= len(png) <= 204_800
    body = text(upload(signed_in, png))
    assert "文件不是 JPEG 格式的图片。请上传 JPG 图片；只改文件扩展名不能改变格式。" in body
    assert "系统会转换成 JPEG" in body
    assert PhotoOriginal.objects.get(owner=teacher).source_format == "PNG"


def test_no_file_gives_the_catalogue_message(signed_in):
    response = signed_in.post(PAGE, {"check": "1"})
    assert response.status_code == 400 and "请选择照片文件。" in text(response)


def test_fix_it_for_me_without_javascript(signed_in, teacher):
    response = upload(signed_in, phone_jpeg((1200, 1600)), action="fix")
    original = PhotoOriginal.objects.get(owner=teacher)
    assert response["Location"] == reverse("applicant:photo_fix", args=[original.pk])
    page = text(signed_in.get(response["Location"]))
    # The numbers start as the centred box of the right aspect: the form works as it is.
    for name, value in (("x", 29), ("y", 0), ("width", 1142)):
        assert re.search(rf'name="{name}" value="{value}"', page)
    made = signed_in.post(response["Location"], {"x": 29, "y": 0, "width": 1142})
    fixed = ApplicantPhoto.objects.get(owner=teacher)
    assert made["Location"] == reverse("applicant:photo_review", args=[fixed.pk])
    assert (fixed.source, fixed.width, fixed.height) == ("fixed", 295, 413)
    assert 80 * 1024 <= fixed.size <= 180 * 1024
    review = text(signed_in.get(made["Location"]))
    assert "处理前" in review and "处理后" in review
    assert reverse("applicant:photo_original_image", args=[original.pk]) in review
    signed_in.post(reverse("applicant:photo_accept", args=[fixed.pk]))
    fixed.refresh_from_db()
    assert fixed.accepted_at is not None and not PhotoOriginal.objects.exists()


def test_a_box_outside_is_clamped_and_a_tiny_one_refused(signed_in, teacher):
    upload(signed_in, phone_jpeg((1200, 1600)), action="fix")
    url = reverse("applicant:photo_fix", args=[PhotoOriginal.objects.get().pk])
    tiny = signed_in.post(url, {"x": 0, "y": 0, "width": 20})
    assert tiny.status_code == 400
    assert "裁剪框太小（宽 20 像素，至少要 148 像素）" in text(tiny)
    assert 'value="20"' in text(tiny)  # what was typed is kept
    bad = signed_in.post(url, {"x": "左边", "y": "", "width": 500})
    assert bad.status_code == 400 and "请填写上边距（像素）。" in text(bad)
    outside = signed_in.post(url, {"x": 5000, "y": -300, "width": 600}, follow=True)
    assert "裁剪框超出了照片范围，已自动移回照片内" in text(outside)


def test_a_dark_background_is_a_warning_on_the_review(signed_in, teacher):
    upload(signed_in, encode(portrait((600, 840), background=(40, 90, 160)), "PNG"), action="fix")
    original = PhotoOriginal.objects.get()
    made = signed_in.post(reverse("applicant:photo_fix", args=[original.pk]), {"x": 0, "y": 0, "width": 600})
    review = text(signed_in.get(made["Location"]))
    assert "照片背景偏暗" in review and "使用这张照片" in review


def test_pictures_are_served_only_to_their_owner_and_never_cached(client, signed_in, teacher):
    upload(signed_in, good_photo())
    upload(signed_in, phone_jpeg((900, 1200)), action="fix")
    photo, original = ApplicantPhoto.objects.get(), PhotoOriginal.objects.get()
    image_url = reverse("applicant:photo_image", args=[photo.pk])
    original_url = reverse("applicant:photo_original_image", args=[original.pk])
    own = signed_in.get(image_url)
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert {"private", "no-store"} <= {part.strip() for part in own["Cache-Control"].split(",")}
    assert own["X-Content-Type-Options"] == "nosniff"
    assert b"".join(own.streaming_content).startswith(b"\xff\xd8")
    b"".join(
        own.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection
    kept = signed_in.get(original_url)
    assert kept.status_code == 200 and kept["Cache-Control"].count("no-store") == 1
    b"".join(
        kept.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection

    client.force_login(ApplicantFactory(), backend=BACKEND)
    for url in (
        image_url,
        original_url,
        reverse("applicant:photo_review", args=[photo.pk]),
        reverse("applicant:photo_fix", args=[original.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applicant:photo_accept", args=[photo.pk])).status_code == 404
    photo.refresh_from_db()
    assert photo.accepted_at is None


@pytest.mark.parametrize(
    ("wanted", "honoured"),
    [
        ("/me/registration/steps/2/", True),
        ("https://evil.example/me/", False),
        ("//evil.example/me/", False),
        ("/me/\\evil.example", False),
        ("/account/logout/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_next_is_honoured_only_for_paths_under_me(signed_in, wanted, honoured):
    signed_in.get(PAGE, {"next": wanted})
    upload(signed_in, good_photo())
    photo = ApplicantPhoto.objects.get()
    response = signed_in.post(reverse("applicant:photo_accept", args=[photo.pk]))
    assert response["Location"] == (wanted if honoured else PAGE)
