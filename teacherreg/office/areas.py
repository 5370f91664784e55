"""The areas of the office and who may open each (the landing page lists those a member may use).

Each entry names the URL of the area's first page and the roles its views admit, taken from the
area's own module so the list and the guards cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffRole as R
from teacherreg.announcements.reach import EDITOR_ROLES as ANNOUNCEMENT_ROLES
from teacherreg.exports.filters import APPLICATION_ROLES
from teacherreg.faq.services import EDITOR_ROLES as FAQ_ROLES
from teacherreg.office.plan_access import SETUP_ROLES
from teacherreg.office.queues import ALL_QUEUE_ROLES, CONTACT_DECIDERS
from teacherreg.office.scope import Scope
from teacherreg.office.staff_reach import MANAGER_ROLES
from teacherreg.office.views.entry import ENTRY_ROLES
from teacherreg.office.views.import_access import IMPORT_ROLES
from teacherreg.office.views.review_common import REVIEWER_ROLES
from teacherreg.office.views.statistics import ROLES as STATISTICS_ROLES
from teacherreg.support.reach import SUPPORT_ROLES


@dataclass(frozen=True)
class Area:
    url_name: str
    label: Promise
    text: Promise
    roles: frozenset[str]


AREAS: tuple[Area, ...] = (
    Area(
        "office:desk_queue",
        _("现场确认"),
        _("本确认点的网报申请：查找、核对材料、确认或退回，打印确认名单。"),
        frozenset({R.CONFIRMATION_OPERATOR}),
    ),
    Area(
        "office:review_queue",
        _("注册审核"),
        _("初审、公示、复核和终审：给出注册结论，撤销结论或撤销注册。"),
        frozenset(REVIEWER_ROLES),
    ),
    Area(
        "office:entry_start",
        _("后台采集"),
        _("为不能在网上申报的教师代为录入定期注册申请，标明由工作人员录入。"),
        frozenset(ENTRY_ROLES),
    ),
    Area(
        "office:queue_index",
        _("审核队列"),
        _("人工实名审核、手动添加的证书、普通话和学历记录、新增学校、联系方式修改。"),
        frozenset(ALL_QUEUE_ROLES | CONTACT_DECIDERS),
    ),
    Area(
        "office:plans",
        _("注册计划与网报"),
        _("省级注册计划、本机构的网报批次、网报时间和确认点安排。"),
        frozenset(SETUP_ROLES),
    ),
    Area(
        "office:staff_list",
        _("工作人员管理"),
        _("邀请工作人员，停用或启用账号，授予或撤销角色。"),
        frozenset(MANAGER_ROLES),
    ),
    Area(
        "office:imports",
        _("数据导入"),
        _("导入考核、培训、证书、注册历史等数据：先试导入查看逐行报告，再正式导入。"),
        frozenset(IMPORT_ROLES),
    ),
    Area(
        "office:exports",
        _("数据导出"),
        _("把管辖范围内的申请导出为 Excel 文件，打印注册结论贴。"),
        frozenset(APPLICATION_ROLES),
    ),
    Area(
        "office:statistics",
        _("统计"),
        _("按状态、日期、学段学科和预检提示统计申请，以及办理时长。"),
        frozenset(STATISTICS_ROLES),
    ),
    Area(
        "office:announcements",
        _("通知公告"),
        _("发布、修改和撤下在首页和网上办事页显示的全国或本省公告。"),
        frozenset(ANNOUNCEMENT_ROLES),
    ),
    Area("office:faq_list", _("常见问题"), _("编写、修改、发布或撤下咨询服务中的常见问题。"), frozenset(FAQ_ROLES)),
    Area(
        "office:support_queue",
        _("咨询工单"),
        _("回复申请人通过咨询服务提交的问题，关闭或重新打开咨询。"),
        frozenset(SUPPORT_ROLES),
    ),
)


def areas_for(scope: Scope) -> list[Area]:
    return [area for area in AREAS if scope.has_role(*area.roles)]
