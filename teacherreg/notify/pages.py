"""Sending and checking P12 SMS codes from web pages: the words a page shows for each result."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from teacherreg.common.masking import mask


def send_code(request: HttpRequest, *, phone: str, purpose: str, user=None) -> tuple[bool, str]:
    """(sent, message for the page). The message never reveals more than the masked number."""
    from teacherreg.notify.codes import issue_code

    if not request.session.session_key:
        request.session.save()
    result = issue_code(phone=phone, purpose=purpose, session_key=request.session.session_key or "", user=user)
    if result.ok:
        return True, _("验证码已发送至 %(phone)s，5 分钟内有效。") % {"phone": mask("phone", phone)}
    return False, result.message or _("验证码发送失败，请稍后再试。")


def check(phone: str, purpose: str, code: str) -> tuple[bool, str]:
    from teacherreg.notify.codes import check_code

    result = check_code(phone=phone, purpose=purpose, code=code)
    if result.ok:
        return True, ""
    # The notify catalogue's message already says how many entries remain.
    return False, result.message or _("短信验证码不正确或已失效。")
