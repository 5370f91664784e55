"""The 注册结论贴 sticker sheet (issue 6 item 7): one sticker per 合格 case, ten to an A4 page.

The agency prints the sheet, cuts along the dashed lines, seals each sticker and pastes it on
the registration page of the teacher's certificate. A sticker names the holder, the certificate
number, the conclusion 合格, the validity of P18 as the registration record holds it, the agency
and the date. Where a case has no registration record yet (history still being imported), the
validity is left as lines to fill in by hand rather than guessed.

Drawing reuses the 申请表's fonts and pen (WenQuanYi with fallbacks, a crossed box for a
character no font has), so a rare character in a name prints the same way on both.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.registration.models import Application
from teacherreg.registration.pdf import fonts
from teacherreg.registration.pdf.drawing import Pen

PAGE_W, PAGE_H = A4
MARGIN = 12 * mm
HEADER = 9 * mm  # the sheet's own line above the grid
GAP = 4 * mm
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
CELL_W = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
CELL_H = (PAGE_H - 2 * MARGIN - HEADER - (ROWS - 1) * GAP) / ROWS
PAD = 4 * mm
TOP_PAD = 3 * mm
LINE = 14.5
SEAL = 8 * mm  # radius of the dashed circle where the agency's seal goes
ROW_RELATED = ("certificate", "agency")
CHUNK = 500


@dataclass(frozen=True)
class Sticker:
    name: str
    certificate_number: str
    ordinal: int | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    agency: str
    decided_on: datetime.date


def stickers_for(cases: Iterable[Application]) -> Iterator[Sticker]:
    """A sticker per case, with the validity from the case's 合格 registration record when the
    certificate has one (matched by application number), in the order of ``cases``."""
    batch: list[Application] = []
    for app in cases:
        batch.append(app)
        if len(batch) == CHUNK:
            yield from _batch(batch)
            batch = []
    yield from _batch(batch)


def _batch(apps: list[Application]) -> Iterator[Sticker]:
    if not apps:
        return
    records = {
        (record.certificate_id, record.application_number): record
        for record in RegistrationRecord.objects.filter(
            application_number__in=[app.number for app in apps], conclusion=Conclusion.QUALIFIED
        ).select_related("agency")
    }
    for app in apps:
        record = records.get((app.certificate_id, app.number))
        yield Sticker(
            name=app.name,
            certificate_number=app.certificate.number_as_printed,
            ordinal=(record.ordinal if record else None) or app.registration_ordinal,
            valid_from=record.valid_from if record else None,
            valid_until=record.valid_until if record else None,
            agency=(record.agency.name if record and record.agency else app.agency.name),
            decided_on=record.decided_on if record else timezone.localtime(app.status_changed_at).date(),
        )


def chinese_date(day: datetime.date | None) -> str:
    if day is None:
        return _("____年__月__日")
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def render_stickers(
    path: Path,
    stickers: Iterable[Sticker],
    *,
    printed_by: str,
    printed_at: datetime.datetime,
    on_progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Draw the sheet into a new PDF at ``path``; returns the number of stickers."""
    fonts.main_font()
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=fonts.MAIN_FONT, initialFontSize=9)
    canvas.setTitle(_("注册结论贴"))
    canvas.setAuthor(printed_by)
    canvas.setSubject(_("打印人：%(who)s；打印时间：%(when)s") % _signature(printed_by, printed_at))
    canvas.setCreator(_("中小学教师资格定期注册系统"))
    pen = Pen(canvas)
    count = 0
    for count, sticker in enumerate(stickers, start=1):
        slot = (count - 1) % PER_PAGE
        if slot == 0:
            if count > 1:
                canvas.showPage()
            _page_header(pen, (count - 1) // PER_PAGE + 1, printed_by, printed_at)
        row, col = divmod(slot, COLUMNS)
        x = MARGIN + col * (CELL_W + GAP)
        y = PAGE_H - MARGIN - HEADER - (row + 1) * CELL_H - row * GAP
        draw_sticker(pen, x, y, sticker)
        if count % 100 == 0:
            on_progress(count)
    if count == 0:
        _page_header(pen, 1, printed_by, printed_at)
        pen.centred(PAGE_W / 2, PAGE_H / 2, _("没有符合条件的注册合格申请。"), 12)
    canvas.showPage()
    canvas.save()
    on_progress(count)
    return count


def _signature(who: str, at: datetime.datetime) -> dict[str, str]:
    return {"who": who, "when": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")}


def _page_header(pen: Pen, page: int, printed_by: str, printed_at: datetime.datetime) -> None:
    c = pen.canvas
    c.setFillGray(0.35)
    top = PAGE_H - MARGIN - 9
    pen.text(MARGIN, top, _("注册结论贴 · 沿虚线裁开，加盖注册机构印章后贴于证书注册栏"), 7.5)
    right = _("第 %(page)s 页 · 打印人：%(who)s · %(when)s") % {"page": page, **_signature(printed_by, printed_at)}
    pen.text(PAGE_W - MARGIN - fonts.width(right, 7.5), top, right, 7.5)
    c.setFillGray(0)


def draw_sticker(pen: Pen, x: float, y: float, sticker: Sticker) -> None:
    """One sticker in the box whose bottom-left corner is (x, y)."""
    c = pen.canvas
    c.saveState()
    c.setDash(3, 2)
    c.setStrokeGray(0.55)
    c.setLineWidth(0.5)
    c.rect(x, y, CELL_W, CELL_H)  # the cutting line
    c.restoreState()

    inner_x, inner_w = x + PAD, CELL_W - 2 * PAD
    top = y + CELL_H - TOP_PAD
    pen.centred(x + CELL_W / 2, top - 12.5, _("教师资格定期注册"), 12.5)
    c.setLineWidth(0.6)
    c.line(inner_x, top - 18, inner_x + inner_w, top - 18)

    line = LINE
    size = 9.5
    label_w = 19 * mm
    rows = [
        (_("姓　　名"), sticker.name),
        (_("证书号码"), sticker.certificate_number),
        (_("注册结论"), _("合格") + (_("（第 %(n)s 次注册）") % {"n": sticker.ordinal} if sticker.ordinal else "")),
        (_("有 效 期"), _("%(start)s 至 %(end)s") % _validity(sticker)),
        (_("注册机构"), sticker.agency),
        (_("注册日期"), chinese_date(sticker.decided_on)),
    ]
    baseline = top - 18 - line
    seal_room = 2 * SEAL + 2 * mm
    for number, (label, value) in enumerate(rows):
        pen.text(inner_x, baseline, label + _("："), size)
        # The seal sits at the bottom right, below the validity: the agency and the date
        # leave room for it, the rows above run the full width.
        width = inner_w - label_w - (seal_room if number >= len(rows) - 2 else 0)
        pen.fit(inner_x + label_w - 3, baseline - 4.5, width, line, value, size=size)
        baseline -= line

    cx, cy = x + CELL_W - PAD - SEAL, y + 2 * mm + SEAL
    c.saveState()
    c.setDash(2, 2)
    c.setStrokeGray(0.6)
    c.circle(cx, cy, SEAL)
    c.setFillGray(0.55)
    pen.centred(cx, cy + 1, _("注册机构"), 6.5)
    pen.centred(cx, cy - 7, _("盖章"), 6.5)
    c.restoreState()


def _validity(sticker: Sticker) -> dict[str, str]:
    return {"start": chinese_date(sticker.valid_from), "end": chinese_date(sticker.valid_until)}
