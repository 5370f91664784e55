"""What the pages say about SMS verification codes (P12, P20): one catalogue, stable codes.

Kept beside the code that returns them until the lead merges them into
``teacherreg.common.messages``; the codes are part of the API (``IssueResult.error_code``,
``CheckResult.error_code``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

CODE_MESSAGES: dict[str, Any] = {
    # issue_code
    "sent": _("验证码已发送至%(phone)s，%(minutes)s分钟内有效。"),
    "phone_invalid": _("请输入正确的11位手机号码。"),
    "cooldown": _("获取验证码过于频繁，请%(seconds)s秒后再试。"),
    "phone_hourly_limit": _("该手机号码获取验证码的次数已达每小时上限，请%(minutes)s分钟后再试。"),
    "phone_daily_limit": _("该手机号码今天获取验证码的次数已达上限，请明天再试。"),
    "session_limit": _("本次访问获取验证码的次数已达上限，请稍后再试。"),
    "daily_budget": _("短信服务暂时繁忙，请稍后再试。"),
    # check_code
    "verified": _("验证码正确。"),
    "code_format": _("请输入短信中的6位数字验证码。"),
    "code_wrong": _("验证码不正确，还可以再输入%(left)s次。"),
    "too_many_attempts": _("验证码输错次数过多，已经失效，请重新获取。"),
    "code_expired": _("验证码已过期，请重新获取。"),
    "code_missing": _("验证码无效，请重新获取。"),
}


def code_message(code: str, **params: Any) -> str:
    text = str(CODE_MESSAGES[code])
    return text % params if params else text
