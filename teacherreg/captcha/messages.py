"""Everything the captcha says to a person, by stable code (the form, the JSON API, the widget)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # CaptchaFormMixin (non-field errors)
    "missing": _("请先完成图形验证。"),
    "invalid": _("图形验证已过期，请重新验证。"),
    "unavailable": _("图形验证暂时无法使用，请稍后再试。"),
    # The JSON API, shown in the widget's status line
    "passed": _("验证通过"),
    "wrong_position": _("没有对准缺口，已换一张图片，请再试一次。"),
    "synthetic": _("拖动过快或不连贯，已换一张图片，请按住滑块平稳拖到缺口处。"),
    "wrong_digits": _("数字不正确，已换一组新的数字，请再试一次。"),
    "expired": _("图片已过期，已换一张新的，请重新验证。"),
    "rate_limited": _("获取验证图片过于频繁，请 %(minutes)s 分钟后再试。"),
    "bad_request": _("请求无效，请刷新页面后重试。"),
}


def message(code: str, **params: object) -> str:
    text = str(MESSAGES[code])
    return text % params if params else text
