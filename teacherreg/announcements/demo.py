"""Demo announcements (P24: called only from the demo loader): one national, one for 山东.

Dates move with the load date so they always show; the rows are found again by title, so
loading twice changes them rather than adding more. Written for this demo, not copied.
"""

from __future__ import annotations

import datetime

from teacherreg.announcements.models import Announcement
from teacherreg.organisations.models import Organisation

NATIONAL_TITLE = "关于本年度中小学教师资格定期注册网上报名的提示"
NATIONAL_BODY = (
    "本年度定期注册的网上报名时间由各省级教育行政部门和注册机构安排，各地不同。"
    "报名前，请先在“网上报名时间查询”中查看本地注册机构的网报时间。\n\n"
    "网上报名共七个步骤，每一步填写的内容都会保存，中途离开可以下次接着办。"
    "看到报名号，才表示报名已经提交。\n\n"
    "提交后，请下载打印申请表，在确认时间内带齐材料到确认点现场确认。"
)
SHANDONG_TITLE = "山东省本年度定期注册现场确认安排"
SHANDONG_BODY = (
    "本省各确认点的现场确认时间和地点，已在“网上报名时间查询”中公布，请按所选确认点的安排前往。\n\n"
    "现场确认时请携带：申请表两份、教师资格证书原件、聘用合同，以及本省要求的师德考核、年度考核和培训学时证明。"
)


def build_demo_announcements(shandong: Organisation, today: datetime.date) -> list[Announcement]:
    """The two demo announcements, published, shown from a week ago for two months."""
    rows = [
        (NATIONAL_TITLE, NATIONAL_BODY, None, True),
        (SHANDONG_TITLE, SHANDONG_BODY, shandong, False),
    ]
    made = []
    for title, body, province, pinned in rows:
        announcement, _ = Announcement.objects.update_or_create(
            title=title,
            defaults={
                "body": body,
                "province": province,
                "starts_on": today - datetime.timedelta(days=7),
                "ends_on": today + datetime.timedelta(days=60),
                "is_pinned": pinned,
                "is_published": True,
            },
        )
        made.append(announcement)
    return made
