"""django-axes glue: lock an account after 5 failures in 15 minutes (issue 3 item 4).

Axes keys attempts by "username". For applicants that is the document number, which must
not be stored in clear: the key is the blind index instead (the same one the account uses).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.common.fields import index_for

LOCKED_MESSAGE = "登录失败次数过多，该账号已暂时锁定。请 15 分钟后再试，或通过“找回密码”重置密码。"


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    number = credentials.get("document_number")
    if number:
        return "doc:" + index_for("document_number", str(number))
    username = credentials.get("username")
    if username is None and request is not None and hasattr(request, "POST"):
        username = request.POST.get("username")
    return f"staff:{username}" if username else ""


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: Any = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    return render(request, "accounts/locked_out.html", {"message": LOCKED_MESSAGE}, status=429)
