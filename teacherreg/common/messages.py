"""The message catalogue (P20): every message a rule can show, in one place.

Where the official system has a message for the same case (domain.md §1.8, §3.2, §5.3,
§9) ours uses the same official terms (证书号码, 网报时间, 注册机构 …) so applicants and
staff recognise it, in this project's own sentences. Codes are stable: tests, logs and
the API refer to them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    # Workflow (registration.services.transitions)
    "transition_unknown": _("不存在名为“%(name)s”的操作。"),
    "transition_not_from_status": _("当前状态为“%(status)s”，不能执行“%(name)s”。"),
    "transition_role_not_allowed": _("您的角色不能对该申请执行“%(name)s”。"),
    "transition_note_required": _("执行“%(name)s”需要填写说明或留言。"),
    "stale_version": _("该申请已被他人更新，请刷新页面后再操作，您填写的内容已保留。"),
    # Guards
    "outside_confirmation_dates": _("当前不在确认点的确认时间内（%(start)s 至 %(end)s）。"),
    "confirmation_dates_not_over": _("确认点的确认时间尚未结束（截止 %(end)s）。"),
    "window_closed": _("当前不在网报时间内。"),
    "province_has_city_review": _("本省设有复核环节，初审通过后应提交复核。"),
    "province_skips_city_review": _("本省不设复核环节，初审通过后直接提交终审。"),
    "notice_not_over": _("公示期尚未结束（截止 %(end)s）。"),
    "notice_conclusion_mismatch": _("该操作与公示的注册结论不一致。"),
}


def message_for(code: str, **params: Any) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    return text % params if params else text
