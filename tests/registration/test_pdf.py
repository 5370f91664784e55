"""The 申请表 PDF: what it says, its font, its QR code, and its cache (issue 5 item 7)."""

from __future__ import annotations

import re

import pytest
import qrcode
from django.core.files.base import ContentFile

from teacherreg.registration.models import Application
from teacherreg.registration.pdf import application_form, cache, render_application_form
from teacherreg.registration.pdf.content import case_url
from tests.documents.images import jpeg
from tests.factories import ApplicationFactory, PlanFactory
from tests.registration.pdf_world import ISSUER, SCHOOL, full_application, pages, pdf_fonts, pdf_images, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEACHERREG_SITE_URL = "https://jszg.example.cn"
    return tmp_path / "private"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_it_prints_the_fields_of_the_application_on_one_a4_page():
    application = full_application()
    data = render_application_form(application)
    text = pdf_text(data)
    flat = _flat(text)

    assert data.startswith(b"%PDF")
    assert pages(data) == 1
    assert "教师资格定期注册申请表" in flat
    assert application.number in flat
    assert application.name in flat
    assert application.certificate.number_as_printed in flat
    assert ISSUER in flat
    assert application.agency.name in flat
    assert SCHOOL in flat
    assert "汉族" in flat and "群众" in flat and "大学本科" in flat and "学士" in flat and "公办" in flat
    assert "定期注册（第1次）" in flat
    assert "2021-12-20" in flat and "注册合格" in flat  # the previous registration


def test_the_cycle_shows_the_records_by_year_and_leaves_the_rest_blank():
    application = full_application()
    lines = pdf_text(render_application_form(application)).splitlines()

    def after(label: str) -> list[str]:
        return next(line for line in lines if label in line).split(label, 1)[1].split()

    assert after("考核年度") == ["2021", "2022", "2023", "2024", "2025", "合计"]
    assert after("年度考核") == ["优秀", "合格", "—"]  # 2023–2025 blank for the school
    assert after("师德考核") == ["合格", "—"]
    # 72 + 24.5 in 2022, 80 in 2023, nothing later; the total of what is recorded.
    assert after("培训学时") == ["96.5", "80", "176.5"]


def test_id_and_phone_numbers_are_masked_like_everywhere_else():
    application = full_application()
    flat = _flat(pdf_text(render_application_form(application)))

    assert application.document_number not in flat
    assert application.document_number[:2] + "*****" + application.document_number[-2:] in flat
    assert application.phone not in flat
    assert application.phone[:3] + "****" + application.phone[-2:] in flat


def test_the_font_is_embedded_and_nothing_else_is_used():
    fonts = pdf_fonts(render_application_form(full_application())).splitlines()[2:]

    assert fonts, "no fonts listed"
    for line in fonts:
        assert "WenQuanYiMicroHei" in line
        columns = line.split()
        assert columns[-5:-3] == ["yes", "yes"], line  # emb, sub


def test_the_qr_code_holds_the_staff_url_of_the_case():
    application = full_application()
    images = pdf_images(render_application_form(application))

    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data("https://jszg.example.cn/office/applications/" + application.number + "/")
    expected.make(fit=True)
    matrix = expected.get_matrix()
    side = len(matrix)
    squares = [image.convert("L") for image in images if image.size == (side, side)]
    assert len(squares) == 1
    modules = [[squares[0].getpixel((x, y)) < 128 for x in range(side)] for y in range(side)]
    assert modules == matrix
    assert case_url(application) == f"https://jszg.example.cn/office/applications/{application.number}/"


def test_the_photo_is_printed_and_a_missing_photo_leaves_a_labelled_box():
    with_photo = full_application()
    without_photo = ApplicationFactory()

    assert len(pdf_images(render_application_form(with_photo))) == 2  # the QR code and the photo
    assert len(pdf_images(render_application_form(without_photo))) == 1
    assert "照片" in _flat(pdf_text(render_application_form(without_photo)))


def test_a_photo_whose_file_is_gone_still_gives_a_form(private_root, settings):
    application = full_application()
    application.photo.storage.delete(application.photo.name)

    data = application_form(application)

    assert "照片" in _flat(pdf_text(data))
    assert len(pdf_images(data)) == 1


def test_long_text_shrinks_or_wraps_inside_its_cell():
    school = "某某省某某市某某县某某镇中心学校附属第二实验小学暨九年一贯制学校东校区分部"  # 37 characters
    application = full_application(
        current_school=school[:60], postal_address="某某省某某市某某区某某街道某某路一百二十三号院" * 2
    )
    flat = _flat(pdf_text(render_application_form(application), mode="-raw"))

    assert school in flat  # every character still printed, nothing cut off
    assert "某某路一百二十三号院某某省" in flat


def test_a_province_without_city_review_has_no_review_box_for_it():
    application = full_application()
    plan = application.window.batch.plan
    plan.review_levels = ["county", "province"]
    plan.save()

    flat = _flat(pdf_text(render_application_form(Application.objects.get(pk=application.pk))))

    assert "注册机构初审意见" in flat and "终审意见" in flat
    assert "复核意见" not in flat
    assert "任教学校意见" in flat and "确认点意见" in flat and "申请人签名" in flat


def test_every_level_of_the_default_plan_has_a_box():
    application = ApplicationFactory(arrangement__window__batch__plan=PlanFactory(year=2026))
    flat = _flat(pdf_text(render_application_form(application)))

    for title in ("任教学校意见", "确认点意见", "注册机构初审意见", "复核意见", "终审意见"):
        assert title in flat


# --- the cache ------------------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders behind the cache."""
    calls = []
    real = cache.render_application_form

    def counting(application, photo=None):
        calls.append(application.version)
        return real(application, photo)

    monkeypatch.setattr(cache, "render_application_form", counting)
    return calls


def _cached(private_root):
    folder = private_root / cache.FOLDER
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def test_the_form_is_rendered_once_and_then_served_from_the_cache(renders, private_root):
    application = full_application()

    first = application_form(application)
    second = application_form(Application.objects.get(pk=application.pk))

    assert first == second
    assert renders == [1]
    [name] = _cached(private_root)
    assert name.startswith(f"{application.pk}-v1-")
    assert (private_root / cache.FOLDER / name).stat().st_mode & 0o777 == 0o600


def test_a_new_version_renders_a_new_file_and_removes_the_old_one(renders, private_root):
    application = full_application()
    other = full_application()
    application_form(application)
    application_form(other)

    application.version = 2
    application.current_school = "济南市历下区第二实验小学"
    application.save()
    data = application_form(application)

    assert renders == [1, 1, 2]
    assert "济南市历下区第二实验小学" in _flat(pdf_text(data))
    names = _cached(private_root)
    assert [n for n in names if n.startswith(f"{application.pk}-")] == [
        cache.cache_name(application, cache.read_photo(application)).split("/")[1]
    ]
    assert any(n.startswith(f"{other.pk}-v1-") for n in names)  # another application's form stays


def test_a_new_photo_renders_again_without_a_new_version(renders, private_root):
    application = full_application()
    before = application_form(application)

    application.photo.save("photo.jpg", ContentFile(jpeg((300, 420))), save=True)
    after = application_form(application)

    assert renders == [1, 1]
    assert before != after
    assert len(_cached(private_root)) == 1


def test_the_cached_form_does_not_hold_the_id_number_in_clear(private_root):
    application = full_application()
    application_form(application)
    [name] = _cached(private_root)

    raw = (private_root / cache.FOLDER / name).read_bytes()
    assert application.document_number.encode() not in raw
    assert application.document_number not in pdf_text(raw)
