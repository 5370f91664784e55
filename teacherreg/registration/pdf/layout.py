"""The 《教师资格定期注册申请表》 page (domain.md §4.1 [I]; manual §3.2.4): one A4 sheet laid out
as a ruled official form. Sections down the left, label and value cells across, the photo box
top right, the cycle's assessments by year, the applicant's pledge and signature, and an
opinion, seal and date box for the school, the confirmation point and each review level of
the province's plan (P15: a province without 复核 has no 复核 box).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

import qrcode
from django.utils.translation import gettext as _
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from teacherreg.registration.models import ReviewLevel
from teacherreg.registration.pdf import fonts
from teacherreg.registration.pdf.content import FormContent
from teacherreg.registration.pdf.drawing import THICK, Pen

logger = logging.getLogger(__name__)

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 34.0, 30.0, 26.0
TABLE_W = PAGE_W - 2 * MARGIN_X
SECTION_W = 22.0  # the column of vertical section names
LABEL_W = 62.0
LABEL_SIZE = 8.5
ROW_H = 19.0
PERSONAL_ROW_H = 21.0
# 1 寸 photo: 25 mm × 35 mm.
PHOTO_W, PHOTO_H = 25 / 25.4 * 72, 35 / 25.4 * 72
PHOTO_CELL_W = 82.0
QR_SIDE = 58.0

# One row: (label, field name, relative width of the value cell) pairs.
Row = Sequence[tuple[str, str, float]]


class Renderer:
    def __init__(self, content: FormContent) -> None:
        self.content = content
        self.buffer = io.BytesIO()
        # invariant: no creation date or random document id, so equal input gives equal bytes.
        # The initial font is ours too: otherwise an unembedded Helvetica is listed in the file.
        fonts.main_font()
        canvas = Canvas(
            self.buffer, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts.MAIN_FONT, initialFontSize=9
        )
        canvas.setTitle(f"教师资格定期注册申请表 {content.number}")
        canvas.setAuthor("中小学教师资格定期注册系统")
        self.pen = Pen(canvas)
        self.c = canvas
        self.left = MARGIN_X
        self.right = PAGE_W - MARGIN_X

    # --- the page ------------------------------------------------------------------------

    def render(self) -> bytes:
        y = self.header(PAGE_H - MARGIN_TOP)
        top = y
        y = self.personal(y)
        y = self.section(y, _("学历学位"), self.education_rows())
        y = self.section(y, _("教师资格"), self.certificate_rows())
        y = self.section(y, _("任教情况"), self.work_rows())
        y = self.cycle(y)
        y = self.pledge(y)
        bottom = MARGIN_BOTTOM + 16
        self.opinions(y, bottom)
        self.pen.box(self.left, bottom, TABLE_W, top - bottom, THICK)
        self.footer()
        self.c.showPage()
        self.c.save()
        if self.pen.missing:
            # Recorded without the name itself: the code points say which glyphs to find.
            logger.warning(
                "申请表 %s: no font has %s; drawn as boxes",
                self.content.number,
                ", ".join(f"U+{ord(ch):04X}" for ch in sorted(self.pen.missing)),
            )
        return self.buffer.getvalue()

    def header(self, top: float) -> float:
        pen, content = self.pen, self.content
        qr_y = top - QR_SIDE
        self.qr(self.right - QR_SIDE, qr_y, QR_SIDE)
        pen.centred(PAGE_W / 2, top - 24, _("教师资格定期注册申请表"), 19)
        number = _("注册报名号：%(number)s") % {"number": content.number}
        pen.text(self.left, qr_y + 6, number, 10.5)
        year = _("注册年度：%(year)s") % {"year": content.fields["registration_year"]}
        pen.text(self.left + 190, qr_y + 6, year, 9)
        pen.text(self.right - QR_SIDE - 98, qr_y + 6, _("工作人员扫码查看 →"), 7.5)
        return qr_y - 4

    def qr(self, x: float, y: float, side: float) -> None:
        """The case URL as a QR code, embedded as a one-pixel-per-module image (with the
        quiet zone) so that it stays sharp at any zoom and can be read back from the file."""
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(self.content.case_url)
        code.make(fit=True)
        matrix = code.get_matrix()
        image = Image.new("L", (len(matrix), len(matrix)), 255)
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        self.c.drawImage(ImageReader(image), x, y, side, side)

    # --- sections --------------------------------------------------------------------------

    def section(
        self, top: float, title: str, rows: Sequence[Row], width: float | None = None, row_h: float = ROW_H
    ) -> float:
        """Draw a section's rows under ``top``; returns the y below it."""
        width = width or TABLE_W
        height = row_h * len(rows)
        self.pen.box(self.left, top - height, SECTION_W, height)
        self.pen.vertical(self.left, top - height, SECTION_W, height, title, 9.5)
        y = top
        for row in rows:
            self.row(self.left + SECTION_W, y - row_h, width - SECTION_W, row_h, row)
            y -= row_h
        return y

    def row(self, x: float, y: float, width: float, h: float, cells: Row) -> None:
        # A long label (最高学历专业类别) gets a wider cell rather than unreadably small type.
        label_ws = [max(LABEL_W, fonts.width(label, LABEL_SIZE) + 8) for label, _name, _weight in cells]
        flexible = width - sum(label_ws)
        total = sum(weight for _label, _name, weight in cells)
        for (label, name, weight), label_w in zip(cells, label_ws, strict=True):
            value_w = flexible * weight / total
            self.pen.box(x, y, label_w, h)
            self.pen.fit(x, y, label_w, h, label, size=LABEL_SIZE, align="centre")
            self.pen.box(x + label_w, y, value_w, h)
            self.pen.fit(x + label_w, y, value_w, h, self.content.fields.get(name, ""), size=9)
            x += label_w + value_w

    def personal(self, top: float) -> float:
        rows: list[Row] = [
            [(_("姓名"), "name", 1.2), (_("性别"), "sex", 0.6), (_("民族"), "ethnic_group", 0.8)],
            [
                (_("出生日期"), "birth_date", 1.2),
                (_("政治面貌"), "political_status", 0.6),
                (_("证件类型"), "document_type", 0.8),
            ],
            [(_("证件号码"), "document_number", 1.0), (_("户籍所在地"), "household_registration", 1.2)],
            [(_("通讯地址"), "postal_address", 1)],
            [(_("通讯邮编"), "postcode", 1.0), (_("手机号码"), "phone", 1.2)],
        ]
        # Rows a little taller here so that the 1 寸 photo (35 mm) fits beside them.
        y = self.section(top, _("基本信息"), rows, TABLE_W - PHOTO_CELL_W, PERSONAL_ROW_H)
        self.photo(self.right - PHOTO_CELL_W, y, PHOTO_CELL_W, top - y)
        return y

    def photo(self, x: float, y: float, w: float, h: float) -> None:
        self.pen.box(x, y, w, h)
        px, py = x + (w - PHOTO_W) / 2, y + (h - PHOTO_H) / 2
        data = self.content.photo
        if data:
            try:
                reader = ImageReader(io.BytesIO(data))
                self.c.drawImage(reader, px, py, PHOTO_W, PHOTO_H, preserveAspectRatio=True, anchor="c")
                return
            except Exception:  # an unreadable photo must not stop the form: show the empty box
                logger.warning("申请表 %s: photo could not be drawn", self.content.number, exc_info=True)
        self.c.setDash(2, 2)
        self.pen.box(px, py, PHOTO_W, PHOTO_H)
        self.c.setDash()
        self.pen.centred(x + w / 2, y + h / 2 + 2, _("照片"), 11)
        self.pen.centred(x + w / 2, y + h / 2 - 12, _("（1寸白底）"), 7)

    def education_rows(self) -> list[Row]:
        return [
            [(_("最高学历"), "education_level", 1), (_("学习形式"), "study_form", 1), (_("最高学位"), "degree", 1)],
            [(_("最高学历专业类别"), "major_category", 1), (_("所学专业"), "major", 1.6)],
            [
                (_("毕业学校"), "graduation_school", 1.5),
                (_("毕业时间"), "graduated_on", 0.8),
                (_("普通话水平"), "mandarin_grade", 0.8),
            ],
        ]

    def certificate_rows(self) -> list[Row]:
        return [
            [
                (_("证书号码"), "certificate_number", 1.1),
                (_("资格种类"), "qualification_type", 1.1),
                (_("任教学科"), "certificate_subject", 0.9),
            ],
            [(_("认定机构"), "issuer", 1.9), (_("证书签发日期"), "issued_on", 0.8)],
            [
                (_("注册类型"), "kind", 1.1),
                (_("上次注册日期"), "last_registered_on", 1),
                (_("上次注册结论"), "last_conclusion", 1),
            ],
        ]

    def work_rows(self) -> list[Row]:
        return [
            [(_("现任教学校"), "current_school", 2.2), (_("任教学校性质"), "school_nature", 0.8)],
            [
                (_("学校所在地"), "school_location", 1),
                (_("现任教学段"), "current_stage", 1),
                (_("现任教学科"), "current_subject", 1),
            ],
            [
                (_("教师职务"), "teacher_title", 1),
                (_("岗位性质"), "post_nature", 1),
                (_("开始工作时间"), "started_work_on", 1),
            ],
            [(_("本单位聘用起始日期"), "employed_since", 0.85), (_("注册机构"), "agency", 1.6)],
            [(_("确认点"), "confirmation_point", 1)],
        ]

    def cycle(self, top: float) -> float:
        """The cycle's five years: values from the records, empty boxes for the school."""
        pen, content = self.pen, self.content
        rows = 5
        height = ROW_H * rows
        pen.box(self.left, top - height, SECTION_W, height)
        pen.vertical(self.left, top - height, SECTION_W, height, _("周期考核"), 9.5)
        x0 = self.left + SECTION_W
        label_w = LABEL_W * 1.35
        columns = len(content.cycle) + 1
        col_w = (self.right - x0 - label_w) / columns
        heading = [str(year.year) for year in content.cycle] + [_("合计")]
        lines = [
            (_("考核年度"), heading),
            (_("年度考核"), [year.assessment for year in content.cycle] + ["—"]),
            (_("师德考核"), [year.ethics for year in content.cycle] + ["—"]),
            (_("培训学时"), [year.training_hours for year in content.cycle] + [content.training_total]),
        ]
        y = top
        for label, values in lines:
            y -= ROW_H
            pen.box(x0, y, label_w, ROW_H)
            pen.fit(x0, y, label_w, ROW_H, label, size=8.5, align="centre")
            for number, value in enumerate(values):
                pen.box(x0 + label_w + number * col_w, y, col_w, ROW_H)
                pen.fit(x0 + label_w + number * col_w, y, col_w, ROW_H, value, size=9, align="centre")
        y -= ROW_H
        pen.box(x0, y, label_w, ROW_H)
        pen.fit(x0, y, label_w, ROW_H, _("中止教学一学期以上"), size=8.5, align="centre")
        rest = self.right - x0 - label_w
        pen.box(x0 + label_w, y, rest, ROW_H)
        pen.fit(
            x0 + label_w,
            y,
            rest,
            ROW_H,
            _("□ 否    □ 是（原因及起止时间：                                          ）"),
            size=9,
        )
        return y

    def pledge(self, top: float) -> float:
        pen = self.pen
        height = 50.0
        y = top - height
        pen.box(self.left, y, SECTION_W, height)
        pen.vertical(self.left, y, SECTION_W, height, _("个人承诺"), 9.5)
        x = self.left + SECTION_W
        w = self.right - x
        pen.box(x, y, w, height)
        text = _(
            "本人承诺：以上填写的信息和提交的材料真实、准确、完整，本人遵守教师职业道德规范；"
            "如有不实，本人愿意承担由此产生的一切后果。"
        )
        pen.fit(x, y + 18, w, height - 18, text, size=9, valign="top")
        pen.text(x + w - 262, y + 8, _("申请人签名：                      日期：        年    月    日"), 9)
        return y

    def opinions(self, top: float, bottom: float) -> None:
        """Opinion boxes, two to a row: school, confirmation point, then the plan's levels."""
        boxes: list[tuple[str, str, bool]] = [
            (_("任教学校意见"), _("负责人签字（盖章）"), False),
            (_("确认点意见"), _("确认人签字"), False),
        ]
        titles = {
            ReviewLevel.COUNTY: _("注册机构初审意见"),
            ReviewLevel.CITY: _("复核意见"),
            ReviewLevel.PROVINCE: _("终审意见"),
        }
        for level in self.content.review_levels:
            boxes.append((str(titles[ReviewLevel(level)]), _("（盖章）"), level == ReviewLevel.PROVINCE))
        pen = self.pen
        height = top - bottom
        pen.box(self.left, bottom, SECTION_W, height)
        pen.vertical(self.left, bottom, SECTION_W, height, _("审核意见"), 9.5)
        x0 = self.left + SECTION_W
        width = self.right - x0
        pairs = [boxes[i : i + 2] for i in range(0, len(boxes), 2)]
        row_h = height / len(pairs)
        for number, pair in enumerate(pairs):
            y = top - row_h * (number + 1)
            box_w = width / len(pair)
            for column, (title, signer, conclusion) in enumerate(pair):
                self.opinion_box(x0 + column * box_w, y, box_w, row_h, title, signer, conclusion)

    def opinion_box(self, x: float, y: float, w: float, h: float, title: str, signer: str, conclusion: bool) -> None:
        pen = self.pen
        pen.box(x, y, w, h)
        pen.text(x + 5, y + h - 13, title + _("："), 9.5)
        if conclusion:
            pen.text(x + 5, y + h - 28, _("注册结论：□ 合格    □ 暂缓注册    □ 不合格"), 9)
        pen.text(x + w - 232 if w > 300 else x + 5, y + 20, signer + _("："), 8.5)
        date = _("年    月    日")
        pen.text(x + w - 6 - fonts.width(date, 8.5), y + 7, date, 8.5)

    def footer(self) -> None:
        c = self.c
        c.setFillGray(0.3)
        notes = _(
            "说明：本表一式两份，由申请人签名后交任教学校填写意见并盖章，现场确认时提交。"
            "周期考核栏中系统已有的记录已预先填入，空白处由任教学校核实填写。"
        )
        self.pen.fit(self.left, MARGIN_BOTTOM - 4, TABLE_W, 20, notes, size=7.2)
        version = _("报名信息第 %(version)s 版 · 提交日期 %(day)s") % {
            "version": self.content.version,
            "day": self.content.fields.get("submitted_on", ""),
        }
        self.pen.text(self.right - fonts.width(version, 6.5), MARGIN_BOTTOM - 14, version, 6.5)
        c.setFillGray(0)


def render(content: FormContent) -> tuple[bytes, set[str]]:
    """The PDF bytes and the characters no installed font could draw."""
    renderer = Renderer(content)
    data = renderer.render()
    return data, renderer.pen.missing
