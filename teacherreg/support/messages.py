"""The support app's messages, in one place as the catalogue (P20) keeps the others.

They live here rather than in ``common.messages`` so this app can be added or removed in one
piece; the codes follow the same pattern (``support_…``) and are stable for tests and logs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from teacherreg.common.errors import DomainError

MESSAGES: dict[str, Any] = {
    "support_too_many_from_address": _("从您所在的网络提交的咨询过多，请 %(minutes)s 分钟后再试，或拨打咨询电话。"),
    "support_too_many_from_account": _(
        "您今天已经提交了 %(count)s 条咨询，请等待工作人员回复，或在“我的咨询”中补充说明。"
    ),
    "support_too_many_replies": _("补充说明过于频繁，请 %(minutes)s 分钟后再试。"),
    "support_closed": _("这条咨询已经关闭，不能再补充说明。如有新的问题，请重新提交咨询。"),
    "support_already_closed": _("这条咨询已经关闭。"),
    "support_not_closed": _("这条咨询没有关闭，无需重新打开。"),
    "support_reply_empty": _("请填写回复内容。"),
    "support_sent": _("您的咨询已提交，咨询编号 %(number)s。"),
    "support_reply_sent": _("回复已发送，已通知申请人。"),
    "support_follow_up_sent": _("补充说明已提交，工作人员会在这条咨询下回复您。"),
    "support_ticket_closed": _("咨询 %(number)s 已关闭。"),
    "support_ticket_reopened": _("咨询 %(number)s 已重新打开。"),
    "support_screenshot_not_image": _("截图不是 JPG 或 PNG 格式的图片。请上传截图原文件；只改文件扩展名不能改变格式。"),
    "support_too_many_screenshots": _("最多上传 %(max)s 张截图，请删去多余的。"),
}


def support_message(code: str, **params: Any) -> str:
    text = str(MESSAGES[code])
    return text % params if params else text


class SupportError(DomainError):
    """A refusal of this app: the code names an entry of :data:`MESSAGES`."""

    @property
    def message(self) -> str:
        return support_message(self.code, **self.params)
