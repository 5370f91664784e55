"""Screenshots (P13-style checks, security.md §1.7, §4.4): JPEG or PNG, at most 2 MB and
12,000,000 declared pixels, decoded fully, stored re-encoded as JPEG under a server-made name."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from teacherreg.documents.storage import private_storage
from teacherreg.support.models import Ticket
from teacherreg.support.uploads import validate_screenshot
from tests.documents.images import jpeg, noisy_jpeg, padded, with_declared_size

pytestmark = pytest.mark.django_db

QUESTION = {"subject": "李明 截图", "topic": "other", "description": "见截图。", "phone": "13612345678"}


def png(size=(800, 500), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_png_is_stored_as_a_jpeg_without_its_name(teacher_client):
    answer = teacher_client.post("/help/contact/", {**QUESTION, "screenshots": [_upload("../../etc/截图.png", png())]})

    assert answer.status_code == 302
    (shot,) = Ticket.objects.get().screenshots.all()
    assert shot.file.name.startswith("support/")
    assert "截图" not in shot.file.name and ".." not in shot.file.name
    with private_storage.open(shot.file.name, "rb") as handle:
        stored = handle.read()
    assert stored[:2] == b"\xff\xd8"
    assert Image.open(io.BytesIO(stored)).size == (800, 500)


def test_three_jpegs_are_kept_in_order(teacher_client):
    files = [_upload(f"{n}.jpg", jpeg((300 + n, 200)), "image/jpeg") for n in range(3)]

    teacher_client.post("/help/contact/", {**QUESTION, "screenshots": files})

    shots = list(Ticket.objects.get().screenshots.all())
    assert [s.position for s in shots] == [1, 2, 3]
    assert teacher_client.get(f"/me/support/{shots[0].ticket_id}/screenshots/2/")["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("notes.png", b"this is not an image at all")], "截图不是 JPG 或 PNG 格式的图片。"),
        ([("x.jpg", b"GIF89a" + b"\x00" * 64)], "截图不是 JPG 或 PNG 格式的图片。"),
        ([("big.jpg", padded(jpeg(), 2 * 1024 * 1024 + 1))], "文件超过了 2048 KB（2,097,152 字节）的上限"),
        ([("bomb.jpg", with_declared_size(jpeg((64, 64)), 12000, 12000))], "图片的像素过多（上限 12,000,000 像素）"),
        ([("cut.jpg", noisy_jpeg()[:5000])], "图片文件不完整或已损坏"),
        ([(f"{n}.jpg", jpeg()) for n in range(4)], "最多上传 3 张截图，请删去多余的。"),
    ],
    ids=["text", "gif", "too-big", "pixel-bomb", "truncated", "four"],
)
def test_it_refuses_and_keeps_the_text(teacher_client, files, message):
    uploads = [_upload(name, data) for name, data in files]

    page = teacher_client.post("/help/contact/", {**QUESTION, "screenshots": uploads}).content.decode()

    assert message in page
    assert "见截图。" in page  # the description is still there
    assert "请重新选择截图" in page
    assert Ticket.objects.count() == 0


def test_a_png_bomb_is_refused_before_decoding():
    header = png((10, 10), "RGB")
    # IHDR's data (width, height, …) is bytes 16–28, its CRC bytes 29–32: a well-formed header
    # that declares 20000 × 20000 pixels over a few bytes of data.
    ihdr = (20000).to_bytes(4, "big") * 2 + header[24:29]
    bomb = header[:16] + ihdr + zlib.crc32(b"IHDR" + ihdr).to_bytes(4, "big") + header[33:]

    with pytest.raises(ValidationError) as refusal:
        validate_screenshot(bomb)

    assert refusal.value.code == "upload_too_many_pixels"
