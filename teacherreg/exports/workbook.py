"""The applications export as an xlsx file (issue 6 item 7; P23).

xlsxwriter in ``constant_memory`` mode writes each row to disk as it goes, so a province's
hundred thousand cases need no more memory than one. Every value is written as a *string* cell
(``write_string``): registration and certificate numbers keep their leading zeros and never turn
into 2.02637E+14, and nothing a user typed is ever read as a formula (``cells.neutralise`` adds
the apostrophe of security.md §4.2 on top). Dates are real dates, so the sheet sorts by them.

P23: ID numbers and phones are masked with the one ``mask`` function, unless the province
administrator asked for a full export with a reason. Either way the exporter's name and the
time are written into the file's properties and into a footer row under the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from teacherreg.accounts.models import DocumentType
from teacherreg.common.masking import mask
from teacherreg.exports.cells import neutralise
from teacherreg.registration.models import Application
from teacherreg.registration.presentation import choice_label
from teacherreg.registration.workflow import applicant_view

# Everything a row reads, fetched with the case in one query.
ROW_RELATED = ("certificate", "current_stage", "current_subject", "agency", "confirmation_point")
DATE_FORMAT = "yyyy-mm-dd hh:mm"
# The job row hears about progress every so many rows: a few hundred small updates for a
# province's cases, not one per case.
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class Column:
    title: str
    width: float


def columns() -> list[Column]:
    return [
        Column(_("注册报名号"), 18),
        Column(_("注册年度"), 9),
        Column(_("姓名"), 12),
        Column(_("证件类型"), 14),
        Column(_("证件号码"), 22),
        Column(_("手机号码"), 15),
        Column(_("证书号码"), 20),
        Column(_("现任教学段"), 10),
        Column(_("现任教学科"), 12),
        Column(_("现任教学校"), 28),
        Column(_("注册机构"), 24),
        Column(_("确认点"), 24),
        Column(_("注册结论（申请人看到的状态）"), 22),
        Column(_("提交时间"), 17),
        Column(_("状态变更时间"), 17),
    ]


@dataclass(frozen=True)
class Signature:
    """Who exported and when: file properties and the footer row (P23)."""

    exporter: str  # "name（login name）"
    at: datetime.datetime  # aware
    full: bool
    reason: str
    reference: str  # the job's public id


def status_shown(status: str) -> str:
    """注册结论 as the applicant's list shows it: 待注册审批（初审中）, 注册合格 …"""
    view = applicant_view(status)
    return f"{view.label}（{view.detail}）" if view.detail else view.label


def application_row(app: Application, *, full: bool) -> list[Any]:
    """One case as the sheet's values: text for every identifier, aware datetimes for times."""
    document = app.document_number if full else mask("document_number", app.document_number)
    phone = app.phone if full else mask("phone", app.phone)
    return [
        app.number,
        str(app.registration_year),
        app.name,
        choice_label(DocumentType, app.document_type),
        document,
        phone,
        app.certificate.number_as_printed,
        app.current_stage.name,
        app.current_subject.name if app.current_subject else "",
        app.current_school,
        app.agency.name,
        app.confirmation_point.name,
        status_shown(app.status),
        app.submitted_at,
        app.status_changed_at,
    ]


def footer_lines(signature: Signature, count: int) -> list[str]:
    when = timezone.localtime(signature.at).strftime("%Y-%m-%d %H:%M")
    lines = [
        _("导出人：%(who)s；导出时间：%(when)s；共 %(count)s 条；导出编号：%(ref)s。")
        % {"who": signature.exporter, "when": when, "count": count, "ref": signature.reference}
    ]
    if signature.full:
        lines.append(
            _("完整导出：本文件含未打码的证件号码和手机号码。导出原因：%(reason)s。请按规定保管，用完即删。")
            % {"reason": signature.reason}
        )
    else:
        lines.append(_("证件号码和手机号码已按规定打码显示。"))
    return lines


def write_applications(
    path: Path,
    cases: Iterable[Application],
    *,
    signature: Signature,
    full: bool,
    on_progress: Callable[[int], None] = lambda done: None,
    tmpdir: str | None = None,
) -> int:
    """Write ``cases`` to a new xlsx file at ``path``; returns the number of rows written.

    ``on_progress`` is called with the running count every few hundred rows and at the end.
    """
    options: dict[str, Any] = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    if tmpdir:
        options["tmpdir"] = tmpdir
    workbook = xlsxwriter.Workbook(str(path), options)
    _set_properties(workbook, signature)
    head = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
    text = workbook.add_format({"num_format": "@"})
    when = workbook.add_format({"num_format": DATE_FORMAT})
    note = workbook.add_format({"italic": True, "font_color": "#444444"})
    sheet = workbook.add_worksheet(_("定期注册申请"))
    cols = columns()
    for index, column in enumerate(cols):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    _write_row(sheet, 0, [c.title for c in cols], head, head)
    count = 0
    for count, app in enumerate(cases, start=1):
        _write_row(sheet, count, application_row(app, full=full), text, when)
        if count % PROGRESS_EVERY == 0:
            on_progress(count)
    footer_at = count + 2  # one empty row between the data and the signature
    for offset, line in enumerate(footer_lines(signature, count)):
        sheet.write_string(footer_at + offset, 0, neutralise(line), note)
    workbook.close()
    on_progress(count)
    return count


def _write_row(sheet: Any, row: int, values: Sequence[Any], text: Any, when: Any) -> None:
    for col, value in enumerate(values):
        if isinstance(value, datetime.datetime):
            # Excel has no time zones: the local (Asia/Shanghai) wall-clock time, as staff read it.
            sheet.write_datetime(row, col, timezone.localtime(value).replace(tzinfo=None), when)
        elif value in (None, ""):
            sheet.write_blank(row, col, None, text)
        else:
            sheet.write_string(row, col, neutralise(value), text)


def _set_properties(workbook: Any, signature: Signature) -> None:
    kind = _("完整导出（未打码）") if signature.full else _("打码导出")
    workbook.set_properties(
        {
            "title": _("定期注册申请导出"),
            "subject": kind,
            "author": signature.exporter,
            "manager": signature.exporter,
            "company": _("中小学教师资格定期注册系统"),
            "comments": " ".join(footer_lines(signature, 0)[1:]),
            # Stored as UTC in the file, as the format wants.
            "created": signature.at.astimezone(datetime.UTC).replace(tzinfo=None),
        }
    )
    workbook.set_custom_property(_("导出人"), signature.exporter)
    workbook.set_custom_property(_("导出编号"), signature.reference)
    workbook.set_custom_property(_("完整导出"), signature.full)
