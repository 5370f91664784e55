"""An application's fields as labelled sections, for the applicant's 详情 and the desk's case page.

Both pages show the step-2 and step-3 answers the same way; each adds its own sections for what
differs (the applicant sees their personal data masked, the operator in full). Values come back
as display strings: dates as the manual writes them, times in Asia/Shanghai, a dash for nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teacherreg.registration.models import Application

Section = tuple[str, list[tuple[str, Any]]]


def stage_and_subject(application: Application) -> str:
    """``初级中学 / 数学``, as the work lists show what a case teaches."""
    stage, subject = application.current_stage, application.current_subject
    return f"{stage or ''}" + (f" / {subject}" if subject else "")


def shown(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if value is None or value == "":
        return "—"
    return str(value)


def choice_label(choices: Any, value: str) -> str:
    """The label of a ``TextChoices`` value; an unknown value as it is."""
    return str(choices(value).label) if value in choices.values else value


def as_shown(sections: list[Section]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(title, [(label, shown(value)) for label, value in fields]) for title, fields in sections]


def answer_sections(app: Application) -> list[Section]:
    """学历和普通话, 任教情况 and 注册机构和确认点: the answers of steps 2 and 3."""
    return [
        (
            _("学历和普通话"),
            [
                (_("普通话水平"), app.mandarin_grade),
                (_("最高学历"), app.education_level),
                (_("最高学历专业类别"), app.major_category),
                (_("最高学位"), app.degree),
                (_("所学专业"), app.major),
                (_("毕业学校"), app.graduation_school_name or app.graduation_school),
                (_("毕业时间"), app.graduated_on),
                (_("学习形式"), app.study_form),
            ],
        ),
        (
            _("任教情况"),
            [
                (_("现任教学校"), app.current_school),
                (_("任教学校性质"), app.school_nature),
                (_("任教学校所在地"), app.school_location),
                (_("开始参加工作时间"), app.started_work_on),
                (_("本单位聘用起始日期"), app.employed_since),
                (_("教师职务"), app.teacher_title),
                (_("岗位性质"), app.post_nature),
                (_("现任教学段"), app.current_stage),
                (_("现任教学科"), app.current_subject),
            ],
        ),
        (
            _("注册机构和确认点"),
            [
                (_("注册机构"), app.agency.name),
                (_("确认点"), app.confirmation_point.name),
                (
                    pgettext("period", "确认时间"),
                    f"{app.arrangement.confirm_from:%Y-%m-%d} — {app.arrangement.confirm_until:%Y-%m-%d}",
                ),
            ],
        ),
    ]
